import Filtering
import Foundation
import VariantIO
import VariantModel
import XCTest

/// The filter language on a small hand-made VCF whose every value is known: field
/// access, vectors, missing values, CSQ entries, samples and roles, and the error
/// messages with their carets.
final class FilterLanguageTests: XCTestCase {
    static let csqFormat = "Allele|Consequence|IMPACT|SYMBOL|Feature|CADD"
    static let vcf = """
    ##fileformat=VCFv4.2
    ##FILTER=<ID=PASS,Description="All filters passed">
    ##FILTER=<ID=LowQual,Description="Low quality">
    ##contig=<ID=chr1,length=1000000>
    ##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">
    ##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">
    ##INFO=<ID=gnomad_AF,Number=A,Type=Float,Description="gnomAD AF">
    ##INFO=<ID=DB,Number=0,Type=Flag,Description="dbSNP">
    ##INFO=<ID=NOTE,Number=1,Type=String,Description="A note">
    ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: \(csqFormat)">
    ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
    ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
    ##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
    #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\tDAD\tMOM
    chr1\t100\trs1\tA\tG\t50\tPASS\tDP=30;AF=0.5;gnomad_AF=0.0001;DB;NOTE=good;CSQ=G|missense_variant|MODERATE|GENE1|T1|25.5,G|intron_variant&NMD_transcript_variant|MODIFIER|GENE1|T2|\tGT:DP:AD\t0/1:20:10,10\t0/0:25:25,0\t0/0:30:30,0
    chr1\t200\t.\tC\tT,CA\t10\tLowQual\tDP=5;AF=0.1,0.2\tGT:DP:AD\t1|2:8:0,4,4\t0/1:.:3,3,0\t./.:.:.
    chr1\t300\t.\tG\tA\t.\t.\tNOTE=odd;CSQ=A|stop_gained|HIGH|GENE2|T3|40\tGT:DP:AD\t1/1:40:0,40\t0/1:35:20,15\t0/1:30:15,15
    """
    static let ped = "fam\tKID\tDAD\tMOM\t1\t2\nfam\tDAD\t0\t0\t1\t1\nfam\tMOM\t0\t0\t2\t1\n"

    var header: VariantHeader!
    var records: [VariantRecord] = []

    override func setUpWithError() throws {
        let path = try Self.write(Self.vcf, name: "filter.vcf")
        let reader = try VariantReader(path: path)
        header = reader.header
        while true {
            let record = VariantRecord()
            guard try reader.read(into: record) else { break }
            records.append(record)
        }
        XCTAssertEqual(records.count, 3)
    }

