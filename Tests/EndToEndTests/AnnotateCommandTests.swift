import Foundation
import XCTest

/// `criba annotate` run as a user runs it: output read by `bcftools +split-vep`, and the
/// bad-input cases (REF mismatch, contig naming, missing files) as one-line errors.
final class AnnotateCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let tp53 = Commands.root.appendingPathComponent("testdata/annotation/tp53")
    static let gff = tp53.appendingPathComponent("TP53_GRCh38.local.gff3").path
    static let fasta = tp53.appendingPathComponent("TP53_GRCh38_chr17_7660000-7700000.local.fa").path
    static let vcf = tp53.appendingPathComponent("TP53_hotspots.local.vcf").path

    func testSplitVEPReadsCribaCSQ() throws {
        let directory = try CribaCommandTests.temporaryDirectory()
        let output = directory + "/annotated.bcf"
        let run = try Commands.run(Commands.criba, ["annotate", "--threads", "2", "--pick", "-g", Self.gff, "-f", Self.fasta, "-o", output, Self.vcf])
        XCTAssertEqual(run.status, 0, run.error)
        let split = try Commands.run("bcftools", ["+split-vep", "-f", "%POS\t%SYMBOL\t%Feature\t%HGVSc\t%HGVSp\t%PICK\n", output])
        XCTAssertEqual(split.status, 0, split.error)
        let lines = split.text.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, "one picked entry per allele")
        XCTAssertEqual(lines[0], "15089\tTP53\tENST00000269305\tENST00000269305.9:c.524G>A\tENSP00000269305:p.(Arg175His)\t1")
        XCTAssertTrue(lines[3].hasSuffix("ENST00000269305.9:c.637C>T\tENSP00000269305:p.(Arg213Ter)\t1"))
    }

    /// `criba db genes` once, then `-g` the cache: the same VCF, byte for byte, as from the
    /// genePred source (demo chr20 exome calls, both workers), and the header names the
    /// cache and the source with the source's SHA-256.
    func testGeneModelCacheAnnotatesAsItsSource() throws {
        let directory = try CribaCommandTests.temporaryDirectory()
        let demo = Commands.root.appendingPathComponent("testdata/demo").path
        let genePred = demo + "/ensembl75_GRCh37_chr20_60Mb-end.genePred.gz", cache = directory + "/ensembl75.genes"
        let built = try Commands.run(Commands.criba, ["db", "genes", "-o", cache, genePred])
        XCTAssertEqual(built.status, 0, built.error)
        XCTAssertTrue(built.error.contains("criba db genes: \(cache): "), built.error)
        var outputs: [String] = []
        for model in [genePred, cache] {
            let output = directory + "/from-\(outputs.count).vcf"
            let run = try Commands.run(Commands.criba, ["annotate", "--no-version", "--threads", "2", "-g", model, "-f", demo + "/GRCh37_chr20_60Mb-end.fa.gz",
                                                         "-o", output, demo + "/epilepsy-kcnq2.vcf.gz"])
            XCTAssertEqual(run.status, 0, run.error)
            outputs.append(try String(contentsOfFile: output, encoding: .utf8))
        }
        XCTAssertGreaterThan(outputs[0].components(separatedBy: "CSQ=").count, 80)
        XCTAssertEqual(outputs[0], outputs[1])
        let versioned = directory + "/versioned.vcf"
        let run = try Commands.run(Commands.criba, ["annotate", "-g", cache, "-f", demo + "/GRCh37_chr20_60Mb-end.fa.gz", "-o", versioned,
                                                     demo + "/epilepsy-kcnq2.vcf.gz"])
        XCTAssertEqual(run.status, 0, run.error)
        let sha = try Commands.run("/usr/bin/sha256sum", [genePred]).text.prefix(64)
        let header = try String(contentsOfFile: versioned, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("##criba_geneModel=") }
        XCTAssertEqual(header.map(String.init), "##criba_geneModel=<File=\"\(cache)\",Size=\(try FileManager.default.attributesOfItem(atPath: cache)[.size] as! Int),"
                       + "Transcripts=\(try Self.transcriptCount(built.error)),Cache=true,Source=\"ensembl75_GRCh37_chr20_60Mb-end.genePred.gz\",SourceFormat=genePred,SourceSHA256=\(sha)>")
    }

    /// The transcript count from `criba db genes`' summary line.
    static func transcriptCount(_ summary: String) throws -> Int {
        let words = summary.split(separator: " ")
        let index = try XCTUnwrap(words.firstIndex { $0.hasPrefix("transcripts") })
        return try XCTUnwrap(Int(words[index - 1]))
    }

    func testBadInputGivesOneLineAndNoOutput() throws {
        let directory = try CribaCommandTests.temporaryDirectory()
        let output = directory + "/out.vcf"
        // REF differs from the reference.
        let mismatch = directory + "/mismatch.vcf"
        try "##fileformat=VCFv4.2\n##contig=<ID=17,length=40001>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n17\t15089\t.\tG\tT\t.\t.\t.\n"
            .write(toFile: mismatch, atomically: true, encoding: .utf8)
        try CribaCommandTests.assertFails(["annotate", "-g", Self.gff, "-f", Self.fasta, "-o", output, mismatch],
                                            message: "17:15089: REF G differs from the reference C")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        // --ref-mismatch warn counts it and goes on.
        let warned = try Commands.run(Commands.criba, ["annotate", "--ref-mismatch", "warn", "-g", Self.gff, "-f", Self.fasta, "-o", output, mismatch])
        XCTAssertEqual(warned.status, 0)
        XCTAssertTrue(warned.error.contains("warning: 1 record(s) have a REF that differs"), warned.error)
        // chr17 in the VCF, 17 in the reference.
        let renamed = directory + "/chr.vcf"
        try "##fileformat=VCFv4.2\n##contig=<ID=chr17,length=40001>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr17\t15089\t.\tC\tT\t.\t.\t.\n"
            .write(toFile: renamed, atomically: true, encoding: .utf8)
        try CribaCommandTests.assertFails(["annotate", "-g", Self.gff, "-f", Self.fasta, "-o", output, renamed],
                                            message: "but has '17': the VCF and the reference name contigs differently")
        // A different build: same name, other length.
        let build = directory + "/build.vcf"
        try "##fileformat=VCFv4.2\n##contig=<ID=17,length=52000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n17\t15089\t.\tC\tT\t.\t.\t.\n"
            .write(toFile: build, atomically: true, encoding: .utf8)
        try CribaCommandTests.assertFails(["annotate", "-g", Self.gff, "-f", Self.fasta, "-o", output, build],
                                            message: "different genome builds")
        try CribaCommandTests.assertFails(["annotate", "-g", "/nonexistent.gff3", "-f", Self.fasta, Self.vcf], message: "/nonexistent.gff3")
        try CribaCommandTests.assertFails(["annotate", "-g", Self.gff, Self.vcf], status: 64, message: "give the reference FASTA with -f")
    }
}
