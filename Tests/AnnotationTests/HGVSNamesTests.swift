import Annotation
import Foundation
import VariantIO
import XCTest

/// HGVS names and consequences on real genes, checked by hand against published names
/// (ClinVar) and an independent translation: TP53 (minus strand, GRCh38, Ensembl
/// MANE Select ENST00000269305.9 = NM_000546.6) and SAMD11 (plus strand).
final class HGVSNamesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Expected { var position: Int; var reference: String; var alternate: String; var consequence: String; var hgvsc: String; var hgvsp: String }

    func annotate(_ cases: [Expected], gff: String, fasta: String, contig: String, transcript: String) throws {
        let model = try GeneModel(path: Self.root.appendingPathComponent(gff).path)
        let reference = try ReferenceSequence(path: Self.root.appendingPathComponent(fasta).path)
        let annotator = VariantAnnotator(model: model, reference: reference, options: AnnotationOptions())
        for expected in cases {
            let csq = try XCTUnwrap(annotator.csq(contig: contig, position: expected.position, alleles: [expected.reference, expected.alternate]))
            let entry = try XCTUnwrap(csq.split(separator: ",").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
                .first { $0[6] == transcript }, "no entry for \(transcript) at \(expected.position)")
            XCTAssertEqual(entry[1], expected.consequence, "\(expected.hgvsc)")
            XCTAssertEqual(entry[10], expected.hgvsc)
            XCTAssertEqual(entry[11], expected.hgvsp, "\(expected.hgvsc)")
        }
    }

    /// TP53 on a 40 kb GRCh38 window (local position = chr17 position − 7,659,999).
    func testTP53MinusStrand() throws {
        let p = "ENSP00000269305:p."
        let t = "ENST00000269305.9:c."
        try annotate([
            Expected(position: 15089, reference: "C", alternate: "T", consequence: "missense_variant", hgvsc: t + "524G>A", hgvsp: p + "(Arg175His)"),
            Expected(position: 14221, reference: "C", alternate: "T", consequence: "missense_variant", hgvsc: t + "743G>A", hgvsp: p + "(Arg248Gln)"),
            Expected(position: 13803, reference: "C", alternate: "T", consequence: "missense_variant", hgvsc: t + "818G>A", hgvsp: p + "(Arg273His)"),
            Expected(position: 14895, reference: "G", alternate: "A", consequence: "stop_gained", hgvsc: t + "637C>T", hgvsp: p + "(Arg213Ter)"),
            Expected(position: 16155, reference: "G", alternate: "C", consequence: "missense_variant", hgvsc: t + "215C>G", hgvsp: p + "(Pro72Arg)"),
            Expected(position: 15994, reference: "C", alternate: "T", consequence: "splice_donor_variant", hgvsc: t + "375+1G>A", hgvsp: ""),
            Expected(position: 15239, reference: "T", alternate: "C", consequence: "splice_acceptor_variant", hgvsc: t + "376-2A>G", hgvsp: ""),
            Expected(position: 16595, reference: "T", alternate: "C", consequence: "start_lost", hgvsc: t + "1A>G", hgvsp: p + "(Met1?)"),
            Expected(position: 16607, reference: "G", alternate: "A", consequence: "5_prime_UTR_variant", hgvsc: t + "-12C>T", hgvsp: ""),
            Expected(position: 15088, reference: "GC", alternate: "G", consequence: "frameshift_variant", hgvsc: t + "524del", hgvsp: p + "(Arg175ProfsTer72)"),
            Expected(position: 15088, reference: "G", alternate: "GC", consequence: "frameshift_variant", hgvsc: t + "524dup", hgvsp: p + "(Cys176LeufsTer5)"),
            Expected(position: 15087, reference: "AGCG", alternate: "A", consequence: "inframe_deletion", hgvsc: t + "523_525del", hgvsp: p + "(Arg175del)"),
        ], gff: "testdata/annotation/tp53/TP53_GRCh38.local.gff3", fasta: "testdata/annotation/tp53/TP53_GRCh38_chr17_7660000-7700000.local.fa",
           contig: "17", transcript: "ENST00000269305")
    }

    /// SAMD11 (plus strand, GRCh37 window of the bcftools fixtures; incomplete 5′ CDS of phase 2).
    func testSAMD11PlusStrand() throws {
        let t = "ENST00000341065.4:c."
        let p = "ENSP00000349216:p."
        try annotate([
            Expected(position: 18826, reference: "G", alternate: "A", consequence: "missense_variant", hgvsc: t + "1418G>A", hgvsp: p + "(Arg473Lys)"),
            Expected(position: 16261, reference: "CC", alternate: "C", consequence: "splice_region_variant&splice_polypyrimidine_tract_variant&intron_variant", hgvsc: t + "428-3del", hgvsp: ""),
            Expected(position: 16429, reference: "TA", alternate: "T", consequence: "splice_donor_region_variant&intron_variant", hgvsc: t + "590+3del", hgvsp: ""),
        ], gff: "testdata/annotation/bcftools-csq/ENST00000341065/ENST00000341065.gff",
           fasta: "testdata/annotation/bcftools-csq/ENST00000341065/ENST00000341065.fa", contig: "1", transcript: "ENST00000341065")
    }

    func testGeneModelFormats() throws {
        let gtf = try GeneModel(path: Self.root.appendingPathComponent("testdata/annotation/ensembl-vep_chr21_24-27Mb_GRCh38.gtf.gz").path)
        XCTAssertEqual(gtf.transcripts.count, 102)   // 103 transcript lines; one has no exon in this slice
        let app = gtf.transcripts.filter { $0.geneSymbol == "APP" }
        XCTAssertFalse(app.isEmpty)
        XCTAssertTrue(app.allSatisfy { $0.strand == .reverse })
        let gff = try GeneModel(path: Self.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38.local.gff3").path)
        let tp53 = try XCTUnwrap(gff.transcripts.first { $0.identifier == "ENST00000269305" })
        XCTAssertEqual(tp53.version, "9")
        XCTAssertTrue(tp53.tags.contains(.maneSelect))
        XCTAssertEqual(tp53.exons.count, 11)
        var near: [String] = []
        gff.transcripts(near: "17", start: 15089, end: 15089) { near.append(gff.transcripts[$0].identifier) }
        XCTAssertTrue(near.contains("ENST00000269305"))
    }

    func testCatalogueIsDataAndComplete() throws {
        let catalog = ConsequenceCatalog.standard
        XCTAssertEqual(catalog.version, "1")
        XCTAssertLessThan(catalog.rank(of: .spliceAcceptor), catalog.rank(of: .missense))
        XCTAssertEqual(catalog.impact(of: .frameshift), .high)
        XCTAssertThrowsError(try ConsequenceCatalog(text: "missense_variant\tMODERATE\tSO:0001583\tmissense\n", source: "t.tsv"))
    }
}
