import Annotation
import Foundation
import VariantIO
import XCTest

/// Consequences without reference sequence: a contig the reference lacks
/// (`--missing-reference-contig structure-only`) and a gap (`N`) in the reference. What the
/// gene model alone determines (splice sites, UTR, exon/intron numbers, frameshift versus
/// in-frame, `c.` of substitutions) must equal the answer with sequence; what needs codons
/// (missense, stop gained, the protein change, 3′-shifted indel names) must be left out,
/// never guessed. Positions and expected names are those of `HGVSNamesTests` (TP53, minus
/// strand, ENST00000269305.9).
final class StructureOnlyAnnotationTests: XCTestCase {
    static let gff = HGVSNamesTests.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38.local.gff3").path
    static let fasta = HGVSNamesTests.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38_chr17_7660000-7700000.local.fa").path
    static let transcript = "ENST00000269305"

    /// Writes a FASTA of `sequence` named `name`, indexed by htslib on first use.
    func writeFASTA(name: String, sequence: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-structure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        var text = ">\(name)\n"
        var start = 0
        while start < sequence.count {
            text += String(decoding: sequence[start..<min(start + 60, sequence.count)], as: UTF8.self) + "\n"
            start += 60
        }
        let path = directory.appendingPathComponent("reference.fa").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The TP53 window's sequence.
    func tp53Sequence() throws -> [UInt8] {
        let lines = try String(contentsOfFile: Self.fasta, encoding: .utf8).split(separator: "\n").dropFirst()
        return Array(lines.joined().utf8)
    }

    /// (Consequence, HGVSc, HGVSp, Codons) of the TP53 entry.
    func entry(_ annotator: VariantAnnotator, _ position: Int, _ reference: String, _ alternate: String) throws -> [String] {
        let csq = try XCTUnwrap(annotator.csq(contig: "17", position: position, alleles: [reference, alternate]))
        let fields = try XCTUnwrap(csq.split(separator: ",").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            .first { $0[6] == Self.transcript })
        return [fields[1], fields[10], fields[11], fields[16]]
    }

    func testContigMissingFromTheReference() throws {
        let model = try GeneModel(path: Self.gff)
        // A reference that has some other contig, but not 17.
        let other = try ReferenceSequence(path: try writeFASTA(name: "1", sequence: Array(repeating: UInt8(ascii: "A"), count: 1000)))
        // By default: an error naming the record and the missing contig.
        let strict = VariantAnnotator(model: model, reference: other, options: AnnotationOptions())
        XCTAssertThrowsError(try strict.csq(contig: "17", position: 15089, alleles: ["C", "T"])) { error in
            XCTAssertTrue("\(error)".contains("17:15089: the reference has no contig '17'"), "\(error)")
        }

        let annotator = VariantAnnotator(model: model, reference: try other.reopened(), options: AnnotationOptions(missingContig: .structureOnly))
        let t = "ENST00000269305.9:c."
        // Substitutions in the CDS: position known, amino-acid change not (missense and stop
        // gained with sequence).
        XCTAssertEqual(try entry(annotator, 15089, "C", "T"), ["coding_sequence_variant", t + "524G>A", "", ""])
        XCTAssertTrue(annotator.lastRecordLacksSequence)
        XCTAssertEqual(try entry(annotator, 14895, "G", "A"), ["coding_sequence_variant", t + "637C>T", "", ""])
        // The start codon: whether Met survives needs the codon.
        XCTAssertEqual(try entry(annotator, 16595, "T", "C")[0], "coding_sequence_variant")
        // Splice sites and UTR come from the exon structure: the same as with sequence.
        XCTAssertEqual(try entry(annotator, 15994, "C", "T"), ["splice_donor_variant", t + "375+1G>A", "", ""])
        XCTAssertEqual(try entry(annotator, 15239, "T", "C"), ["splice_acceptor_variant", t + "376-2A>G", "", ""])
        XCTAssertEqual(try entry(annotator, 16607, "G", "A"), ["5_prime_UTR_variant", t + "-12C>T", "", ""])
        // Indels: frameshift or in-frame from the length; no name, since neither the 3′ shift
        // nor dup-versus-ins can be decided without the neighbouring bases.
        XCTAssertEqual(try entry(annotator, 15088, "GC", "G"), ["frameshift_variant", "", "", ""])
        XCTAssertEqual(try entry(annotator, 15088, "G", "GC"), ["frameshift_variant", "", "", ""])
        XCTAssertEqual(try entry(annotator, 15087, "AGCG", "A"), ["inframe_deletion", "", "", ""])
        XCTAssertEqual(annotator.recordsWithoutSequence, 9)
    }

    func testGapInTheReferenceIsNotTranslated() throws {
        let model = try GeneModel(path: Self.gff)
        var sequence = try tp53Sequence()
        // Codon 175 (c.523–525, local 15087–15089 on the minus strand) and 20 bases around it unknown.
        for position in 15070...15110 { sequence[position - 1] = UInt8(ascii: "N") }
        let gapped = try ReferenceSequence(path: try writeFASTA(name: "17", sequence: sequence))
        let annotator = VariantAnnotator(model: model, reference: gapped, options: AnnotationOptions())
        // With sequence this is p.(Arg175His); over a gap, NNN would translate to X both ways
        // and read as synonymous: it must be coding_sequence_variant without a protein change.
        XCTAssertEqual(try entry(annotator, 15089, "C", "T"), ["coding_sequence_variant", "ENST00000269305.9:c.524G>A", "", ""])
        XCTAssertEqual(try entry(annotator, 15088, "GC", "G"), ["frameshift_variant", "", "", ""])
        // The default mode does not flag records in a gap: there is no NO_REFERENCE header.
        XCTAssertFalse(annotator.lastRecordLacksSequence)
        // Outside the gap nothing changes.
        XCTAssertEqual(try entry(annotator, 14221, "C", "T"),
                       ["missense_variant", "ENST00000269305.9:c.743G>A", "ENSP00000269305:p.(Arg248Gln)", "cGg/cAg"])
    }
}
