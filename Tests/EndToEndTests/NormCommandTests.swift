import Foundation
import XCTest

/// `criba norm` against its oracle, `bcftools norm` (Debian package), on the same input in
/// the same run: a seeded random genome full of repeats and a VCF of SNVs, MNPs, indels
/// placed anywhere in those repeats, and multiallelic mixes, with Number=A/R/G INFO and
/// FORMAT values and haploid, phased and missing genotypes. The outputs must be identical.
final class NormCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests

    /// SplitMix64, so the input is the same on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Writes `ref.fa` and `calls.vcf` into `directory`.
    static func makeInput(directory: String, seed: UInt64, records: Int) throws {
        var random = Generator(state: seed)
        let bases = Array("ACGT".utf8)
        var contigs: [(String, [UInt8])] = []
        for name in ["chr1", "chr2"] {
            var sequence: [UInt8] = []
            while sequence.count < 30_000 {
                switch Int.random(in: 0..<4, using: &random) {
                case 0: sequence.append(contentsOf: (0..<Int.random(in: 5...40, using: &random)).map { _ in bases.randomElement(using: &random)! })
                case 1: sequence.append(contentsOf: repeatElement(bases.randomElement(using: &random)!, count: Int.random(in: 3...14, using: &random)))
                default:
                    let unit = (0..<Int.random(in: 2...4, using: &random)).map { _ in bases.randomElement(using: &random)! }
                    for _ in 0..<Int.random(in: 2...7, using: &random) { sequence.append(contentsOf: unit) }
                }
            }
            contigs.append((name, sequence))
        }
        var fasta = ""
        for (name, sequence) in contigs {
            fasta += ">\(name)\n"
            for start in stride(from: 0, to: sequence.count, by: 70) {
                fasta += String(decoding: sequence[start..<min(start + 70, sequence.count)], as: UTF8.self) + "\n"
            }
        }
        try fasta.write(toFile: directory + "/ref.fa", atomically: true, encoding: .utf8)

        var lines = [
            "##fileformat=VCFv4.2",
            "##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count\">",
            "##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">",
            "##INFO=<ID=RC,Number=R,Type=Integer,Description=\"Per-allele read count\">",
            "##INFO=<ID=GL3,Number=G,Type=Integer,Description=\"Per-genotype value\">",
            "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">",
            "##INFO=<ID=TAG,Number=.,Type=String,Description=\"Text\">",
            "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
            "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allele depths\">",
            "##FORMAT=<ID=PL,Number=G,Type=Integer,Description=\"Phred likelihoods\">",
            "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">",
        ]
        for (name, sequence) in contigs { lines.append("##contig=<ID=\(name),length=\(sequence.count)>") }
        lines.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tMOTHER\tFATHER\tCHILD")
        for (name, sequence) in contigs {
            var positions = (0..<(records / 2)).map { _ in Int.random(in: 2...(sequence.count - 30), using: &random) }
            positions.sort()
            for position in positions {
                let alleleCount = [1, 1, 1, 2, 3].randomElement(using: &random)!
                let span = Int.random(in: 1...6, using: &random)
                let reference = Array(sequence[(position - 1)..<(position - 1 + span)])
                var alternates: [[UInt8]] = []
                while alternates.count < alleleCount {
                    var alternate: [UInt8]
                    switch Int.random(in: 0..<6, using: &random) {
                    case 0:   // deletion: keep a prefix of the REF
                        alternate = Array(reference.prefix(Int.random(in: 1...span, using: &random)))
                    case 1:   // insertion: REF plus copies of the following repeat unit
                        let unit = Array(sequence[(position - 1 + span)..<(position - 1 + span + Int.random(in: 1...3, using: &random))])
                        alternate = reference + unit + (Bool.random(using: &random) ? unit : [])
                    case 2:   // insertion of random bases
                        alternate = reference + (0..<Int.random(in: 1...4, using: &random)).map { _ in bases.randomElement(using: &random)! }
                    case 3:   // substitution of one base
                        alternate = reference
                        let at = Int.random(in: 0..<span, using: &random)
                        alternate[at] = bases.filter { $0 != reference[at] }.randomElement(using: &random)!
                    case 4:   // complex: random bases of another length
                        alternate = (0..<Int.random(in: 1...5, using: &random)).map { _ in bases.randomElement(using: &random)! }
                    default:  // one base
                        alternate = [bases.filter { $0 != reference[0] }.randomElement(using: &random)!]
                    }
                    if alternate != reference && !alternates.contains(alternate) { alternates.append(alternate) }
                }
                var alts = alternates.map { String(decoding: $0, as: UTF8.self) }
                if alleleCount > 1 && Int.random(in: 0..<10, using: &random) == 0 { alts.append("*") }
                let count = alts.count
                let genotypes = (count + 1) * (count + 2) / 2
                let info = "AC=\((1...count).map(String.init).joined(separator: ","));AF=\((1...count).map { "0.\($0)" }.joined(separator: ","));"
                    + "RC=\((0...count).map { String($0 * 3) }.joined(separator: ","));GL3=\((0..<genotypes).map(String.init).joined(separator: ","));"
                    + "DP=\(Int.random(in: 5...90, using: &random));TAG=a,b"
                func genotype(_ ploidy: Int) -> String {
                    if Int.random(in: 0..<12, using: &random) == 0 { return ploidy == 1 ? "." : "./." }
                    let first = Int.random(in: 0...count, using: &random)
                    if ploidy == 1 { return "\(first)" }
                    return "\(first)\(Bool.random(using: &random) ? "|" : "/")\(Int.random(in: 0...count, using: &random))"
                }
                var samples: [String] = []
                for sample in 0..<3 {
                    let ploidy = sample == 1 && name == "chr2" ? 1 : 2
                    let ad = (0...count).map { _ in String(Int.random(in: 0...30, using: &random)) }.joined(separator: ",")
                    let plCount = ploidy == 1 ? count + 1 : (count + 1) * (count + 2) / 2
                    let pl = (0..<plCount).map { _ in String(Int.random(in: 0...99, using: &random)) }.joined(separator: ",")
                    samples.append("\(genotype(ploidy)):\(ad):\(pl):\(Int.random(in: 1...99, using: &random))")
                }
                lines.append("\(name)\t\(position)\t.\t\(String(decoding: reference, as: UTF8.self))\t\(alts.joined(separator: ","))\t50\tPASS\t\(info)\tGT:AD:PL:GQ\t\(samples.joined(separator: "\t"))")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/calls.vcf", atomically: true, encoding: .utf8)
    }

    func testSameRecordsAsBcftoolsNorm() throws {
        let directory = try Commands.temporaryDirectory()
        try Self.makeInput(directory: directory, seed: 20261123, records: 1600)
        let fasta = directory + "/ref.fa", vcf = directory + "/calls.vcf"
        for options in [["-m-", "-f", fasta], ["-f", fasta], ["-m-"], ["-m-snps", "-f", fasta]] {
            let ours = try Commands.run(Commands.criba, ["norm", "--no-version"] + options + [vcf])
            XCTAssertEqual(ours.status, 0, ours.error)
            let theirs = try Commands.run("bcftools", ["norm", "--no-version"] + options + [vcf])
            XCTAssertEqual(theirs.status, 0, theirs.error)
            let ourLines = ours.text.split(separator: "\n"), theirLines = theirs.text.split(separator: "\n")
            XCTAssertGreaterThan(ourLines.count, 1600)
            XCTAssertEqual(ourLines.count, theirLines.count, "records with \(options)")
            for (index, (mine, expected)) in zip(ourLines, theirLines).enumerated() where mine != expected {
                XCTFail("\(options) line \(index + 1): criba\n\(mine)\nbcftools\n\(expected)")
                break
            }
            // The same summary line bcftools prints.
            XCTAssertEqual(ours.error.split(separator: "\n").first, theirs.error.split(separator: "\n").last, "summary with \(options)")
        }
    }

    /// `criba annotate --normalize` annotates the records `bcftools norm -m- -f` writes.
    func testAnnotateNormalizes() throws {
        let directory = try Commands.temporaryDirectory()
        try Self.makeInput(directory: directory, seed: 99, records: 400)
        let fasta = directory + "/ref.fa", vcf = directory + "/calls.vcf", genes = directory + "/genes.gff3"
        try """
        ##gff-version 3
        chr1\ttest\tgene\t1000\t9000\t.\t+\t.\tID=gene:G1;Name=GENE1;biotype=protein_coding
        chr1\ttest\tmRNA\t1000\t9000\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding
        chr1\ttest\texon\t1000\t2000\t.\t+\t.\tParent=transcript:T1
        chr1\ttest\tCDS\t1500\t2000\t.\t+\t0\tParent=transcript:T1;protein_id=P1
        chr1\ttest\texon\t8000\t9000\t.\t+\t.\tParent=transcript:T1
        chr1\ttest\tCDS\t8000\t8500\t.\t+\t2\tParent=transcript:T1;protein_id=P1

        """.write(toFile: genes, atomically: true, encoding: .utf8)
        let annotated = try Commands.run(Commands.criba, ["annotate", "--normalize", "-f", fasta, "-g", genes, vcf])
        XCTAssertEqual(annotated.status, 0, annotated.error)
        XCTAssertTrue(annotated.error.contains("normalised: Lines   total/split/realigned/skipped:\t400/"), annotated.error)
        let normalized = try Commands.run("bcftools", ["norm", "-m-", "-f", fasta, vcf])
        XCTAssertEqual(normalized.status, 0, normalized.error)
        func sites(_ text: String) -> [String] {
            text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").prefix(5).joined(separator: "\t") }
        }
        XCTAssertEqual(sites(annotated.text), sites(normalized.text))
        XCTAssertGreaterThan(sites(annotated.text).count, 400)
        XCTAssertTrue(annotated.text.contains("|GENE1|"), "consequences computed on the normalised records")
        try Commands.assertFails(["annotate", "--normalize", "-g", genes, vcf], status: 64, message: "--normalize needs the reference FASTA (-f)")
    }

    func testBadInput() throws {
        let directory = try Commands.temporaryDirectory()
        try Self.makeInput(directory: directory, seed: 7, records: 40)
        let fasta = directory + "/ref.fa"
        let mismatch = directory + "/mismatch.vcf"
        let text = try String(contentsOfFile: directory + "/calls.vcf", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.firstIndex { !$0.hasPrefix("#") }!
        var columns = lines[first].split(separator: "\t").map(String.init)
        columns[3] = String(repeating: "N", count: 0) + (columns[3].first == "A" ? "C" : "A") + columns[3].dropFirst()
        columns[4] = "G"
        if columns[3].hasPrefix("G") { columns[4] = "T" }
        lines[first] = columns.joined(separator: "\t")
        try lines.joined(separator: "\n").write(toFile: mismatch, atomically: true, encoding: .utf8)
        let output = directory + "/out.bcf"
        try Commands.assertFails(["norm", "-m-", "-f", fasta, "-o", output, mismatch], message: "\(columns[0]):\(columns[1]): REF \(columns[3]) differs from the reference")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "no partial output")
        let dropped = try Commands.run(Commands.criba, ["norm", "-m-", "-c", "x", "-f", fasta, "-o", output, mismatch])
        XCTAssertEqual(dropped.status, 0, dropped.error)
        XCTAssertTrue(dropped.error.contains("1 record(s) have a REF that differs from the reference (dropped)"), dropped.error)
        try Commands.assertFails(["norm", "-m+", "-f", fasta, mismatch], status: 64, message: "-m+ (joining records) is not offered")
        try Commands.assertFails(["norm", directory + "/calls.vcf"], status: 64, message: "give -f")
        try Commands.assertFails(["norm", "-m-indels", directory + "/calls.vcf"], status: 64, message: "-indels mode is not offered")
        try Commands.assertFails(["norm", "-f", directory + "/missing.fa", directory + "/calls.vcf"], message: "missing.fa")
    }
}
