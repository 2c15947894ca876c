import Foundation
import XCTest

/// The regression check on reference genomes (testdata/regression): a fresh `criba run` of
/// the GIAB Ashkenazi trio (GRCh37 chr1–2; rare disease and hereditary cancer) and Platinum
/// NA12878 (GRCh38 chr21, annotated from the bundled window) equals the reviewed goldens,
/// and an edited golden fails with a readable diff.
final class RegressionTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let directory = Commands.root.appendingPathComponent("testdata/regression").path

    func testReferenceGenomesMatchTheGoldensAndAnEditedGoldenFailsWithADiff() throws {
        let work = try Commands.temporaryDirectory()
        let arguments = ["regression", "--config", Self.directory + "/grch37.toml", "--manifest", Self.directory + "/manifest.tsv"]
        let fresh = try Commands.run(Commands.criba, arguments + ["--golden", Self.directory + "/golden", "-o", work + "/run"])
        XCTAssertEqual(fresh.status, 0, fresh.text + fresh.error)
        XCTAssertEqual(fresh.text.split(separator: "\n").filter { $0.hasSuffix("\tsame as the golden") }.count, 3, fresh.text)

        // Edit one golden line (the top gene of the trio): the same run now fails, and the
        // diff shows the golden line and the line the run produced.
        let edited = work + "/golden"
        try FileManager.default.copyItem(atPath: Self.directory + "/golden", toPath: edited)
        let path = edited + "/giab-trio-rare-disease.digest.txt"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("rank\t1\t") })
        let original = lines[index]
        lines[index] = original.replacingOccurrences(of: "\t1\t", with: "\t1\tNOTAGENE")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let failed = try Commands.run(Commands.criba, arguments + ["--golden", edited, "-o", work + "/run2"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.text.contains("giab-trio-rare-disease\tDIFFERS from the golden:"), failed.text)
        XCTAssertTrue(failed.text.contains("\n- " + lines[index] + "\n"), failed.text)
        XCTAssertTrue(failed.text.contains("\n+ " + original + "\n"), failed.text)
        XCTAssertTrue(failed.text.contains("platinum-na12878-chr21\tsame as the golden"), failed.text)
        XCTAssertEqual(failed.error, "criba regression: error: 1 of 3 case(s) differ from the goldens: giab-trio-rare-disease (docs/regression.md)\n")
    }
}
