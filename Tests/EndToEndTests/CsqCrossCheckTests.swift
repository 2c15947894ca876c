import Foundation
import XCTest

/// `criba annotate` and `bcftools csq` (the Debian package) run on the same real inputs: the
/// Platinum Genomes NA12878 calls (hg38 2.0.1) that fall in GRCh38 chr21:22–23 Mb, the
/// Ensembl 84 gene model and the real sequence of that window (testdata/annotation/chr21).
/// The window holds lincRNAs and pseudogenes only, so bcftools reports `non_coding` for every
/// call inside a transcript; the check is that both tools place each call in the same genes,
/// and that Criba's terms for those calls are the non-coding ones.
final class CsqCrossCheckTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let folder = Commands.root.appendingPathComponent("testdata/annotation/chr21")
    static let gff = folder.appendingPathComponent("Ensembl84_chr21_22-23Mb.local.gff3").path
    static let fasta = folder.appendingPathComponent("GRCh38_chr21_22000000-23000000.local.fa.gz").path
    static let calls = folder.appendingPathComponent("NA12878_platinum_chr21_22-23Mb.local.vcf.gz").path

    /// Per record (`POS:REF:ALT`), the value of one INFO key.
    static func infoValues(_ vcfText: String, key: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in vcfText.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count > 7 else { continue }
            let value = columns[7].split(separator: ";").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            result["\(columns[1]):\(columns[3]):\(columns[4])"] = value ?? ""
        }
        return result
    }

    func testPlatinumCallsLieInTheSameTranscriptsAsBcftoolsPlacesThem() throws {
        let directory = try Commands.temporaryDirectory()
        let ours = directory + "/criba.vcf", theirs = directory + "/bcftools.vcf"
        let annotate = try Commands.run(Commands.criba, ["annotate", "--threads", "2", "-g", Self.gff, "-f", Self.fasta, "-o", ours, Self.calls])
        XCTAssertEqual(annotate.status, 0, annotate.error)
        let csq = try Commands.run("bcftools", ["csq", "-f", Self.fasta, "-g", Self.gff, "-Ov", "-o", theirs, Self.calls])
        XCTAssertEqual(csq.status, 0, csq.error)
        let cribaEntries = Self.infoValues(try String(contentsOfFile: ours, encoding: .utf8), key: "CSQ")
        let bcftoolsEntries = Self.infoValues(try String(contentsOfFile: theirs, encoding: .utf8), key: "BCSQ")
        XCTAssertEqual(cribaEntries.count, 1580)
        XCTAssertEqual(Set(cribaEntries.keys), Set(bcftoolsEntries.keys))

        let flanking: Set<Substring> = ["upstream_gene_variant", "downstream_gene_variant", "intergenic_variant"]
        let nonCoding: Set<Substring> = ["non_coding_transcript_exon_variant", "non_coding_transcript_variant", "intron_variant",
                                         "splice_region_variant", "splice_polypyrimidine_tract_variant", "splice_donor_region_variant",
                                         "splice_donor_5th_base_variant", "splice_donor_variant", "splice_acceptor_variant"]
        var inTranscripts = 0, exonic = 0, disagreements: [String] = []
        for (key, text) in cribaEntries {
            // Criba: the genes whose transcripts contain the call (Allele|Consequence|IMPACT|SYMBOL|…).
            var ourGenes = Set<String>()
            for entry in text.split(separator: ",") {
                let fields = entry.split(separator: "|", omittingEmptySubsequences: false)
                let terms = fields[1].split(separator: "&")
                guard !terms.allSatisfy({ flanking.contains($0) }) else { continue }
                ourGenes.insert(String(fields[3]))
                if terms.contains("non_coding_transcript_exon_variant") { exonic += 1 }
                for term in terms where !nonCoding.contains(term) { disagreements.append("\(key): Criba term \(term) in a non-coding transcript") }
            }
            // bcftools: csq|gene|transcript|biotype…; every entry here is `non_coding`.
            let theirText = bcftoolsEntries[key] ?? ""
            let theirGenes = Set(theirText.split(separator: ",").map { String($0.split(separator: "|", omittingEmptySubsequences: false)[1]) })
            for entry in theirText.split(separator: ",") where !entry.hasPrefix("non_coding|") {
                disagreements.append("\(key): bcftools \(entry)")
            }
            if ourGenes != theirGenes { disagreements.append("\(key): Criba \(ourGenes.sorted()), bcftools \(theirGenes.sorted())") }
            if !ourGenes.isEmpty { inTranscripts += 1 }
        }
        XCTAssertTrue(disagreements.isEmpty, disagreements.sorted().joined(separator: "\n"))
        XCTAssertEqual(inTranscripts, 606, "calls inside a transcript")
        XCTAssertEqual(exonic, 4, "calls in a lincRNA exon")
        print("chr21 Platinum cross-check: 1580 calls, \(inTranscripts) inside transcripts, same genes as bcftools csq for all")
    }
}
