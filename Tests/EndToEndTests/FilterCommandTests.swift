import Foundation
import XCTest

/// `criba filter` against `bcftools filter -i` on the same expressions (where the two
/// languages overlap, the kept records must be byte-identical), plus soft filtering,
/// tags, pedigree roles, presets and the error messages.
final class FilterCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let ped = Commands.root.appendingPathComponent("testdata/vcf/slivar_ashk-trio.ped").path

    /// (criba expression, bcftools expression) pairs with the same meaning.
    static let oracleCases: [(String, String)] = [
        ("QUAL >= 50", "QUAL>=50"),
        ("INFO/AF < 0.5", "INFO/AF<0.5"),
        ("INFO/AC == 2", "INFO/AC==2"),
        ("INFO/AC != 2", "INFO/AC!=2"),
        ("INFO/MQRankSum != 0", "INFO/MQRankSum!=0"),
        ("!INFO/DB", "INFO/DB=0"),
        ("FORMAT/DP > 30", "FMT/DP>30"),
        ("FORMAT/GQ < 20", "FMT/GQ<20"),
        ("FORMAT/AD[1] > 10", "FMT/AD[*:1]>10"),
        ("FILTER == \"PASS\"", "FILTER=\"PASS\""),
        ("FILTER != \"PASS\"", "FILTER!=\"PASS\""),
        ("REF == \"A\" && ALT == \"T\"", "REF=\"A\" && ALT=\"T\""),
        ("ALT in [\"A\", \"C\"]", "ALT=\"A\" || ALT=\"C\""),
        ("het(HG002)", "GT[0]=\"het\""),
        ("hom_alt(HG002) && hom_ref(HG003)", "GT[0]=\"AA\" && GT[1]=\"RR\""),
        ("missing(HG003)", "GT[1]=\"mis\""),
        ("HG002.DP > 20", "FMT/DP[0]>20"),
        ("FORMAT/DP / INFO/DP > 0.4", "FMT/DP/INFO/DP>0.4"),
        ("exists(INFO/MQRankSum)", "INFO/MQRankSum!=\".\""),
        ("missing(INFO/MQRankSum)", "INFO/MQRankSum=\".\""),
        ("CHROM == \"1\" && POS > 1000000", "CHROM=\"1\" && POS>1000000"),
        ("INFO/MQ > 50 && INFO/QD > 2 && INFO/FS < 60 && QUAL > 30 && INFO/DP > 20",
         "INFO/MQ>50 && INFO/QD>2 && INFO/FS<60 && QUAL>30 && INFO/DP>20"),
        ("INFO/MQ > 50 || INFO/QD < 2", "INFO/MQ>50 || INFO/QD<2"),
        ("INFO/MQRankSum < -2 || (INFO/FS > 10 && INFO/SOR > 3)", "INFO/MQRankSum < -2 || (INFO/FS>10 && INFO/SOR>3)"),
    ]

    func testKeptRecordsEqualBcftoolsFilter() throws {
        for input in [Commands.trioBCF, Commands.trio] {
            for (ours, theirs) in Self.oracleCases {
                let criba = try Commands.run(Commands.criba, ["filter", "--no-version", "--threads", "2", "-i", ours, input])
                let bcftools = try Commands.run("bcftools", ["filter", "--no-version", "-i", theirs, input])
                XCTAssertEqual(criba.status, 0, "\(ours): \(criba.error)")
                XCTAssertEqual(bcftools.status, 0, "\(theirs): \(bcftools.error)")
                let keptByCriba = criba.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
                let keptByBcftools = bcftools.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
                XCTAssertGreaterThan(keptByBcftools.count, 0, "\(theirs) keeps nothing: a weak case")
                XCTAssertEqual(keptByCriba.count, keptByBcftools.count, "\(ours) on \(input)")
                XCTAssertTrue(keptByCriba == keptByBcftools, "\(ours) on \(input): records differ")
            }
        }
    }

    func testExcludeSoftFilterAndTags() throws {
        let directory = try Commands.temporaryDirectory()
        // -e is the complement of -i.
        let excluded = try Commands.run(Commands.criba, ["filter", "-e", "QUAL < 50", Commands.trioBCF])
        let bcftools = try Commands.run("bcftools", ["filter", "-e", "QUAL<50", Commands.trioBCF])
        XCTAssertEqual(excluded.text.split(separator: "\n").filter { !$0.hasPrefix("#") },
                       bcftools.text.split(separator: "\n").filter { !$0.hasPrefix("#") })

        // Soft filtering keeps every record and names the failed rule in FILTER.
        let soft = directory + "/soft.bcf"
        let run = try Commands.run(Commands.criba, ["filter", "--soft-filter", "-i", "deep: INFO/DP >= 100", "-e", "lowGQ: all(FORMAT/GQ < 20)",
                                                    "--tag", "rareish: INFO/AF < 0.5", "-o", soft, Commands.trioBCF])
        XCTAssertEqual(run.status, 0, run.error)
        let header = try Commands.run("bcftools", ["view", "-h", soft]).text
        XCTAssertTrue(header.contains("##FILTER=<ID=deep,Description=\"criba filter: record fails deep: INFO/DP >= 100\">"), header)
        XCTAssertTrue(header.contains("##INFO=<ID=rareish,Number=0,Type=Flag"), header)
        XCTAssertTrue(header.contains("##criba_filterCommand="))
        let total = try Commands.run("bcftools", ["view", "-H", Commands.trioBCF]).text.split(separator: "\n").count
        let all = try Commands.run("bcftools", ["view", "-H", soft]).text.split(separator: "\n").count
        XCTAssertEqual(all, total, "--soft-filter drops nothing")
        let shallow = try Commands.run("bcftools", ["view", "-H", "-i", "INFO/DP<100", Commands.trioBCF]).text.split(separator: "\n").count
        let flagged = try Commands.run("bcftools", ["view", "-H", "-i", "FILTER~\"deep\"", soft]).text.split(separator: "\n").count
        XCTAssertEqual(flagged, shallow)
        let low = try Commands.run("bcftools", ["view", "-H", "-i", "N_PASS(FMT/GQ<20)==3", Commands.trioBCF]).text.split(separator: "\n").count
        let flaggedLow = try Commands.run("bcftools", ["view", "-H", "-i", "FILTER~\"lowGQ\"", soft]).text.split(separator: "\n").count
        XCTAssertEqual(flaggedLow, low)
        let rare = try Commands.run("bcftools", ["view", "-H", "-i", "INFO/AF<0.5", Commands.trioBCF]).text.split(separator: "\n").count
        let tagged = try Commands.run("bcftools", ["view", "-H", "-i", "INFO/rareish=1", soft]).text.split(separator: "\n").count
        XCTAssertEqual(tagged, rare)
        XCTAssertGreaterThan(tagged, 0)
    }

    func testPedigreeRoles() throws {
        // A de novo candidate: proband het, both parents hom-ref, all well covered.
        let deNovo = try Commands.run(Commands.criba, ["filter", "--ped", Self.ped, "-i",
                                                       "het(proband) && hom_ref(mother) && hom_ref(father) && all(FORMAT/GQ >= 20)", Commands.trioBCF])
        XCTAssertEqual(deNovo.status, 0, deNovo.error)
        let bcftools = try Commands.run("bcftools", ["view", "-H", "-i", "GT[0]=\"het\" && GT[2]=\"RR\" && GT[1]=\"RR\" && N_PASS(FMT/GQ>=20)==3", Commands.trioBCF])
        XCTAssertEqual(bcftools.status, 0, bcftools.error)
        let ours = deNovo.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(ours, bcftools.text.split(separator: "\n").map { $0 })
        XCTAssertGreaterThan(ours.count, 0)
    }

    func testBadExpressionsShowACaret() throws {
        let unknown = try Commands.run(Commands.criba, ["filter", "-i", "QUAL > 30 && INFO/MQQ > 40", Commands.trioBCF])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertEqual(unknown.error, """
        criba filter: error: unknown INFO field 'MQQ' (did you mean 'MQ'?) (at column 14 of 'QUAL > 30 && INFO/MQQ > 40')
          QUAL > 30 && INFO/MQQ > 40
                       ^~~~~~~~

        """)
        let mismatch = try Commands.run(Commands.criba, ["filter", "-i", "FILTER > 2", Commands.trioBCF])
        XCTAssertEqual(mismatch.error, """
        criba filter: error: cannot compare 2 (a number) with FILTER (text) (at column 1 of 'FILTER > 2')
          FILTER > 2
          ^~~~~~~~~~

        """)
        let syntax = try Commands.run(Commands.criba, ["filter", "-i", "QUAL >> 2", Commands.trioBCF])
        XCTAssertEqual(syntax.error, """
        criba filter: error: expected a value, found '>' (at column 7 of 'QUAL >> 2')
          QUAL >> 2
                ^

        """)
        let duplicate = try Commands.run(Commands.criba, ["filter", "-i", "a: QUAL > 1", "-e", "a: QUAL > 100", Commands.trioBCF])
        XCTAssertEqual(duplicate.status, 64)
        XCTAssertTrue(duplicate.error.contains("the label 'a' is used twice"), duplicate.error)
        let unlabeled = try Commands.run(Commands.criba, ["filter", "--soft-filter", "-i", "QUAL > 1", Commands.trioBCF])
        XCTAssertTrue(unlabeled.error.contains("--soft-filter needs a label"), unlabeled.error)
        let preset = try Commands.run(Commands.criba, ["filter", "--preset", "rare-coding", Commands.trioBCF])
        XCTAssertEqual(preset.status, 64)
        XCTAssertTrue(preset.error.contains("preset 'rare-coding' does not apply"), preset.error)
        try Commands.assertFails(["filter", "--ped", "/nonexistent.ped", "-i", "het(proband)", Commands.trioBCF],
                                 message: "/nonexistent.ped: cannot read the file")
    }
}
