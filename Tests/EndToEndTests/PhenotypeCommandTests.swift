import Foundation
import XCTest

/// `criba hpo rank` and `criba hpo benchmark` on the hand-made mini HPO in testdata/hpo.
final class PhenotypeCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let data = Commands.root.appendingPathComponent("testdata/hpo").path

    /// A release directory with the standard file names, linked to the mini files.
    static func release() throws -> String {
        let directory = try Commands.temporaryDirectory()
        for (name, file) in [("hp.obo", "mini.obo"), ("phenotype.hpoa", "mini.hpoa"), ("genes_to_phenotype.txt", "mini_genes_to_phenotype.txt")] {
            try FileManager.default.createSymbolicLink(atPath: "\(directory)/\(name)", withDestinationPath: "\(data)/\(file)")
        }
        return directory
    }

    func testRankPrintsGenesWithTheirDiseaseAndNotesMappedTerms() throws {
        let release = try Self.release()
        // HP:0002279 is an alt_id of Seizure; HP:0009998 is obsolete without replacement.
        let result = try Commands.run(Commands.criba, ["hpo", "rank", "--hpo-data", release, "--terms", "HP:0007359,HP:0001263,HP:0002279,HP:0009998"])
        XCTAssertEqual(result.status, 0, result.error)
        let rows = result.text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("rank") }
        XCTAssertEqual(rows.first?.split(separator: "\t").prefix(2).joined(separator: " "), "1 GENEA")
        XCTAssertTrue(rows.first?.hasSuffix("OMIM:100001\tFocal epilepsy A") ?? false, result.text)
        XCTAssertTrue(result.text.contains("This product uses the Human Phenotype Ontology"))
        XCTAssertTrue(result.error.contains("HP:0002279 is an alternative identifier of HP:0001250"), result.error)
        XCTAssertTrue(result.error.contains("HP:0009998 (obsolete Unclear finding) is obsolete and has no replacement"), result.error)
    }

    func testBadInputsGiveOneLine() throws {
        let missing = try Commands.run(Commands.criba, ["hpo", "rank", "--hpo-data", "/nonexistent", "--terms", "HP:0001250"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.error.split(separator: "\n").count, 1, missing.error)
        XCTAssertTrue(missing.error.contains("no hp.obo"), missing.error)
        let release = try Self.release()
        let unusable = try Commands.run(Commands.criba, ["hpo", "rank", "--hpo-data", release, "--terms", "HP:1234567"])
        XCTAssertNotEqual(unusable.status, 0)
        XCTAssertTrue(unusable.error.contains("no usable observed HPO term"), unusable.error)
    }

    func testBenchmarkCountsTopRanks() throws {
        let release = try Self.release()
        let cases = "\(try Commands.temporaryDirectory())/cases.tsv"
        // Case ids chosen so both fall in the dev split (MD5 ends in 0, 1 or 2): "abc" ends in 2.
        try """
        phenopacket_id\tgene\thpo_present\thpo_excluded
        abc\tGENEA\tHP:0007359,HP:0001263\t
        abc\tGENEA\tHP:0007359,HP:0001263\t
        abcd\tGENEC\tHP:0002197\t
        """.write(toFile: cases, atomically: true, encoding: .utf8)
        let result = try Commands.run(Commands.criba, ["hpo", "benchmark", "--hpo-data", release, "--cases", cases, "--split", "all"])
        XCTAssertEqual(result.status, 0, result.error)
        let fields = result.text.split(separator: "\n")[1].split(separator: "\t")
        XCTAssertEqual(fields[1], "2", "one case per phenopacket id")
        XCTAssertEqual(fields[3], "100.0%", result.text)
    }
}
