import Foundation
import XCTest

/// `criba annotate --config` against vcfanno on real ExAC, gnomAD, ClinVar and BED
/// slices (same config file for both tools), allele-matching edge cases, and the
/// one-line errors for bad configs.
final class SourceAnnotationTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let data = Commands.root.appendingPathComponent("testdata/sources").path

    /// INFO of each record keyed by `chrom:pos:ref:alt`.
    static func infoByVariant(_ vcf: String) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for line in vcf.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 8 else { continue }
            var info: [String: String] = [:]
            for item in columns[7].split(separator: ";") {
                let parts = item.split(separator: "=", maxSplits: 1)
                info[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            result["\(columns[0]):\(columns[1]):\(columns[3]):\(columns[4])"] = info
        }
        return result
    }

    static func same(_ ours: String, _ theirs: String) -> Bool {
        if ours == theirs { return true }
        let left = ours.split(separator: ","), right = theirs.split(separator: ",")
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) {
            guard let x = Double(a), let y = Double(b) else { if a != b { return false }; continue }
            // vcfanno prints computed floats with 4 decimals.
            if abs(x - y) > 6e-5 && abs(x - y) > 1e-4 * abs(y) { return false }
        }
        return true
    }

    func testValuesEqualVcfanno() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/vcfanno") else {
            throw XCTSkip("vcfanno is not installed (apt-get install vcfanno); .ci/run installs it")
        }
        let directory = try Commands.temporaryDirectory()
        let config = "\(directory)/sources.toml"
        try """
        [[annotation]]
        file = "\(Self.data)/exac_GRCh37.vcf.gz"
        fields = ["AC_AFR", "AC_AMR", "AF", "AN_Adj", "AC_Hom"]
        names = ["exac_ac_afr", "exac_ac_amr", "exac_af", "exac_an", "exac_hom"]
        ops = ["self", "first", "self", "max", "first"]

        [[annotation]]
        file = "\(Self.data)/gnomad_r2_GRCh37.vcf.gz"
        fields = ["AC", "AF", "AN"]
        names = ["gnomad_AC", "gnomad_AF", "gnomad_AN"]
        ops = ["self", "self", "first"]

        [[annotation]]
        file = "\(Self.data)/clinvar_GRCh37_20230710.vcf.gz"
        fields = ["CLNSIG", "CLNREVSTAT", "GENEINFO", "ALLELEID", "MC"]
        names = ["clinvar_CLNSIG", "clinvar_CLNREVSTAT", "clinvar_GENEINFO", "clinvar_ALLELEID", "clinvar_MC"]
        ops = ["first", "first", "first", "first", "first"]

        [[annotation]]
        file = "\(Self.data)/fitcons.bed.gz"
        columns = [4, 4, 4]
        names = ["fitcons_mean", "fitcons_max", "fitcons_count"]
        ops = ["mean", "max", "count"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        var compared = [String: Int](), deviations = [String: Int]()
        for input in ["\(Self.data)/vcfanno_query.vcf.gz", "\(Self.data)/clinvar_query.vcf", "\(Self.data)/gnomad_r2_GRCh37.vcf.gz"] {
            let criba = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", config, input])
            let vcfanno = try Commands.run("/usr/bin/vcfanno", ["-p", "2", config, input])
            XCTAssertEqual(criba.status, 0, criba.error)
            XCTAssertEqual(vcfanno.status, 0, vcfanno.error)
            let ours = Self.infoByVariant(criba.text), theirs = Self.infoByVariant(vcfanno.text)
            XCTAssertEqual(ours.count, theirs.count)
            // vcfanno also pairs ClinVar's no-ALT records ('.') with input records whose ALT
            // is '.'; those are not variants, and Criba matches sequence alleles only.
            for (variant, theirInfo) in theirs where !variant.hasSuffix(":.") {
                let ourInfo = ours[variant] ?? [:]
                let alternates = variant.split(separator: ":").last?.split(separator: ",").count ?? 1
                for (key, value) in theirInfo where key.contains("_") && (key.hasPrefix("exac") || key.hasPrefix("gnomad") || key.hasPrefix("clinvar") || key.hasPrefix("fitcons")) {
                    let mine = ourInfo[key] ?? "<absent>"
                    // Known vcfanno deviations, counted and bounded below:
                    // (1) where the source has several records at one position (C>G, C>T),
                    //     vcfanno joins the values of all of them; Criba takes the matching allele's;
                    if value.split(separator: ",").count > alternates, value.split(separator: ",").contains(Substring(mine)) {
                        deviations["whole-list", default: 0] += 1
                        continue
                    }
                    // (2) a missing source value ('.') becomes 0 in vcfanno; Criba leaves it missing.
                    if key.hasPrefix("gnomad_"), value == "0", mine == "<absent>", theirInfo[String(key.dropFirst(7))] == "." {
                        deviations["missing-as-0", default: 0] += 1
                        continue
                    }
                    XCTAssertTrue(Self.same(mine, value), "\(variant) \(key): criba \(mine), vcfanno \(value)")
                    compared[String(key.split(separator: "_")[0]), default: 0] += 1
                }
                for key in ourInfo.keys where theirInfo[key] == nil && ["exac", "gnomad", "clinvar", "fitcons"].contains(String(key.split(separator: "_")[0])) {
                    XCTFail("\(variant) \(key): criba wrote \(ourInfo[key]!) but vcfanno nothing")
                }
            }
        }
        XCTAssertLessThan(deviations.values.reduce(0, +), 40, "\(deviations)")
        // Each source must actually have been exercised.
        XCTAssertGreaterThan(compared["clinvar"] ?? 0, 1500, "\(compared)")
        XCTAssertGreaterThan(compared["exac"] ?? 0, 20, "\(compared)")
        XCTAssertGreaterThan(compared["gnomad"] ?? 0, 5, "\(compared)")
        XCTAssertGreaterThan(compared["fitcons"] ?? 0, 500, "\(compared)")
    }

    /// Writes a VCF, compresses and indexes it with bgzip/tabix.
    static func indexedVCF(_ directory: String, _ name: String, _ records: [String], info: [String], contigLength: Int = 249_250_621) throws -> String {
        let header = ["##fileformat=VCFv4.2", "##contig=<ID=1,length=\(contigLength)>"] + info + ["#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"]
        let path = "\(directory)/\(name).vcf"
        try (header + records).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Commands.run("bgzip", ["-f", path]).status, 0)
        XCTAssertEqual(try Commands.run("tabix", ["-f", "-p", "vcf", path + ".gz"]).status, 0)
        return path + ".gz"
    }

    func testAlleleMatchingEdgeCases() throws {
        let directory = try Commands.temporaryDirectory()
        let gnomad = try Self.indexedVCF(directory, "gnomad", [
            "1\t100\trs1\tA\tAT,T\t.\tPASS\tAF=0.1,0.2;AC=10,20;nhomalt=1,2;grpmax=nfe,afr;DP=7,8,9",
            "1\t200\t.\tTATATA\tAATATA,T\t.\tPASS\tAF=0.3,0.4;AC=30,40;nhomalt=3,4;grpmax=eas,sas;DP=1,2,3",
            "1\t300\t.\tC\tG\t.\tPASS\tAF=0.5;AC=50;nhomalt=5;grpmax=amr;DP=4,5",
            "1\t300\t.\tC\tG\t.\tPASS\tAF=0.6;AC=60;nhomalt=6;grpmax=fin;DP=6,7",
            "1\t400\t.\tGCA\tG\t.\tPASS\tAF=0.7;AC=70;nhomalt=7;grpmax=nfe;DP=1,1",
        ], info: [
            "##INFO=<ID=AF,Number=A,Type=Float,Description=\"f\">",
            "##INFO=<ID=AC,Number=A,Type=Integer,Description=\"c\">",
            "##INFO=<ID=nhomalt,Number=A,Type=Integer,Description=\"h\">",
            "##INFO=<ID=grpmax,Number=A,Type=String,Description=\"g\">",
            "##INFO=<ID=DP,Number=R,Type=Integer,Description=\"per-allele depth\">",
        ])
        let input = try Self.indexedVCF(directory, "input", [
            "1\t100\t.\tA\tT\t.\tPASS\t.",          // second ALT of A>AT,T
            "1\t100\t.\tA\tAT,C\t.\tPASS\t.",       // first ALT matches, second does not
            "1\t200\t.\tT\tA\t.\tPASS\t.",          // TATATA>AATATA trimmed to T>A
            "1\t200\t.\tTATATA\tT\t.\tPASS\t.",     // the deletion, as written
            "1\t300\t.\tC\tG\t.\tPASS\t.",          // two source records: max / first / count
            "1\t401\t.\tCA\tC\t.\tPASS\t.",         // GCA>G at 400 is the same deletion written at 401? no: different
            "1\t500\t.\tA\tG\t.\tPASS\t.",          // no match
        ], info: [])
        let config = "\(directory)/c.toml"
        try """
        [[source]]
        file = "\(gnomad)"
        fields = ["AF", "AC", "nhomalt", "grpmax", "DP", "AF", "AC", "ID"]
        names = ["gnomad_AF", "gnomad_AC", "gnomad_nhomalt", "gnomad_grpmax", "gnomad_DP", "gnomad_AF_max", "gnomad_hits", "gnomad_id"]
        ops = ["first", "first", "first", "first", "first", "max", "count", "first"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", config, input])
        XCTAssertEqual(result.status, 0, result.error)
        let info = Self.infoByVariant(result.text)
        XCTAssertEqual(info["1:100:A:T"]?["gnomad_AF"], "0.2")
        XCTAssertEqual(info["1:100:A:T"]?["gnomad_AC"], "20")
        XCTAssertEqual(info["1:100:A:T"]?["gnomad_grpmax"], "afr")
        XCTAssertEqual(info["1:100:A:T"]?["gnomad_DP"], "9", "Number=R takes the matching ALT's value, not REF's")
        XCTAssertEqual(info["1:100:A:T"]?["gnomad_id"], "rs1")
        XCTAssertEqual(info["1:100:A:AT,C"]?["gnomad_AF"], "0.1,.")
        XCTAssertEqual(info["1:100:A:AT,C"]?["gnomad_grpmax"], "nfe,.")
        XCTAssertEqual(info["1:200:T:A"]?["gnomad_AF"], "0.3")
        XCTAssertEqual(info["1:200:TATATA:T"]?["gnomad_nhomalt"], "4")
        XCTAssertEqual(info["1:300:C:G"]?["gnomad_AF"], "0.5", "first is the first record in file order")
        XCTAssertEqual(info["1:300:C:G"]?["gnomad_AF_max"], "0.6")
        XCTAssertEqual(info["1:300:C:G"]?["gnomad_hits"], "2")
        XCTAssertNil(info["1:401:CA:C"]?["gnomad_AF"])
        XCTAssertNil(info["1:500:A:G"]?["gnomad_AF"])
        // Header: types and numbers carried, one value per ALT.
        XCTAssertTrue(result.text.contains("##INFO=<ID=gnomad_AC,Number=A,Type=Integer"))
        XCTAssertTrue(result.text.contains("##INFO=<ID=gnomad_grpmax,Number=A,Type=String"))
        XCTAssertTrue(result.text.contains("##INFO=<ID=gnomad_hits,Number=A,Type=Integer"))
        // The annotated values feed the filter language.
        let filtered = try Commands.run(Commands.criba, ["filter", "-i", "INFO/gnomad_AF < 0.25", "-"], input: result.text)
        XCTAssertEqual(filtered.recordCount, 2, filtered.error)
    }

    func testClinVarStarsScoreTableBEDAndGeneTable() throws {
        let directory = try Commands.temporaryDirectory()
        let clinvar = "\(Self.data)/clinvar_GRCh37_20230710.vcf.gz"
        // A REVEL-like score table: chrom, pos, ref, alt, score.
        let table = "\(directory)/scores.tsv"
        try "#chr\tpos\tref\talt\tREVEL\n1\t69581\tC\tG\t0.25\n1\t69581\tC\tT\t0.75\n1\t69645\tT\tC\t0.5\n"
            .write(toFile: table, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Commands.run("bgzip", ["-f", table]).status, 0)
        XCTAssertEqual(try Commands.run("tabix", ["-f", "-s1", "-b2", "-e2", table + ".gz"]).status, 0)
        let bed = "\(directory)/hotspots.bed"
        try "1\t69500\t69600\thotspotA\n1\t69580\t69700\thotspotB\n".write(toFile: bed, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Commands.run("bgzip", ["-f", bed]).status, 0)
        XCTAssertEqual(try Commands.run("tabix", ["-f", "-p", "bed", bed + ".gz"]).status, 0)
        let config = "\(directory)/c.toml"
        try """
        [[source]]
        file = "\(clinvar)"
        fields = ["CLNSIG", "CLNREVSTAT"]
        names = ["clinvar_CLNSIG", "clinvar_CLNREVSTAT"]
        stars = "clinvar_stars"

        [[source]]
        file = "\(table).gz"
        fields = ["REVEL"]

        [[source]]
        file = "\(bed).gz"
        columns = [4, 4]
        names = ["hotspot", "hotspot_n"]
        ops = ["concat", "count"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let input = "\(Self.data)/clinvar_query.vcf"
        let result = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", config, input])
        XCTAssertEqual(result.status, 0, result.error)
        let info = Self.infoByVariant(result.text)
        XCTAssertEqual(info["1:69581:C:G"]?["REVEL"], "0.25")
        XCTAssertEqual(info["1:69581:C:G"]?["hotspot"], "hotspotA,hotspotB")
        XCTAssertEqual(info["1:69581:C:G"]?["hotspot_n"], "2")
        // Stars agree with the review status for every annotated record.
        let expected = ["criteria_provided,_single_submitter": "1", "criteria_provided,_multiple_submitters,_no_conflicts": "2",
                        "reviewed_by_expert_panel": "3", "practice_guideline": "4", "no_assertion_criteria_provided": "0",
                        "criteria_provided,_conflicting_interpretations": "1", "criteria_provided,_conflicting_classifications": "1",
                        "no_assertion_provided": "0", "no_classification_provided": "0", "no_interpretation_for_the_single_variant": "0"]
        var starred = 0
        for (variant, fields) in info {
            guard let status = fields["clinvar_CLNREVSTAT"] else { continue }
            XCTAssertEqual(fields["clinvar_stars"], expected[status], "\(variant) \(status)")
            starred += 1
        }
        XCTAssertGreaterThan(starred, 300)
        XCTAssertTrue(result.text.contains("##criba_source=<ID=clinvar_GRCh37_20230710.vcf.gz"))

        // Gene table joined to CSQ (the input's CSQ, from a VEP-layout header).
        let genes = "\(directory)/constraint.tsv"
        try "gene\tpLI\tLOEUF\nSAMD11\t0.01\t0.9\nOR4F5\t0\t1.5\n".write(toFile: genes, atomically: true, encoding: .utf8)
        let csqInput = try Self.indexedVCF(directory, "csq", ["1\t69581\t.\tC\tG\t.\tPASS\tCSQ=G|missense_variant|MODERATE|OR4F5|ENSG1,G|intron_variant|MODIFIER|NOPE|ENSG2"],
                                           info: ["##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene\">"])
        let geneConfig = "\(directory)/g.toml"
        try "[[source]]\nfile = \"\(genes)\"\nkind = \"genes\"\nfields = [\"pLI\", \"LOEUF\"]\n".write(toFile: geneConfig, atomically: true, encoding: .utf8)
        let joined = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", geneConfig, csqInput])
        XCTAssertEqual(joined.status, 0, joined.error)
        XCTAssertTrue(joined.text.contains("CSQ=G|missense_variant|MODERATE|OR4F5|ENSG1|0|1.5,G|intron_variant|MODIFIER|NOPE|ENSG2||"), joined.text)
        XCTAssertTrue(joined.text.contains("Format: Allele|Consequence|IMPACT|SYMBOL|Gene|pLI|LOEUF\""))
        let constrained = try Commands.run(Commands.criba, ["filter", "-i", "CSQ.LOEUF > 1", "-"], input: joined.text)
        XCTAssertEqual(constrained.recordCount, 1, constrained.error)
    }

    func testBadConfigsGiveOneLine() throws {
        let directory = try Commands.temporaryDirectory()
        let input = "\(Self.data)/vcfanno_query.vcf.gz"
        func fails(_ config: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let path = "\(directory)/bad.toml"
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            let output = "\(directory)/out.vcf"
            let result = try Commands.run(Commands.criba, ["annotate", "--config", path, input, "-o", output])
            XCTAssertNotEqual(result.status, 0, file: file, line: line)
            let lines = result.error.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, result.error, file: file, line: line)
            XCTAssertTrue(result.error.contains(message), result.error, file: file, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "no output on error", file: file, line: line)
        }
        try fails("[[source]]\nfile = \"missing.vcf.gz\"\nfields = [\"AF\"]\n", "missing.vcf.gz: no such file")
        // Unindexed: a bgzipped copy without its index.
        let unindexed = "\(directory)/noindex.vcf.gz"
        try FileManager.default.copyItem(atPath: "\(Self.data)/exac_GRCh37.vcf.gz", toPath: unindexed)
        try fails("[[source]]\nfile = \"\(unindexed)\"\nfields = [\"AF\"]\n", "no tabix index found")
        // chr-prefixed source against a '1'-named input.
        let renamed = "\(directory)/chr.vcf"
        let text = try Commands.run("bash", ["-c", "zcat \(Self.data)/exac_GRCh37.vcf.gz | sed -e 's/^1\\t/chr1\\t/' -e 's/##contig=<ID=1,/##contig=<ID=chr1,/'"]).text
        try text.write(toFile: renamed, atomically: true, encoding: .utf8)
        _ = try Commands.run("bgzip", ["-f", renamed]); _ = try Commands.run("tabix", ["-f", "-p", "vcf", renamed + ".gz"])
        try fails("[[source]]\nfile = \"\(renamed).gz\"\nfields = [\"AF\"]\n", "contig naming differs")
        try fails("[[source]]\nfile = \"\(Self.data)/exac_GRCh37.vcf.gz\"\nfields = [\"AFF\"]\n", "INFO/AFF is not declared")
        try fails("[[source]]\nfile = \"\(Self.data)/exac_GRCh37.vcf.gz\"\nfields = [\"AF\"]\nops = [\"lua:mean(vals)\"]\n", "Lua operations")
        try fails("[[source]]\nfile = \"\(Self.data)/exac_GRCh37.vcf.gz\"\nfields = [\"AF\"\n", "invalid TOML")
        try fails("[[source]]\nfile = \"\(Self.data)/exac_GRCh37.vcf.gz\"\nfield = [\"AF\"]\n", "unknown key 'field'")
    }

    func testPreparedSourcesGiveTheSameValuesAsRawOnes() throws {
        let directory = try Commands.temporaryDirectory()
        let exac = "\(directory)/exac.cdb", clinvar = "\(directory)/clinvar.cdb"
        for (source, fields, output) in [("exac_GRCh37.vcf.gz", "AC_AFR,AF,AN_Adj,AC_Hom", exac),
                                         ("clinvar_GRCh37_20230710.vcf.gz", "CLNSIG,CLNREVSTAT,GENEINFO,ALLELEID,MC", clinvar)] {
            let built = try Commands.run(Commands.criba, ["db", "build", "-i", fields, "-o", output, "\(Self.data)/\(source)"])
            XCTAssertEqual(built.status, 0, built.error)
            XCTAssertTrue(built.error.contains("alleles"), built.error)
        }
        func config(_ exacFile: String, _ clinvarFile: String) -> String {
            """
            [[source]]
            file = "\(exacFile)"
            fields = ["AC_AFR", "AF", "AN_Adj", "AC_Hom"]
            names = ["exac_ac_afr", "exac_af", "exac_an", "exac_hom"]
            ops = ["first", "first", "max", "count"]

            [[source]]
            file = "\(clinvarFile)"
            fields = ["CLNSIG", "CLNREVSTAT", "GENEINFO", "ALLELEID", "MC"]
            names = ["clinvar_CLNSIG", "clinvar_CLNREVSTAT", "clinvar_GENEINFO", "clinvar_ALLELEID", "clinvar_MC"]
            stars = "clinvar_stars"
            """
        }
        let raw = "\(directory)/raw.toml", prepared = "\(directory)/prepared.toml"
        try config("\(Self.data)/exac_GRCh37.vcf.gz", "\(Self.data)/clinvar_GRCh37_20230710.vcf.gz").write(toFile: raw, atomically: true, encoding: .utf8)
        try config(exac, clinvar).write(toFile: prepared, atomically: true, encoding: .utf8)
        var annotated = 0
        for input in ["\(Self.data)/vcfanno_query.vcf.gz", "\(Self.data)/clinvar_query.vcf", "\(Self.data)/gnomad_r2_GRCh37.vcf.gz"] {
            let fromRaw = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", raw, input])
            let fromPrepared = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", prepared, input])
            XCTAssertEqual(fromRaw.status, 0, fromRaw.error)
            XCTAssertEqual(fromPrepared.status, 0, fromPrepared.error)
            let records = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("##") } }
            XCTAssertEqual(records(fromRaw.text), records(fromPrepared.text), input)
            annotated += records(fromPrepared.text).filter { $0.contains("exac_") || $0.contains("clinvar_") }.count
        }
        XCTAssertGreaterThan(annotated, 800)
        // A prepared source names its origin; a damaged one is refused in one line.
        let header = try Commands.run(Commands.criba, ["annotate", "--config", prepared, "\(Self.data)/clinvar_query.vcf"]).text
        XCTAssertTrue(header.contains("Prepared=true"))
        XCTAssertTrue(header.contains("SourceMD5=806853f2d69609f99a2371e4720c95e5"))
        let damaged = "\(directory)/damaged.cdb"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: clinvar))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
        try config(exac, damaged).write(toFile: prepared, atomically: true, encoding: .utf8)
        let refused = try Commands.run(Commands.criba, ["annotate", "--config", prepared, "\(Self.data)/clinvar_query.vcf"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.error.contains("damaged.cdb: truncated prepared source"), refused.error)
        let missingField = try Commands.run(Commands.criba, ["db", "build", "-i", "NOPE", "-o", "\(directory)/x.cdb", "\(Self.data)/exac_GRCh37.vcf.gz"])
        XCTAssertNotEqual(missingField.status, 0)
        XCTAssertTrue(missingField.error.contains("INFO/NOPE is not declared"), missingField.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(directory)/x.cdb"))
    }

    func testIndelsLeftAlignedAgainstTheReferenceMatch() throws {
        let directory = try Commands.temporaryDirectory()
        // 1 GGGG ACACAC TTTT GAGAGA TTTT CCCC AAAA TTTT GG (40 bases)
        let sequence = "GGGGACACACTTTTGAGAGATTTTCCCCAAAATTTTGGGG"
        try ">1\n\(sequence)\n".write(toFile: "\(directory)/ref.fa", atomically: true, encoding: .utf8)
        func vcf(_ name: String, _ records: [String], info: [String]) throws -> String {
            try Self.indexedVCF(directory, name, records, info: info, contigLength: sequence.count)
        }
        // The source writes both indels at the right end of their repeats, the input at the left.
        let source = try vcf("source", ["1\t8\t.\tCAC\tC\t.\tPASS\tAF=0.3", "1\t20\t.\tA\tAGA\t.\tPASS\tAF=0.4"],
                             info: ["##INFO=<ID=AF,Number=A,Type=Float,Description=\"f\">"])
        let input = try vcf("input", ["1\t4\t.\tGAC\tG\t.\tPASS\t.", "1\t14\t.\tT\tTGA\t.\tPASS\t."], info: [])
        // Oracle: bcftools norm -f moves the source's spellings to the input's.
        let normalised = try Commands.run("bcftools", ["norm", "-f", "\(directory)/ref.fa", source]).text
        XCTAssertTrue(normalised.contains("1\t4\t.\tGAC\tG\t") && normalised.contains("1\t14\t.\tT\tTGA\t"), normalised)
        let config = "\(directory)/c.toml"
        try "[[source]]\nfile = \"\(source)\"\nfields = [\"AF\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let trimmedOnly = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", config, input])
        XCTAssertEqual(trimmedOnly.status, 0, trimmedOnly.error)
        XCTAssertNil(Self.infoByVariant(trimmedOnly.text)["1:4:GAC:G"]?["AF"], "without a reference the two spellings differ")
        let aligned = try Commands.run(Commands.criba, ["annotate", "--no-version", "-f", "\(directory)/ref.fa", "--config", config, input])
        XCTAssertEqual(aligned.status, 0, aligned.error)
        let info = Self.infoByVariant(aligned.text)
        XCTAssertEqual(info["1:4:GAC:G"]?["AF"], "0.3")
        XCTAssertEqual(info["1:14:T:TGA"]?["AF"], "0.4")
        // A prepared source built with the same reference gives the same values.
        let built = try Commands.run(Commands.criba, ["db", "build", "-i", "AF", "-f", "\(directory)/ref.fa", "-o", "\(directory)/s.cdb", source])
        XCTAssertEqual(built.status, 0, built.error)
        try "[[source]]\nfile = \"\(directory)/s.cdb\"\nfields = [\"AF\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let prepared = try Commands.run(Commands.criba, ["annotate", "--no-version", "-f", "\(directory)/ref.fa", "--config", config, input])
        XCTAssertEqual(prepared.status, 0, prepared.error)
        XCTAssertEqual(Self.infoByVariant(prepared.text)["1:4:GAC:G"]?["AF"], "0.3")
        XCTAssertEqual(Self.infoByVariant(prepared.text)["1:14:T:TGA"]?["AF"], "0.4")
        // Annotating without -f from a left-aligned prepared source warns.
        let unaligned = try Commands.run(Commands.criba, ["annotate", "--no-version", "--config", config, input])
        XCTAssertTrue(unaligned.error.contains("was built with left-aligned indels"), unaligned.error)
    }

    func testGeneTableJoinsTheConsequencesComputedInTheSameRun() throws {
        let directory = try Commands.temporaryDirectory()
        let tp53 = Commands.root.appendingPathComponent("testdata/annotation/tp53").path
        let genes = "\(directory)/constraint.tsv.gz"
        let plain = "\(directory)/constraint.tsv"
        try "gene\tpLI\tLOEUF\nTP53\t0.532\t0.469\n".write(toFile: plain, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Commands.run("bgzip", ["-f", plain]).status, 0)
        let config = "\(directory)/g.toml"
        try "[[source]]\nfile = \"\(genes)\"\nkind = \"genes\"\nfields = [\"pLI\", \"LOEUF\"]\nnames = [\"gnomAD_pLI\", \"gnomAD_LOEUF\"]\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Commands.run(Commands.criba, ["annotate", "--no-version", "--pick", "-g", "\(tp53)/TP53_GRCh38.local.gff3",
                                                       "-f", "\(tp53)/TP53_GRCh38_chr17_7660000-7700000.local.fa", "--config", config,
                                                       "\(tp53)/TP53_hotspots.local.vcf"])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.text.contains("|HGVS_OFFSET|gnomAD_pLI|gnomAD_LOEUF\">"), "CSQ Format lists the new columns")
        let entries = result.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(entries.count, 4)
        for line in entries {
            XCTAssertTrue(line.contains("|TP53|") && line.contains("|0.532|0.469"), String(line))
        }
        let filtered = try Commands.run(Commands.criba, ["filter", "-i", "CSQ.gnomAD_LOEUF < 0.5 && CSQ.SYMBOL == \"TP53\"", "-"], input: result.text)
        XCTAssertEqual(filtered.recordCount, 4, filtered.error)
    }
}
