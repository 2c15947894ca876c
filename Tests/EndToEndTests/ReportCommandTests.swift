import Foundation
import XCTest

/// `criba report` and `criba prioritize --report`: every produced JSON validated against
/// docs/schema, hostile input escaped, and the HTML opened in headless Chromium (console
/// clean, PDF printed, screenshot kept under .build/report-artifacts).
final class ReportCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let schema = Commands.root.appendingPathComponent("docs/schema/criba-report.schema.json").path
    static let artifacts = Commands.root.appendingPathComponent(".build/report-artifacts").path

    /// Validates JSON files against the schema with the `jsonschema` Python package
    /// (Draft 2020-12; .ci/run installs Debian's python3-jsonschema). Returns the errors.
    func schemaErrors(_ paths: [String]) throws -> String {
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for path in sys.argv[2:]:
            for error in validator.iter_errors(json.load(open(path))):
                print(path, error.json_path, error.message[:300])
        """
        let result = try Commands.run("/usr/bin/python3", ["-c", script, Self.schema] + paths)
        XCTAssertEqual(result.status, 0, "the jsonschema check did not run: \(result.error)")
        return String(decoding: result.output, as: UTF8.self)
    }

    /// The GIAB trio (rare disease with the bundled HPO, and hereditary cancer) and the
    /// TP53/PALB2 index case: JSON valid against the schema, HTML and TSV written.
    func testReportsOfRealCasesValidateAndRender() throws {
        let directory = try Commands.temporaryDirectory()
        var rare = try Commands.run(Commands.criba, [
            "prioritize", "--vcf", Commands.trio, "--ped", PrioritizeCommandTests.ped, "--hpo", "HP:0001250,HP:0001263",
            "--hpo-data", PrioritizeCommandTests.hpoRelease, "--secondary-findings", "3.3", "-o", directory + "/trio.tsv",
            "--json", directory + "/trio.json", "--report", directory + "/trio.prioritize.html",
        ])
        XCTAssertEqual(rare.status, 0, rare.error)
        rare = try Commands.run(Commands.criba, ["report", directory + "/trio.json", "-o", directory + "/trio.html", "--tsv", directory + "/trio.variants.tsv"])
        XCTAssertEqual(rare.status, 0, rare.error)
        let cancer = try Commands.run(Commands.criba, [
            "prioritize", "--mode", "hereditary-cancer", "--vcf", Commands.trio, "--ped", PrioritizeCommandTests.ped,
            "--secondary-findings", "3.2", "-o", directory + "/cancer.tsv", "--json", directory + "/cancer.json", "--report", directory + "/cancer.html",
        ])
        XCTAssertEqual(cancer.status, 0, cancer.error)
        let annotated = directory + "/index.annotated.vcf"
        XCTAssertEqual(try Commands.run(Commands.criba, ["annotate", "-g", HereditaryCancerCommandTests.gff, "-f", HereditaryCancerCommandTests.fasta,
                                                         HereditaryCancerCommandTests.index, "-o", annotated]).status, 0)
        let index = try Commands.run(Commands.criba, ["prioritize", "--mode", "hereditary-cancer", "--vcf", annotated, "-o", directory + "/index.tsv",
                                                      "--json", directory + "/index.json", "--report", directory + "/index.html"])
        XCTAssertEqual(index.status, 0, index.error)

        XCTAssertEqual(try schemaErrors([directory + "/trio.json", directory + "/cancer.json", directory + "/index.json"]), "")
        // The schema is not vacuous: a document without its mode or with an unknown class fails.
        var broken = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/index.json"))) as! [String: Any]
        broken.removeValue(forKey: "mode")
        var panel = broken["panel"] as! [String: Any]
        var variants = panel["variants"] as! [[String: Any]]
        variants[0]["finalClass"] = "Probably bad"
        panel["variants"] = variants
        broken["panel"] = panel
        try JSONSerialization.data(withJSONObject: broken).write(to: URL(fileURLWithPath: directory + "/broken.json"))
        let errors = try schemaErrors([directory + "/broken.json"])
        XCTAssertTrue(errors.contains("'mode' is a required property") && errors.contains("Probably bad"), errors)

        let html = try String(contentsOfFile: directory + "/trio.html", encoding: .utf8)
        for section in ["id=\"summary\"", "id=\"candidates\"", "id=\"secondary-findings\"", "id=\"qc\"", "id=\"provenance\"", "<svg", "Ts/Tv",
                        "Mendelian errors", "Human Phenotype Ontology", "HP:0001250 Seizure", "@media print"] {
            XCTAssertTrue(html.contains(section), section)
        }
        XCTAssertTrue(try String(contentsOfFile: directory + "/trio.prioritize.html", encoding: .utf8).contains("id=\"candidates\""))
        let cancerHTML = try String(contentsOfFile: directory + "/cancer.html", encoding: .utf8)
        XCTAssertTrue(cancerHTML.contains("id=\"hereditary-cancer\"") && cancerHTML.contains("ACMG SF v3.2"))
        let indexHTML = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        XCTAssertTrue(indexHTML.contains("ENST00000269305.9:c.743G&gt;A p.(Arg248Gln)"), "HGVS shown (escaped)")
        XCTAssertTrue(indexHTML.contains("overrides Criba&#39;s Uncertain significance"))
        // Provenance with SHA-256 of the inputs.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/trio.json"))) as! [String: Any]
        let sources = json["sources"] as! [[String: String]]
        let variantsSource = try XCTUnwrap(sources.first { $0["name"] == "variants" })
        XCTAssertEqual(variantsSource["sha256"]?.count, 64)
        XCTAssertTrue(html.contains(variantsSource["sha256"]!))
        let tsv = try String(contentsOfFile: directory + "/trio.variants.tsv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(tsv[0].hasPrefix("#rank\tgene\tvariant") && tsv[0].hasSuffix("GT_HG002\tGT_HG003\tGT_HG004"))
        XCTAssertGreaterThan(tsv.count, 100)
        // Ranked variants first (rank 1, section "ranking", a genotype per member), then the SF section's lines.
        let first = tsv[1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(first.count, 21)
        XCTAssertEqual(first[0], "1")
        XCTAssertEqual(first[17], "ranking")
        XCTAssertTrue(first[18...].allSatisfy { ["0/0", "0/1", "1/1", "./.", "0|1", "1|0", "1|1"].contains($0) }, "\(first)")
        XCTAssertTrue(tsv.dropFirst().allSatisfy { $0.contains("\tranking\t") || $0.contains("\tsecondary_findings\t") })

        // Self-contained: nothing is loaded from anywhere.
        for page in [html, cancerHTML, indexHTML] {
            XCTAssertFalse(page.contains("<script"), "no script")
            XCTAssertFalse(page.range(of: #"(src|href)\s*=\s*["']?(https?:|//|file:)"#, options: .regularExpression) != nil, "no external resource")
            XCTAssertTrue(page.contains("Content-Security-Policy"))
        }
    }

    /// A sample called `<script>…`, HTML in gene symbols, HGVS and INFO strings, a
    /// hostile phenopacket id: all shown as text, nothing executable.
    func testHostileInputIsEscaped() throws {
        let directory = try Commands.temporaryDirectory()
        let sample = "<script>alert('sample')</script>"
        let vcf = directory + "/hostile.vcf"
        try """
        ##fileformat=VCFv4.2
        ##contig=<ID=1,length=100000>
        ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp">
        ##INFO=<ID=CLNSIG,Number=.,Type=String,Description="ClinVar">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t\(sample)
        1\t1000\t.\tAC\tA\t60\tPASS\tCSQ=-|frameshift_variant|HIGH|<img src=x onerror=alert(1)>|G1|Transcript|T1"><b>|protein_coding|2/6||T1:c.10del<script>alert(2)</script>|p.(Leu4fs)</td>;CLNSIG=Pathogenic<iframe>\tGT\t0/1

        """.write(toFile: vcf, atomically: true, encoding: .utf8)
        let result = try Commands.run(Commands.criba, ["prioritize", "--vcf", vcf, "-o", directory + "/h.tsv", "--json", directory + "/h.json",
                                                       "--report", directory + "/h.html"])
        XCTAssertEqual(result.status, 0, result.error)
        let html = try String(contentsOfFile: directory + "/h.html", encoding: .utf8)
        for raw in ["<script", "<img", "<iframe", "<b>", "</td>;"] {
            XCTAssertFalse(html.contains(raw), "unescaped \(raw)")
        }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;sample&#39;)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertEqual(try schemaErrors([directory + "/h.json"]), "")
        if let chromium = Self.chromium() {
            let console = try browserConsole(chromium, page: directory + "/h.html")
            XCTAssertEqual(console, [], "hostile page: \(console)")
        }
    }

    /// Chromium, when installed (`CRIBA_CHROMIUM` or on PATH).
    static func chromium() -> String? {
        var candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        if let override = ProcessInfo.processInfo.environment["CRIBA_CHROMIUM"] { candidates.insert(override, at: 0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Console messages (errors, blocked loads, CSP violations) Chromium logs for a page.
    func browserConsole(_ chromium: String, page: String) throws -> [String] {
        let result = try Commands.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                                 "--virtual-time-budget=3000", "--dump-dom", "file://" + page])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(String(decoding: result.output, as: UTF8.self).contains("</html>"), "the page rendered")
        return result.error.split(separator: "\n").map(String.init).filter {
            $0.contains(":CONSOLE") || $0.contains("Refused to") || $0.contains("net::ERR") || $0.contains("Failed to load")
        }
    }

    /// The reports open in headless Chromium with a clean console, print to PDF, and give
    /// a screenshot; a control page proves the console check sees errors.
    func testReportsOpenCleanlyInHeadlessChromium() throws {
        guard let chromium = Self.chromium() else {
            throw XCTSkip("headless Chromium is not installed (.ci/run installs Debian's chromium)")
        }
        let directory = try Commands.temporaryDirectory()
        let control = directory + "/control.html"
        try "<html><body><script>console.error('control')</script><img src=\"https://example.invalid/x.png\"></body></html>"
            .write(toFile: control, atomically: true, encoding: .utf8)
        XCTAssertFalse(try browserConsole(chromium, page: control).isEmpty, "the console check must see a console error")

        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let run = try Commands.run(Commands.criba, [
            "prioritize", "--vcf", Commands.trio, "--ped", PrioritizeCommandTests.ped, "--hpo", "HP:0001250,HP:0001263",
            "--hpo-data", PrioritizeCommandTests.hpoRelease, "--secondary-findings", "3.3", "-o", directory + "/trio.tsv",
            "--json", directory + "/trio.json", "--report", Self.artifacts + "/giab-trio.html",
        ])
        XCTAssertEqual(run.status, 0, run.error)
        let cancer = try Commands.run(Commands.criba, [
            "prioritize", "--mode", "hereditary-cancer", "--vcf", Commands.trio, "--ped", PrioritizeCommandTests.ped, "--secondary-findings", "3.3",
            "-o", directory + "/cancer.tsv", "--report", Self.artifacts + "/giab-trio-hereditary-cancer.html",
        ])
        XCTAssertEqual(cancer.status, 0, cancer.error)
        for name in ["giab-trio", "giab-trio-hereditary-cancer"] {
            let page = Self.artifacts + "/\(name).html"
            XCTAssertEqual(try browserConsole(chromium, page: page), [], name)
            let pdf = Self.artifacts + "/\(name).pdf", png = Self.artifacts + "/\(name).png"
            try? FileManager.default.removeItem(atPath: pdf)
            try? FileManager.default.removeItem(atPath: png)
            let printed = try Commands.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                      "--print-to-pdf=" + pdf, "file://" + page])
            XCTAssertEqual(printed.status, 0, printed.error)
            let pdfData = try Data(contentsOf: URL(fileURLWithPath: pdf))
            XCTAssertEqual(pdfData.prefix(5), Data("%PDF-".utf8))
            XCTAssertGreaterThan(pdfData.count, 20_000)
            let shot = try Commands.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000",
                                                   "--screenshot=" + png, "file://" + page])
            XCTAssertEqual(shot.status, 0, shot.error)
            let pngData = try Data(contentsOf: URL(fileURLWithPath: png))
            XCTAssertEqual(pngData.prefix(8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            XCTAssertGreaterThan(pngData.count, 50_000)
        }
    }

    /// Exomiser's Pfeiffer case: the real exome (37,709 calls) with its spiked FGFR2 variant
    /// and the phenopacket. The workplace has GRCh37 sequence for chr20 only, so the exome is
    /// annotated from the gene model alone; the causal gene must still come first, for
    /// Pfeiffer syndrome, with the variant marked as annotated without sequence in the JSON
    /// (valid against the schema) and in the HTML (clean in Chromium, printed, screenshot).
    func testPfeifferCaseFromAnnotationToReport() throws {
        let directory = try Commands.temporaryDirectory()
        let pfeiffer = Commands.root.appendingPathComponent("testdata/pfeiffer").path
        let reference = Commands.root.appendingPathComponent("testdata/demo/GRCh37_chr20_60Mb-end.fa.gz").path
        let annotateArguments = ["annotate", "-g", pfeiffer + "/ensembl75s_GRCh37_pfeiffer.genePred.gz", "-f", reference,
                                 pfeiffer + "/exomiser_Pfeiffer_hg19.vcf.gz"]
        // Without the option: the first record off the reference stops the run, and says how to go on.
        let strict = try Commands.run(Commands.criba, annotateArguments + ["-o", directory + "/strict.bcf"])
        XCTAssertNotEqual(strict.status, 0)
        XCTAssertTrue(strict.error.contains("1:866511: the reference has no contig '1'") && strict.error.contains("--missing-reference-contig structure-only"),
                      strict.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/strict.bcf"), "no partial output")

        let annotated = directory + "/pfeiffer.bcf"
        let annotate = try Commands.run(Commands.criba, annotateArguments + ["--missing-reference-contig", "structure-only", "-o", annotated])
        XCTAssertEqual(annotate.status, 0, annotate.error)
        XCTAssertTrue(annotate.error.contains("37619 record(s) annotated from the gene model alone"), annotate.error)
        let spiked = try Commands.run("/usr/bin/bcftools", ["view", "-H", annotated, "-i", "POS=123256215"])
        let line = String(decoding: spiked.output, as: UTF8.self)
        XCTAssertTrue(line.contains("NO_REFERENCE") && line.contains("G|coding_sequence_variant|MODIFIER|FGFR2|") && line.contains("ENST00000457416:c.1697A>C||"), line)

        let json = directory + "/pfeiffer.json", html = Self.artifacts + "/pfeiffer.html"
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let prioritize = try Commands.run(Commands.criba, [
            "prioritize", "--vcf", annotated, "--phenopacket", pfeiffer + "/pfeiffer-phenopacket.json",
            "--hpo-data", PrioritizeCommandTests.hpoRelease, "-o", directory + "/pfeiffer.tsv", "--json", json,
            "--report", directory + "/pfeiffer.prioritize.html",
        ])
        XCTAssertEqual(prioritize.status, 0, prioritize.error)
        XCTAssertTrue(try String(contentsOfFile: directory + "/pfeiffer.prioritize.html", encoding: .utf8).contains("Pfeiffer syndrome"))
        let report = try Commands.run(Commands.criba, ["report", json, "-o", html, "--tsv", directory + "/pfeiffer.variants.tsv"])
        XCTAssertEqual(report.status, 0, report.error)
        XCTAssertEqual(try schemaErrors([json]), "")

        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let genes = document["genes"] as! [[String: Any]]
        XCTAssertEqual(genes.first?["gene"] as? String, "FGFR2")
        XCTAssertEqual(genes.first?["diseaseId"] as? String, "OMIM:101600")
        let variant = try XCTUnwrap((genes.first?["variants"] as? [[String: Any]])?.first)
        XCTAssertEqual(variant["id"] as? String, "10:123256215:T:G")
        XCTAssertEqual(variant["withoutReferenceSequence"] as? Bool, true)
        XCTAssertEqual(variant["hgvsProtein"] as? String, "")
        XCTAssertTrue((document["notes"] as! [String]).contains { $0.contains("annotated from the gene model alone") })
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("Pfeiffer syndrome") && page.contains("gene model only, no reference"))

        guard let chromium = Self.chromium() else { return }
        XCTAssertEqual(try browserConsole(chromium, page: html), [])
        let pdf = Self.artifacts + "/pfeiffer.pdf", png = Self.artifacts + "/pfeiffer.png"
        let printed = try Commands.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html])
        XCTAssertEqual(printed.status, 0, printed.error)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5), Data("%PDF-".utf8))
        let shot = try Commands.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000", "--screenshot=" + png, "file://" + html])
        XCTAssertEqual(shot.status, 0, shot.error)
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: png)).count, 50_000)
    }

    func testBadReportInput() throws {
        let directory = try Commands.temporaryDirectory()
        try "{ not json".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        try "{\"schemaVersion\": \"1.0.0\"}".write(toFile: directory + "/partial.json", atomically: true, encoding: .utf8)
        for (path, message) in [(directory + "/missing.json", "cannot read the case JSON"), (directory + "/bad.json", "not valid JSON"),
                                (directory + "/partial.json", "not a criba prioritize JSON")] {
            let result = try Commands.run(Commands.criba, ["report", path, "-o", directory + "/out.html"])
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.error.contains(message) && result.error.contains(path), result.error)
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out.html"))
        }
    }
}
