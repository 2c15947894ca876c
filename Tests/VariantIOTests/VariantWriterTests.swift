import XCTest
import VariantIO
import VariantModel

final class VariantWriterTests: XCTestCase {
    private let body = "chr1\t100\t.\tA\tG\t50\tPASS\tDP=1\tGT:DP\t0/1:3\t0/0:4\t0/0:5\nchr1\t200\t.\tC\tT\t50\tPASS\tDP=2\tGT:DP\t1/1:3\t0/1:4\t./.:.\nchr2\t7\t.\tG\tGA\t9\tLowQual\tDP=3\tGT:DP\t0/1:3\t0/0:4\t0/1:5\n"

    private func lines(_ path: String) throws -> [String] {
        let reader = try VariantReader(path: path)
        let record = VariantRecord()
        var lines: [String] = []
        while try reader.read(into: record) { lines.append(record.vcfLine) }
        return lines
    }

    func testRoundTripsEveryFormatLosslessly() throws {
        let input = try temporaryFile(trioHeader + body)
        let original = try lines(input)
        XCTAssertEqual(original.count, 3)
        let directory = (input as NSString).deletingLastPathComponent
        for format in [VariantFileFormat.vcf, .vcfBGZF, .bcf, .bcfUncompressed] {
            let output = "\(directory)/out.\(format.rawValue)"
            try convert(input, to: output, format: format)
            XCTAssertEqual(try VariantReader(path: output).format, format)
            XCTAssertEqual(try lines(output), original, "format \(format)")
        }
    }

    func testWritesAnIndexThatAnswersRegionQueries() throws {
        let input = try temporaryFile(trioHeader + body)
        let directory = (input as NSString).deletingLastPathComponent
        for (format, suffix) in [(VariantFileFormat.bcf, ".csi"), (.vcfBGZF, ".tbi")] {
            let output = "\(directory)/indexed.\(format.rawValue)"
            try convert(input, to: output, format: format, index: true)
            XCTAssertTrue(FileManager.default.fileExists(atPath: output + suffix))
            let reader = try VariantReader(path: output)
            try reader.setRegions([GenomicRegion(contig: "chr1", start: 150, end: 250)])
            let record = VariantRecord()
            var positions: [Int] = []
            while try reader.read(into: record) { positions.append(record.position) }
            XCTAssertEqual(positions, [200])
            XCTAssertThrowsError(try reader.setRegions([GenomicRegion(contig: "chrZ")])) { error in
                XCTAssertEqual((error as! VariantIOError).kind, .unknownContig)
            }
        }
    }

    func testNothingAppearsAtTheOutputPathUntilFinish() throws {
        let input = try temporaryFile(trioHeader + body)
        let output = (input as NSString).deletingLastPathComponent + "/partial.bcf"
        do {
            let reader = try VariantReader(path: input)
            let writer = try VariantWriter(path: output, format: .bcf, header: reader.header)
            try writer.writeHeader()
            let record = VariantRecord()
            _ = try reader.read(into: record)
            try writer.write(record)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output))
            // The writer is dropped without finish(): its temporary file is removed.
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (input as NSString).deletingLastPathComponent).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testOutputInAMissingDirectoryIsAnError() throws {
        let input = try temporaryFile(trioHeader + body)
        let reader = try VariantReader(path: input)
        XCTAssertThrowsError(try VariantWriter(path: "/nonexistent-dir/out.vcf", format: .vcf, header: reader.header)) { error in
            XCTAssertEqual(String(describing: error), "/nonexistent-dir/out.vcf: the output directory /nonexistent-dir does not exist")
        }
    }

    func testSampleSubsetRecomputesAlleleCounts() throws {
        let input = try temporaryFile(trioHeader + body)
        let reader = try VariantReader(path: input)
        let subset = try SampleSubset(header: reader.header, selection: SampleSelection(list: "MOM,KID"), updatesAlleleCounts: true, path: input)
        XCTAssertEqual(subset.outputHeader.samples, ["MOM", "KID"])
        XCTAssertNotNil(subset.outputHeader.info("AC"))
        let record = VariantRecord()
        _ = try reader.read(into: record)
        _ = try reader.read(into: record)
        try subset.apply(to: record)
        XCTAssertTrue(record.vcfLine.hasSuffix("DP=2;AC=2;AN=2\tGT:DP\t./.:.\t1/1:3"), record.vcfLine)
        XCTAssertThrowsError(try SampleSubset(header: reader.header, selection: SampleSelection(list: "NOBODY"), updatesAlleleCounts: true, path: input)) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .unknownSample)
        }
    }
}