    static func write(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-filter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The POS of the records the expression keeps.
    func kept(_ text: String, pedigree: Pedigree? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [Int] {
        let schema = FilterSchema(header: header, pedigree: pedigree)
        let expression = try FilterExpression(text, schema: schema)
        let evaluator = FilterEvaluator(expressions: [expression], csqTag: header.tag("CSQ"))
        return records.filter { evaluator.load($0); return evaluator.holds(0) }.map(\.position)
    }

    func message(_ text: String, pedigree: Pedigree? = nil) -> String {
        do {
            _ = try FilterExpression(text, schema: FilterSchema(header: header, pedigree: pedigree))
            return "compiled"
        } catch {
            return error.description
        }
    }

    func testFixedColumnsAndInfo() throws {
        XCTAssertEqual(try kept("QUAL >= 10"), [100, 200])
        XCTAssertEqual(try kept("QUAL < 20"), [200], "a missing QUAL satisfies no comparison")
        XCTAssertEqual(try kept("FILTER == \"PASS\""), [100])
        XCTAssertEqual(try kept("FILTER == \".\""), [300])
        XCTAssertEqual(try kept("FILTER in [\"PASS\", \".\"]"), [100, 300])
        XCTAssertEqual(try kept("CHROM == \"chr1\" && POS > 150"), [200, 300])
        XCTAssertEqual(try kept("ID == \"rs1\""), [100])
        XCTAssertEqual(try kept("ALT == \"CA\""), [200], "ALT compares each allele")
        XCTAssertEqual(try kept("INFO/DB"), [100])
        XCTAssertEqual(try kept("!INFO/DB"), [200, 300])
        XCTAssertEqual(try kept("DP > 20"), [100], "a bare declared INFO tag")
        XCTAssertEqual(try kept("INFO/AF > 0.15"), [100, 200], "Number=A: any value")
        XCTAssertEqual(try kept("INFO/AF[0] > 0.15"), [100])
        XCTAssertEqual(try kept("INFO/NOTE ~ \"^go\""), [100])
        XCTAssertEqual(try kept("INFO/NOTE !~ \"^go\""), [300])
        XCTAssertEqual(try kept("INFO/DP * 2 >= 60"), [100])
        XCTAssertEqual(try kept("-INFO/DP < -10"), [100])
    }

    func testMissingValues() throws {
        XCTAssertEqual(try kept("INFO/gnomad_AF < 0.001"), [100], "absent: the comparison is false")
        XCTAssertEqual(try kept("(INFO/gnomad_AF ?? 0) < 0.001"), [100, 200, 300], "?? supplies a default")
        XCTAssertEqual(try kept("INFO/DP != 5"), [100, 300], "!= holds for a missing value, as in bcftools")
        XCTAssertEqual(try kept("missing(INFO/DP)"), [300])
        XCTAssertEqual(try kept("exists(QUAL)"), [100, 200])
        XCTAssertEqual(try kept("INFO/NOTE ?? \"none\" == \"none\""), [200])
    }

    func testSamplesAndGenotypes() throws {
        let pedigree = try Pedigree(text: Self.ped)
        XCTAssertEqual(pedigree.proband?.id, "KID")
        XCTAssertEqual(try kept("het(KID)"), [100, 200])
        XCTAssertEqual(try kept("het(proband) && hom_ref(mother) && hom_ref(father)", pedigree: pedigree), [100])
        XCTAssertEqual(try kept("hom_alt(proband)", pedigree: pedigree), [300])
        XCTAssertEqual(try kept("missing(mother)", pedigree: pedigree), [200])
        XCTAssertEqual(try kept("phased(sample(\"KID\"))"), [200])
        XCTAssertEqual(try kept("DAD.DP >= 25"), [100, 300], "DAD's DP: 25, missing, 35")
        XCTAssertEqual(try kept("father.DP >= 25", pedigree: pedigree), [100, 300])
        XCTAssertEqual(try kept("mother.AD[1] > 10", pedigree: pedigree), [300])
        XCTAssertEqual(try kept("FORMAT/DP > 35"), [300], "any sample")
        XCTAssertEqual(try kept("all(FORMAT/DP >= 20)"), [100, 300], "every sample; a missing value fails")
        XCTAssertEqual(try kept("any(het() && FORMAT/DP >= 35)"), [300], "the same sample for both tests")
        XCTAssertEqual(try kept("FORMAT/AD[1] / FORMAT/DP > 0.55"), [300], "arithmetic on one sample at a time")
    }

    func testCSQEntries() throws {
        XCTAssertEqual(try kept("CSQ.IMPACT == \"HIGH\""), [300])
        XCTAssertEqual(try kept("CSQ.IMPACT in [\"HIGH\", \"MODERATE\"]"), [100, 300])
        XCTAssertEqual(try kept("CSQ.Consequence == \"NMD_transcript_variant\""), [100], "& joins several terms")
        XCTAssertEqual(try kept("any(CSQ.SYMBOL == \"GENE1\" && CSQ.IMPACT == \"MODIFIER\")"), [100])
        XCTAssertEqual(try kept("any(CSQ.Feature == \"T1\" && CSQ.IMPACT == \"MODIFIER\")"), [], "one entry must satisfy both")
        XCTAssertEqual(try kept("all(CSQ.IMPACT == \"MODERATE\")"), [], "T2 is MODIFIER; no CSQ is not all")
        XCTAssertEqual(try kept("CSQ.CADD > 30"), [300], "numeric CSQ columns; an empty value is missing")
        XCTAssertEqual(try kept("CSQ.Consequence ~ \"^stop\""), [300])
        XCTAssertEqual(try kept("exists(CSQ.CADD)"), [100, 300])
    }

    func testLongCSQAndManyParts() throws {
        // 70 entries (past the initial entry and bound storage) and a column of 12
        // `&`-joined terms (past a node's initial 8 values); the match is in the last ones.
        let terms = (1...12).map { "term\($0)" }.joined(separator: "&")
        let entries = (1...69).map { "A|intron_variant|MODIFIER|G\($0)|T\($0)|" } + ["A|\(terms)|HIGH|LAST|T70|99"]
        let text = Self.vcf.components(separatedBy: "\n").prefix(14).joined(separator: "\n")
            + "\nchr1\t400\t.\tG\tA\t.\t.\tCSQ=\(entries.joined(separator: ","))\tGT\t0/1\t0/0\t0/0\n"
        let reader = try VariantReader(path: try Self.write(text, name: "long.vcf"))
        let record = VariantRecord()
        XCTAssertTrue(try reader.read(into: record))
        let schema = FilterSchema(header: reader.header)
        let texts = ["CSQ.Consequence == \"term12\"", "any(CSQ.SYMBOL == \"LAST\" && CSQ.CADD > 50)", "all(CSQ.IMPACT != \"LOW\")",
                     "!all(CSQ.IMPACT == \"MODIFIER\")", "CSQ.Feature in [\"T70\"]"]
        let evaluator = FilterEvaluator(expressions: try texts.map { try FilterExpression($0, schema: schema) }, csqTag: reader.header.tag("CSQ"))
        evaluator.load(record)
        for (index, text) in texts.enumerated() { XCTAssertTrue(evaluator.holds(index), text) }
    }

    func testLabels() throws {
        let schema = FilterSchema(header: header)
        XCTAssertEqual(try FilterExpression("rare: INFO/gnomad_AF < 0.01", schema: schema).label, "rare")
        XCTAssertNil(try FilterExpression("INFO/NOTE == \"a:b\"", schema: schema).label)
        XCTAssertEqual(message("rare:"), "the expression after 'rare:' is empty\n  rare:\n       ^")
    }

    func testErrorsPointAtTheProblem() {
        XCTAssertEqual(message("INFO/DPP > 10"), """
        unknown INFO field 'DPP' (did you mean 'DP'?)
          INFO/DPP > 10
          ^~~~~~~~
        """)
        XCTAssertEqual(message("QUAL > 30 && INFO/NOTE > 3"), """
        cannot compare 3 (a number) with INFO/NOTE (text)
          QUAL > 30 && INFO/NOTE > 3
                       ^~~~~~~~~~~~~
        """)
        XCTAssertEqual(message("INFO/NOTE < \"b\""), """
        '<' needs numbers; text compares with ==, !=, in and ~
          INFO/NOTE < "b"
          ^~~~~~~~~~~~~~~
        """)
        XCTAssertEqual(message("rare: INFO/DP > \"x\""), """
        cannot compare INFO/DP (a number) with "x" (text)
          rare: INFO/DP > "x"
                ^~~~~~~~~~~~~
        """)
        XCTAssertEqual(message("QUAL > 30 &&"), """
        the expression ends where a value was expected
          QUAL > 30 &&
                      ^
        """)
        XCTAssertEqual(message("(QUAL > 30"), """
        expected ')' to close the parenthesis opened at column 1, found the end of the expression
          (QUAL > 30
                    ^
        """)
        XCTAssertEqual(message("QUAL > 30 & DP > 3"), """
        '&' is not an operator here: write '&&' (and any()/all() for per-sample logic)
          QUAL > 30 & DP > 3
                    ^
        """)
        XCTAssertEqual(message("CSQ.IMPCT == \"HIGH\""), """
        unknown CSQ column 'IMPCT' (did you mean 'IMPACT'?)
          CSQ.IMPCT == "HIGH"
          ^~~~~~~~~
        """)
        XCTAssertEqual(message("FILTER == \"LowQaul\""), """
        FILTER 'LowQaul' is not declared in the header (did you mean 'LowQual'?)
          FILTER == "LowQaul"
                    ^~~~~~~~~
        """)
        XCTAssertTrue(message("INFO/DB > 1").hasPrefix("INFO/DB is a Flag"))
        XCTAssertTrue(message("INFO/DP").hasPrefix("INFO/DP is a number, not a condition"))
        XCTAssertTrue(message("het(proband)").hasPrefix("'proband' is a pedigree role: give the family with --ped"))
        XCTAssertTrue(message("FORMAT/GT == \"0/1\"").hasPrefix("test genotypes with het()"))
        XCTAssertTrue(message("NOTE ~ \"a(\"").hasPrefix("invalid regular expression"))
        XCTAssertTrue(message("QUAL > 1 > 2").hasPrefix("comparisons do not chain"))
        XCTAssertTrue(message("any(QUAL > 3)").hasPrefix("any() needs CSQ.* or per-sample FORMAT/* fields"))
        XCTAssertTrue(message("CSQ.IMPACT == \"HIGH\" || FORMAT/DP > 3").hasPrefix("compiled"), "each side is quantified on its own")
        XCTAssertTrue(message("CSQ.CADD > FORMAT/DP").hasPrefix("this condition reads both CSQ entries and samples"))
        XCTAssertTrue(message("QUAL > 1e").hasPrefix("malformed number '1e'"))
        XCTAssertTrue(message("INFO/NOTE == \"abc").hasPrefix("unterminated string"))
    }

    func testPresetsCompileOnAnAnnotatedHeader() throws {
        let presets = try FilterPreset.all()
        XCTAssertTrue(presets.contains { $0.name == "rare-coding" })
        XCTAssertEqual(presets.first?.version, 1)
        let annotated = Self.vcf.replacingOccurrences(of: "gnomad_AF,Number=A", with: "gnomad_grpmax_AF,Number=A")
            .replacingOccurrences(of: "gnomad_AF=", with: "gnomad_grpmax_AF=")
        let reader = try VariantReader(path: try Self.write(annotated, name: "annotated.vcf"))
        let schema = FilterSchema(header: reader.header)
        for preset in presets {
            XCTAssertNoThrow(try FilterExpression("\(preset.name): \(preset.expression)", schema: schema), preset.name)
        }
        let rareCoding = try FilterExpression(try FilterPreset.named("rare-coding").expression, schema: schema)
        let evaluator = FilterEvaluator(expressions: [rareCoding], csqTag: reader.header.tag("CSQ"))
        var kept: [Int] = []
        let record = VariantRecord()
        while try reader.read(into: record) {
            evaluator.load(record)
            if evaluator.holds(0) { kept.append(record.position) }
        }
        XCTAssertEqual(kept, [100, 300], "PASS or unset, rare (absent is rare), and MODERATE/HIGH")
    }
}
