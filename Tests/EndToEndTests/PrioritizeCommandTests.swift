import Foundation
import XCTest

/// `criba prioritize` end to end: the GIAB trio with the real HPO release, hand-made
/// singletons with the mini HPO, batches, and bad input.
final class PrioritizeCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let hpoRelease = Commands.root.appendingPathComponent("testdata/hpo/2025-01-16").path
    static let ped = Commands.root.appendingPathComponent("testdata/vcf/slivar_ashk-trio.ped").path

    /// A singleton VCF annotated in VEP's CSQ layout: a de novo-looking frameshift in
    /// GENEA (focal epilepsy, AD), a homozygous missense in GENEC (AR encephalopathy), a
    /// synonymous variant in GENEB.
    static func singletonVCF(_ directory: String, sample: String = "P1") throws -> String {
        let path = "\(directory)/\(sample).vcf"
        let csq = "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp\">"
        let text = """
        ##fileformat=VCFv4.2
        ##contig=<ID=1,length=100000>
        ##contig=<ID=2,length=100000>
        \(csq)
        ##INFO=<ID=gnomad_AF,Number=A,Type=Float,Description="gnomAD AF">
        ##FILTER=<ID=LowQual,Description="Low quality">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t\(sample)
        1\t1000\t.\tAC\tA\t60\tPASS\tCSQ=-|frameshift_variant|HIGH|GENEA|G1|Transcript|T1|protein_coding|2/6||T1:c.10del|T1:p.(Leu4fs)\tGT:DP\t0/1:30
        1\t5000\t.\tC\tT\t60\tPASS\tCSQ=T|synonymous_variant|LOW|GENEB|G2|Transcript|T2|protein_coding|3/3||T2:c.30C>T|T2:p.(Leu10=);gnomad_AF=0.2\tGT:DP\t0/1:30
        2\t7000\t.\tG\tA\t60\tPASS\tCSQ=A|missense_variant|MODERATE|GENEC|G3|Transcript|T3|protein_coding|5/9||T3:c.50G>A|T3:p.(Arg17His)\tGT:DP\t1/1:30
        2\t9000\t.\tG\tA\t60\tLowQual\tCSQ=A|stop_gained|HIGH|GENEC|G3|Transcript|T3|protein_coding|6/9||T3:c.90G>A|T3:p.(Trp30Ter)\tGT:DP\t0/1:30

        """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testGIABTrioEndToEndWithExplainedTopEntries() throws {
        let directory = try Commands.temporaryDirectory()
        let tsv = directory + "/ranked.tsv", json = directory + "/ranked.json"
        let result = try Commands.run(Commands.criba, [
            "prioritize", "--vcf", Commands.trio, "--ped", Self.ped, "--hpo", "HP:0001250,HP:0001263",
            "--hpo-data", Self.hpoRelease, "-o", tsv, "--json", json,
        ])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("no population-frequency field"), result.error)
        let lines = try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("#rank\tgene\tscore\tphenotype_score\tgenotype_part"))
        XCTAssertGreaterThan(lines.count, 50)
        let top = lines[1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(top[0], "1")
        XCTAssertTrue(top[6].hasPrefix("OMIM:") || top[6].hasPrefix("ORPHA:"), top.joined(separator: " | "))
        XCTAssertNotEqual(top[18], ".", "matched terms expected: \(top)")

        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let criba = document["criba"] as! [String: Any]
        XCTAssertEqual(criba["version"] as? String, "0.1.0")
        XCTAssertTrue((criba["command"] as! String).contains("prioritize --vcf"))
        XCTAssertEqual(document["records"] as? Int, 9940)
        let sources = document["sources"] as! [[String: String]]
        let obo = try XCTUnwrap(sources.first { $0["name"] == "HPO hp.obo.gz" })
        XCTAssertEqual(obo["md5"]?.count, 32)
        XCTAssertTrue(obo["version"]?.contains("2025-01-16") ?? false, "\(obo)")
        XCTAssertTrue(sources.contains { $0["name"] == "bundled:acmg_rules.tsv" && $0["version"] == "2026.1" })
        XCTAssertTrue((document["notes"] as! [String]).contains { $0.contains("Human Phenotype Ontology") })
        let genes = document["genes"] as! [[String: Any]]
        // Every entry shows its parts, and they add up to the score.
        for gene in genes.prefix(10) {
            let parts = (gene["phenotypeScore"] as! Double) + (gene["genotypePart"] as! Double) + (gene["inheritancePart"] as! Double)
            XCTAssertEqual(gene["score"] as! Double, parts, accuracy: 1e-9)
            let variants = gene["variants"] as! [[String: Any]]
            XCTAssertNotNil(variants.first?["acmgClass"] as? String)
            XCTAssertNotNil(variants.first?["criteria"] as? [[String: Any]])
            XCTAssertFalse((gene["matchedTerms"] as! [[String: Any]]).isEmpty)
        }
        // The trio's de novo calls reach the ranking as de novo where they hit a gene.
        let deNovo = genes.flatMap { ($0["variants"] as! [[String: Any]]) }.filter { ($0["modes"] as! [String]).contains("de_novo:compatible") }
        XCTAssertFalse(deNovo.isEmpty, "the GIAB trio has de novo calls in genes")
        for variant in deNovo {
            let codes = (variant["criteria"] as! [[String: Any]]).map { $0["code"] as! String }
            XCTAssertTrue(codes.contains("PS2") || codes.contains("PM6"), "\(codes)")
            let genotypes = variant["genotypes"] as! [String: String]
            XCTAssertEqual(genotypes["HG002"], "0/1")
            XCTAssertEqual(genotypes["HG003"], "0/0")
            XCTAssertEqual(genotypes["HG004"], "0/0")
        }
    }

    func testSourcesAppliedOnTheFlyAsCribaAnnotateWouldWriteThem() throws {
        let directory = try Commands.temporaryDirectory()
        let sources = Commands.root.appendingPathComponent("testdata/sources").path
        let config = directory + "/sources.toml"
        try """
        [[source]]
        file = "\(sources)/exac_GRCh37.vcf.gz"
        fields = ["AF", "AC_Hom"]
        names = ["exac_AF", "exac_nhomalt"]

        [[source]]
        file = "\(sources)/clinvar_GRCh37_20230710.vcf.gz"
        fields = ["CLNSIG"]
        names = ["clinvar_CLNSIG"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let json = directory + "/ranked.json"
        let result = try Commands.run(Commands.criba, ["prioritize", "--vcf", Commands.trio, "--ped", Self.ped, "--config", config,
                                                       "-r", "1:1-1000000", "-o", directory + "/ranked.tsv", "--json", json])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertFalse(result.error.contains("no population-frequency field"), result.error)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let fields = document["fields"] as! [String: [String]]
        XCTAssertEqual(fields["frequency"], ["exac_AF (INFO)"])
        XCTAssertEqual(fields["clinvar"], ["clinvar_CLNSIG (INFO)"])
        let names = (document["sources"] as! [[String: String]]).compactMap { $0["provenance"] }
        XCTAssertTrue(names.contains { $0.contains("clinvar_GRCh37_20230710.vcf.gz") && $0.contains("Version=\"2023-07-10\"") }, "\(names)")
        // The same values as criba annotate writes: every ClinVar assertion in the ranking
        // is one the annotated file carries for that allele.
        let annotated = directory + "/annotated.vcf"
        let annotate = try Commands.run(Commands.criba, ["annotate", "--config", config, "-r", "1:1-1000000", "-o", annotated, Commands.trio])
        XCTAssertEqual(annotate.status, 0, annotate.error)
        let expected = try Commands.run("bcftools", ["query", "-i", "INFO/clinvar_CLNSIG!=\".\"", "-f", "%CHROM:%POS:%REF:%ALT\t%INFO/clinvar_CLNSIG\n", annotated])
        let truth = Dictionary(expected.text.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: "\t"); return (String(parts[0]), String(parts[1]))
        }, uniquingKeysWith: { first, _ in first })
        let variants = (document["genes"] as! [[String: Any]]).flatMap { $0["variants"] as! [[String: Any]] }
        let withClinVar = variants.filter { $0["clinvar"] is String }
        XCTAssertFalse(withClinVar.isEmpty)
        for variant in withClinVar {
            XCTAssertEqual(truth[variant["id"] as! String], variant["clinvar"] as? String)
        }
    }

    func testSingletonPhenopacketRanksTheMatchingGeneFirst() throws {
        let directory = try Commands.temporaryDirectory()
        let vcf = try Self.singletonVCF(directory)
        let packet = directory + "/case.json"
        try """
        {"id": "case-1", "subject": {"id": "P1", "sex": "FEMALE"},
         "phenotypicFeatures": [{"type": {"id": "HP:0007359", "label": "Focal-onset seizure"}},
                                {"type": {"id": "HP:0002279", "label": "alt id of Seizure"}},
                                {"type": {"id": "HP:0000518", "label": "Cataract"}, "excluded": true}]}
        """.write(toFile: packet, atomically: true, encoding: .utf8)
        let json = directory + "/out.json"
        let result = try Commands.run(Commands.criba, ["prioritize", "--vcf", vcf, "--phenopacket", packet,
                                                       "--hpo-data", try PhenotypeCommandTests.release(), "--json", json])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("HP:0002279 is an alternative identifier of HP:0001250"), result.error)
        let rows = result.text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.map { String($0[1]) }, ["GENEA", "GENEC"], result.text)  // GENEB is common (gnomAD 0.2): dropped
        guard rows.count == 2 else { return }
        XCTAssertEqual(rows[0][8], "AD")
        XCTAssertEqual(rows[1][8], "AR")  // homozygous missense; the LowQual stop gain is not used
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let caseBlock = document["case"] as! [String: Any]
        XCTAssertEqual(caseBlock["id"] as? String, "case-1")
        XCTAssertEqual(caseBlock["excluded"] as? [String], ["HP:0000518"])
        XCTAssertNotNil((caseBlock["termNotes"] as! [String: String])["HP:0002279"])
        let fields = document["fields"] as! [String: [String]]
        XCTAssertEqual(fields["frequency"], ["gnomad_AF (INFO)"])
        // With gnomAD present, absent alleles meet PM2_Supporting.
        let top = (document["genes"] as! [[String: Any]])[0]
        let criteria = ((top["variants"] as! [[String: Any]])[0]["criteria"] as! [[String: Any]]).map { $0["code"] as! String }
        XCTAssertTrue(criteria.contains("PM2"), "\(criteria)")

        // The LowQual stop gain is not a candidate; --include-filtered brings it in.
        XCTAssertFalse(try String(contentsOfFile: json, encoding: .utf8).contains("2:9000:G:A"))
        let all = try Commands.run(Commands.criba, ["prioritize", "--vcf", vcf, "--include-filtered", "--hpo", "HP:0007359",
                                                    "--hpo-data", try PhenotypeCommandTests.release(), "--json", json])
        XCTAssertEqual(all.status, 0, all.error)
        XCTAssertTrue(try String(contentsOfFile: json, encoding: .utf8).contains("2:9000:G:A"))
    }

    func testBatchRunsEveryCaseAndReportsTheFailedOne() throws {
        let directory = try Commands.temporaryDirectory()
        let first = try Self.singletonVCF(directory, sample: "P1")
        let second = try Self.singletonVCF(directory, sample: "P2")
        let batch = directory + "/batch.tsv"
        try """
        id\tvcf\thpo\texcluded_hpo\toutput
        one\t\(first)\tHP:0007359\t\t\(directory)/one
        two\t\(second)\tHP:0002197\tHP:0000518\t\(directory)/two
        three\t\(directory)/missing.vcf\tHP:0002197\t\t\(directory)/three

        """.write(toFile: batch, atomically: true, encoding: .utf8)
        let result = try Commands.run(Commands.criba, ["prioritize", "--batch", batch, "--hpo-data", try PhenotypeCommandTests.release()])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.error.contains("case three"), result.error)
        XCTAssertTrue(result.error.contains("1 of 3 cases failed"), result.error)
        for name in ["one", "two"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/\(name).tsv"))
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/\(name).json"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(directory)/three.tsv"))
        let two = try String(contentsOfFile: "\(directory)/two.tsv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(two[1].hasPrefix("1\tGENEC\t"), String(two[1]))  // generalized seizures: encephalopathy C
    }

    func testBadInputGivesOneLineAndNoOutput() throws {
        let directory = try Commands.temporaryDirectory()
        let output = directory + "/out.tsv"
        let release = try PhenotypeCommandTests.release()
        // No consequence annotation.
        let plain = directory + "/plain.vcf"
        try "##fileformat=VCFv4.2\n##contig=<ID=1>\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n1\t5\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n"
            .write(toFile: plain, atomically: true, encoding: .utf8)
        try Commands.assertFails(["prioritize", "--vcf", plain, "-o", output], message: "no consequence annotation (INFO/CSQ, ANN or BCSQ)")
        // The PED's proband is not a sample.
        let vcf = try Self.singletonVCF(directory)
        let ped = directory + "/fam.ped"
        try "fam\tkid\t0\t0\t1\t2\n".write(toFile: ped, atomically: true, encoding: .utf8)
        try Commands.assertFails(["prioritize", "--vcf", vcf, "--ped", ped, "-o", output], status: 64, message: "the proband 'kid' is not a sample")
        // Terms without a release; a broken phenopacket; a malformed PED line.
        try Commands.assertFails(["prioritize", "--vcf", vcf, "--hpo", "HP:0001250"], status: 64, message: "HPO terms need --hpo-data")
        let packet = directory + "/bad.json"
        try "{\"id\": \"x\"}".write(toFile: packet, atomically: true, encoding: .utf8)
        try Commands.assertFails(["prioritize", "--vcf", vcf, "--phenopacket", packet, "--hpo-data", release, "-o", output],
                                 message: "bad.json: no phenotypicFeatures array")
        try "fam\tkid\t0\n".write(toFile: ped, atomically: true, encoding: .utf8)
        try Commands.assertFails(["prioritize", "--vcf", vcf, "--ped", ped, "-o", output], message: "fam.ped:1: expected 6 columns")
        // Several samples and no PED.
        try Commands.assertFails(["prioritize", "--vcf", Commands.trio, "-o", output], status: 64, message: "has 3 samples: give --ped")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }
}
