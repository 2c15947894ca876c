import Foundation
import XCTest

/// The bad-input catalogue (testdata/bad/cases.tsv, docs/errors.md): every malformed or
/// hostile input gives its exact first error line (warnings about repaired inputs may come
/// before it) and exit code, never a crash, and leaves nothing in the output folder.
final class BadInputTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let bad = Commands.root.appendingPathComponent("testdata/bad").path
    static let data = Commands.root.appendingPathComponent("testdata").path

    /// Inputs too large or too machine-specific to commit, made for the run.
    func makeGeneratedInputs(in work: String) throws {
        try FileManager.default.copyItem(atPath: Self.bad + "/reference-1.fa", toPath: work + "/reference-1.fa")
        let header = "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
            + "##INFO=<ID=NOTE,Number=1,Type=String,Description=\"Note\">\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
        try (header + "1\t1000\t.\tA\tG\t50\tPASS\tDP=10;NOTE=" + String(repeating: "x", count: 10_000_000) + "\tGT\t0/1\n")
            .write(toFile: work + "/huge-info.vcf", atomically: true, encoding: .utf8)
        // A clone gives every file the checkout time: the stale index is made stale here.
        for name in ["stale-index.vcf.gz", "stale-index.vcf.gz.tbi"] {
            try FileManager.default.copyItem(atPath: Self.bad + "/" + name, toPath: work + "/" + name)
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)],
                                              ofItemAtPath: work + "/stale-index.vcf.gz.tbi")
        try "##fileformat=VCFv4.2\n##contig=<ID=17,length=83257441>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n17\t7674220\t.\tTTTT\tA\t.\t.\t.\n"
            .write(toFile: work + "/wrong-ref.vcf", atomically: true, encoding: .utf8)
        try ("##fileformat=VCFv4.2\n##contig=<ID=13,length=114364328>\n##contig=<ID=17,length=83257441>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
            + "13\t32315474\t.\tG\tA\t.\t.\t.\n").write(toFile: work + "/contig-not-in-reference.vcf", atomically: true, encoding: .utf8)
    }

    func testEveryBadInputGivesItsErrorAndNoOutput() throws {
        let work = try Commands.temporaryDirectory()
        try makeGeneratedInputs(in: work)
        let lines = try String(contentsOfFile: Self.bad + "/cases.tsv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        var failing = 0
        for line in lines {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let (name, code) = (cells[0], Int32(cells[1])!)
            let output = try Commands.temporaryDirectory()
            func substitute(_ text: String) -> String {
                text.replacingOccurrences(of: "{bad}", with: Self.bad).replacingOccurrences(of: "{data}", with: Self.data)
                    .replacingOccurrences(of: "{out}", with: output).replacingOccurrences(of: "{work}", with: work)
            }
            let result = try Commands.run(Commands.criba, cells[3...].map(substitute))
            let stderr = result.error.split(separator: "\n").map(String.init)
            let errors = stderr.filter { !$0.contains(": warning: ") }
            let first = errors.first ?? stderr.first ?? ""
            XCTAssertEqual(result.status, code, "\(name): \(result.error)")
            XCTAssertEqual(first, substitute(cells[2]), "\(name): the first error line")
            XCTAssertFalse(result.error.contains("Fatal error") || result.status >= 128, "\(name) crashed: \(result.error)")
            if code != 0 {
                failing += 1
                // Each problem is one line (criba run lists every problem, then a count); a filter
                // expression is followed by itself and a caret under the place.
                XCTAssertTrue(errors.allSatisfy { ($0.hasPrefix("criba ") && $0.contains(" error: ")) || $0.hasPrefix("  ") },
                              "\(name): error lines only, got \(result.error)")
                let left = try FileManager.default.contentsOfDirectory(atPath: output)
                XCTAssertEqual(left, [], "\(name): partial output left: \(left)")
            }
        }
        XCTAssertGreaterThanOrEqual(failing, 40, "the catalogue holds at least 40 failing inputs")
    }
}
