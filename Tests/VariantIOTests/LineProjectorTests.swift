import XCTest
@testable import VariantIO
import CHTSlib

final class LineProjectorTests: XCTestCase {
    private func project(_ text: String, _ projector: LineProjector) -> String {
        var bytes = Array(text.utf8CString)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            let line = kstring_t(l: text.utf8.count, m: buffer.count, s: buffer.baseAddress)
            let projected = projector.project(line)
            return String(cString: projected.s)
        }
    }

    func testKeepsOnlySelectedFieldsInOrder() throws {
        let projector = try XCTUnwrap(LineProjector(FieldSelection(info: false, formatTags: ["GT", "DP"])))
        XCTAssertEqual(project("1\t5\trs1\tA\tG\t30\tPASS\tAC=1;AF=0.5\tGT:AD:DP:GQ\t0/1:3,4:7:99\t./.\t1|1:0,9", projector),
                       "1\t5\trs1\tA\tG\t30\tPASS\t.\tGT:DP\t0/1:7\t./.\t1|1")
        // INFO/END sets the record's span: INFO is kept whole when it has END.
        XCTAssertEqual(project("1\t5\t.\tA\t<DEL>\t.\t.\tSVTYPE=DEL;END=900\tGT:AD\t0/1:1,2", projector),
                       "1\t5\t.\tA\t<DEL>\t.\t.\tSVTYPE=DEL;END=900\tGT\t0/1")
        XCTAssertEqual(project("1\t5\t.\tA\tG\t.\t.\tXEND=3\tGT\t0/1", projector), "1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1")
        // A FORMAT without any selected key keeps its first key, so columns stay valid;
        // the cache of kept keys follows the FORMAT column from line to line.
        XCTAssertEqual(project("1\t5\t.\tA\tG\t.\t.\t.\tAD:GQ\t1,2:5", projector), "1\t5\t.\tA\tG\t.\t.\t.\tAD\t1,2")
        XCTAssertEqual(project("1\t6\t.\tA\tG\t.\t.\t.\tDP:GT\t8:1/1", projector), "1\t6\t.\tA\tG\t.\t.\t.\tDP:GT\t8:1/1")
        // Sites-only lines and malformed short lines pass through (htslib reports the latter).
        XCTAssertEqual(project("1\t5\t.\tA\tG\t.\t.\tDP=3", projector), "1\t5\t.\tA\tG\t.\t.\t.")
        XCTAssertEqual(project("1\t5\t.\tA", projector), "1\t5\t.\tA")
    }

    func testInfoOnlyProjectionKeepsEveryFormatKey() throws {
        let projector = try XCTUnwrap(LineProjector(FieldSelection(info: false, formatTags: nil)))
        XCTAssertEqual(project("1\t5\t.\tA\tG\t.\t.\tDP=3\tGT:DP\t0/1:3", projector), "1\t5\t.\tA\tG\t.\t.\t.\tGT:DP\t0/1:3")
        XCTAssertNil(LineProjector(.all))
    }
}
