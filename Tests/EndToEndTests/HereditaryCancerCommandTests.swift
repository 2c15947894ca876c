import Foundation
import XCTest

/// `criba prioritize --mode hereditary-cancer` end to end: known TP53 and PALB2 variants
/// annotated by `criba annotate` on real GRCh38 sequence and Ensembl gene models, a BRCA1
/// VCEP threshold case, the GIAB trio with secondary findings, and bad input.
final class HereditaryCancerCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let directory = Commands.root.appendingPathComponent("testdata/cancer").path
    static let gff = directory + "/PALB2_TP53_GRCh38.ensembl.gff3"
    static let fasta = directory + "/GRCh38_chr16_chr17_PALB2_TP53.fa.gz"
    static let index = directory + "/hereditary_cancer_index.vcf"

    /// The index case annotated with Criba's own consequences.
    func annotatedIndexCase() throws -> String {
        let output = try Commands.temporaryDirectory() + "/index.annotated.vcf"
        let result = try Commands.run(Commands.criba, ["annotate", "-g", Self.gff, "-f", Self.fasta, Self.index, "-o", output])
        XCTAssertEqual(result.status, 0, result.error)
        return output
    }

    func classify(_ vcf: String, _ extra: [String]) throws -> (tsv: [[String]], json: [String: Any], error: String) {
        let directory = try Commands.temporaryDirectory()
        let result = try Commands.run(Commands.criba, ["prioritize", "--mode", "hereditary-cancer", "--vcf", vcf, "-o", directory + "/out.tsv",
                                                       "--json", directory + "/out.json"] + extra)
        XCTAssertEqual(result.status, 0, result.error)
        let lines = try String(contentsOfFile: directory + "/out.tsv", encoding: .utf8).split(separator: "\n")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))) as! [String: Any]
        return (lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }, json, result.error)
    }

    /// Criba's own calls (ClinVar ignored), each with the criteria that make it.
    func testKnownTP53AndPALB2VariantsGetTheirExpectedCriteria() throws {
        let vcf = try annotatedIndexCase()
        let (rows, json, _) = try classify(vcf, ["--clinvar-trust", "none"])
        XCTAssertEqual(rows[0].first, "#section")
        var byHGVS: [String: [String]] = [:]
        for row in rows.dropFirst() where row[0] == "panel" { byHGVS[String(row[5].split(separator: " ")[0].split(separator: ":")[1])] = row }
        // hgvs column: transcript:c. then protein; columns: class(1) criba_class(10) points(11) criteria(12).
        let expected: [(String, String, String, String)] = [
            // PALB2 NM_024675 (ENST00000261584): truncating, NMD predicted, LoF mechanism from panel 0, absent from the population source.
            ("c.3113G>A", "Likely pathogenic", "9", "PVS1,PM2_Supporting"),
            ("c.1592del", "Likely pathogenic", "9", "PVS1,PM2_Supporting"),
            ("c.509_510del", "Likely pathogenic", "9", "PVS1,PM2_Supporting"),
            ("c.172_175del", "Likely pathogenic", "9", "PVS1,PM2_Supporting"),
            // PALB2 p.Gln559Arg, common: BA1 (PALB2 VCEP threshold 0.001).
            ("c.1676A>G", "Benign", "0", "BA1"),
            // TP53 (ENST00000269305): stop gained in exon 6 of 11.
            ("c.637C>T", "Likely pathogenic", "9", "PVS1,PM2_Supporting"),
            // TP53 hotspot missense: PM1 (TP53 VCEP codons) + PM2_Supporting; no functional or
            // computational evidence is configured, so Criba alone says VUS.
            ("c.743G>A", "Uncertain significance", "3", "PM2_Supporting,PM1"),
            ("c.524G>A", "Uncertain significance", "3", "PM2_Supporting,PM1"),
            ("c.818G>A", "Uncertain significance", "3", "PM2_Supporting,PM1"),
            // TP53 p.Pro72Arg, common: BA1 at the TP53 VCEP threshold.
            ("c.215C>G", "Benign", "0", "BA1"),
        ]
        XCTAssertEqual(byHGVS.count, expected.count, "\(rows)")
        for (hgvs, acmgClass, points, criteria) in expected {
            let row = try XCTUnwrap(byHGVS[hgvs], hgvs)
            XCTAssertEqual(row[1], acmgClass, hgvs)
            XCTAssertEqual(row[10], acmgClass, hgvs)
            XCTAssertEqual(row[11], points, hgvs)
            XCTAssertEqual(row[12], criteria, hgvs)
        }
        // The curated transcript is the one reported.
        XCTAssertTrue(byHGVS["c.743G>A"]![5].contains("ENST00000269305") && byHGVS["c.743G>A"]![5].contains("p.(Arg248Gln)"))
        let panel = try XCTUnwrap(json["panel"] as? [String: Any])
        XCTAssertEqual(json["mode"] as? String, "hereditary-cancer")
        XCTAssertEqual(panel["genes"] as? Int, 555)
        XCTAssertEqual(panel["variantsAssessed"] as? Int, 10)
        XCTAssertEqual(panel["oppositeDirectionConflicts"] as? Int, 0)
        XCTAssertEqual(panel["conflicts"] as? Int, 8, "P in ClinVar vs LP/VUS in Criba")
        let variants = panel["variants"] as! [[String: Any]]
        let p72r = try XCTUnwrap(variants.first { (($0["variant"] as! [String: Any])["hgvsProtein"] as! String).contains("Pro72Arg") })
        let ba1 = ((p72r["variant"] as! [String: Any])["criteria"] as! [[String: Any]])[0]
        XCTAssertTrue((ba1["evidence"] as! String).contains("ClinGen TP53 VCEP v2.3.0"), "\(ba1)")
        let sources = json["sources"] as! [[String: String]]
        XCTAssertTrue(sources.contains { $0["name"] == "panel panel_0" && $0["md5"] == "3a0e00bc5dff1b6f6e42b4dd8c1922f8" })
        XCTAssertTrue(sources.contains { $0["name"] == "bundled:vcep_frequency_thresholds.tsv" })
    }

    /// ClinVar overrides at expert-panel level, counts as PP5/BP6 below it, and the report says which.
    func testClinVarTrustLevelsInTheReport() throws {
        let vcf = try annotatedIndexCase()
        let (rows, _, _) = try classify(vcf, [])
        let r248q = try XCTUnwrap(rows.first { $0[0] == "panel" && $0[5].contains("c.743G>A") })
        XCTAssertEqual(r248q[1], "Pathogenic")
        XCTAssertEqual(r248q[10], "Uncertain significance")
        XCTAssertTrue(r248q[13].contains("ClinVar Pathogenic (3 stars) overrides Criba's Uncertain significance (3) at --clinvar-trust expert"), r248q[13])
        let palb2 = try XCTUnwrap(rows.first { $0[0] == "panel" && $0[5].contains("c.3113G>A") })
        XCTAssertEqual(palb2[1], "Pathogenic")
        XCTAssertEqual(palb2[12], "PVS1,PM2_Supporting,PP5")
        let twoStar = try classify(vcf, ["--clinvar-trust", "two-star"]).tsv
        XCTAssertTrue(twoStar.first { $0[5].contains("c.3113G>A") }![13].contains("overrides"))
    }

    /// A BRCA1 missense at AF 0.0003 (between the VCEP BS1 of 1e-4 and the general 5e-3).
    func testBRCA1VCEPThresholdEndToEnd() throws {
        let directory = try Commands.temporaryDirectory()
        let path = directory + "/brca1.vcf"
        try """
        ##fileformat=VCFv4.2
        ##contig=<ID=17,length=83257441>
        ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|MANE_SELECT">
        ##INFO=<ID=gnomad_AF,Number=A,Type=Float,Description="gnomAD AF">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tINDEX
        17\t43045712\t.\tC\tT\t60\tPASS\tCSQ=T|missense_variant|MODERATE|BRCA1|ENSG00000012048|Transcript|ENST00000357654.9|protein_coding|20/23||ENST00000357654.9:c.5096G>A|ENSP00000350283.3:p.(Arg1699Gln)|NM_007294.4,T|intron_variant|MODIFIER|BRCA1|ENSG00000012048|Transcript|ENST00000471181.7|protein_coding||19/23|||;gnomad_AF=0.0003\tGT\t0/1

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (rows, _, _) = try classify(path, ["--panel", "breast_ovarian"])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[1][1], "Likely benign")
        XCTAssertEqual(rows[1][12], "BS1")
        XCTAssertTrue(rows[1][5].hasPrefix("ENST00000357654.9:c.5096G>A"), "the MANE transcript, not the more severe-sorted intron entry")
    }

    /// The GIAB trio (GRCh37 chr1-2) in hereditary-cancer mode with the ACMG SF v3.3 section.
    func testGIABTrioProducesPanelAndSecondaryFindingsSections() throws {
        let (rows, json, error) = try classify(Commands.trio, ["--ped", PrioritizeCommandTests.ped, "--secondary-findings", "3.3"])
        XCTAssertTrue(error.contains("ACMG SF v3.3"), error)
        let panel = try XCTUnwrap(json["panel"] as? [String: Any])
        XCTAssertGreaterThan(panel["variantsAssessed"] as! Int, 20)
        let variants = panel["variants"] as! [[String: Any]]
        let genes = Set(variants.map { $0["gene"] as! String })
        // Coding and splice consequences only, by default (no ClinVar here to keep others).
        for variant in variants {
            let consequence = ((variant["variant"] as! [String: Any])["consequences"] as! [String])[0]
            XCTAssertFalse(["intron_variant", "upstream_gene_variant", "downstream_gene_variant", "3_prime_UTR_variant"].contains(consequence), consequence)
        }
        XCTAssertTrue(genes.isSubset(of: Set(try panelZeroGenes())), "only panel genes")
        XCTAssertTrue(genes.contains("MUTYH") || genes.contains("SDHB"), "\(genes)")
        let findings = try XCTUnwrap(json["secondaryFindings"] as? [String: Any])
        XCTAssertEqual(findings["genes"] as? Int, 84)
        XCTAssertEqual(findings["version"] as? String, "3.3")
        XCTAssertGreaterThan(findings["variantsAssessed"] as! Int, 0)
        for finding in findings["findings"] as! [[String: Any]] {
            XCTAssertTrue(["Pathogenic", "Likely pathogenic"].contains(finding["finalClass"] as! String))
        }
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0[0] == "panel" || $0[0] == "secondary_findings" })
        XCTAssertEqual(rows[0].count, 17)
    }

    /// Secondary findings in rare-disease mode ride along in the JSON.
    func testSecondaryFindingsInRareDiseaseMode() throws {
        let directory = try Commands.temporaryDirectory()
        let result = try Commands.run(Commands.criba, ["prioritize", "--vcf", Commands.trio, "--ped", PrioritizeCommandTests.ped,
                                                       "--secondary-findings", "3.2", "-o", directory + "/r.tsv", "--json", directory + "/r.json"])
        XCTAssertEqual(result.status, 0, result.error)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/r.json"))) as! [String: Any]
        XCTAssertEqual(json["mode"] as? String, "rare-disease")
        XCTAssertEqual((json["secondaryFindings"] as? [String: Any])?["genes"] as? Int, 81)
        XCTAssertFalse((json["genes"] as! [Any]).isEmpty)
    }

    func testBadHereditaryCancerInput() throws {
        let vcf = Self.index
        for (arguments, message) in [
            (["--mode", "hereditary-cancer", "--panel", "no_such_panel"], "unknown panel 'no_such_panel'"),
            (["--panel", "breast_ovarian"], "--panel and --panel-genes need --mode hereditary-cancer"),
            (["--mode", "hereditary-cancer", "--secondary-findings", "9.9"], "unknown ACMG secondary-findings version '9.9'"),
            (["--mode", "hereditary-cancer", "--panel-genes", "/nonexistent/genes.txt"], "/nonexistent/genes.txt: cannot read the gene list"),
            (["--mode", "cancer"], "mode"),
            (["--mode", "hereditary-cancer", "--clinvar-trust", "always"], "clinvar-trust"),
        ] {
            let result = try Commands.run(Commands.criba, ["prioritize", "--vcf", vcf] + arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.error.contains(message), "\(arguments): \(result.error)")
        }
        // Not annotated: a clear message, no output.
        let directory = try Commands.temporaryDirectory()
        let result = try Commands.run(Commands.criba, ["prioritize", "--mode", "hereditary-cancer", "--vcf", vcf, "-o", directory + "/x.tsv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("no consequence annotation"), result.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/x.tsv"))
        let list = try Commands.run(Commands.criba, ["prioritize", "--list-panels"])
        let text = String(decoding: list.output, as: UTF8.self)
        XCTAssertTrue(text.contains("panel_0\tCPSR panel 0: 555") && text.contains("breast_ovarian"), text)
    }

    /// The gene symbols of the bundled panel 0 (the file itself, tags stripped).
    private func panelZeroGenes() throws -> [String] {
        let path = Commands.root.appendingPathComponent("Sources/Prioritization/Resources/cancer_panel_zero.tsv.gz").path
        let result = try Commands.run("/bin/sh", ["-c", "gzip -dc '\(path)' | cut -f1 | sed 's/<[^>]*>//g'"])
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
