import Annotation
import Foundation
import VariantIO
import XCTest

/// HGVS names and consequences on real genes, checked by hand against published names
/// (ClinVar) and an independent translation: TP53 (minus strand, GRCh38, Ensembl
/// MANE Select ENST00000269305.9 = NM_000546.6), BRCA1 (minus strand, RefSeq NM_007294.4),
/// SAMD11 (plus strand) and two chr21 lincRNAs (both strands, `n.` names).
final class HGVSNamesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Expected { var position: Int; var reference: String; var alternate: String; var consequence: String; var hgvsc: String; var hgvsp: String }

    func annotate(_ cases: [Expected], gff: String, fasta: String, contig: String, transcript: String) throws {
        let model = try GeneModel(path: Self.root.appendingPathComponent(gff).path)
        let reference = try ReferenceSequence(path: Self.root.appendingPathComponent(fasta).path)
        let annotator = VariantAnnotator(model: model, reference: reference, options: AnnotationOptions())
        var crossChecked = 0
        for expected in cases {
            let csq = try XCTUnwrap(annotator.csq(contig: contig, position: expected.position, alleles: [expected.reference, expected.alternate]))
            let entry = try XCTUnwrap(csq.split(separator: ",").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
                .first { $0[6] == transcript }, "no entry for \(transcript) at \(expected.position)")
            XCTAssertEqual(entry[1], expected.consequence, "\(expected.hgvsc)")
            XCTAssertEqual(entry[10], expected.hgvsc)
            XCTAssertEqual(entry[11], expected.hgvsp, "\(expected.hgvsc)")
            if try checkPositionColumns(entry, expected) { crossChecked += 1 }
        }
        // Every table holds exonic substitutions: the cross-column checks must have run.
        XCTAssertGreaterThan(crossChecked, 0, "no exonic substitution cross-checked in \(transcript)")
    }

    static let oneLetter = ["Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
                            "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S",
                            "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*"]

    /// Cross-column checks on exonic substitutions (`c.N X>Y` / `n.N X>Y`, no intronic offset):
    /// cDNA_position is a number (N itself for `n.`); for `c.`, CDS_position is N,
    /// Protein_position the codon holding N, Codons upper-cases exactly X and Y at N's place
    /// in that codon, and Amino_acids holds the one-letter forms of the protein change.
    /// Returns false when the entry is not an exonic substitution (nothing checked).
    func checkPositionColumns(_ entry: [String], _ expected: Expected) throws -> Bool {
        guard let match = expected.hgvsc.firstMatch(of: /:([cn])\.(\d+)([ACGT])>([ACGT])$/) else { return false }
        let position = try XCTUnwrap(Int(match.2)), name = expected.hgvsc
        XCTAssertNotNil(Int(entry[12]), "cDNA_position of \(name): \(entry[12])")
        guard match.1 == "c" else {
            XCTAssertEqual(entry[12], String(position), "cDNA_position of \(name)")
            return true
        }
        XCTAssertEqual(entry[13], String(position), "CDS_position of \(name)")
        XCTAssertEqual(entry[14], String((position - 1) / 3 + 1), "Protein_position of \(name)")
        let codons = entry[16].split(separator: "/").map(String.init)
        XCTAssertEqual(codons.count, 2, "Codons of \(name): \(entry[16])")
        let place = (position - 1) % 3
        for (codon, base) in zip(codons, [String(match.3), String(match.4)]) {
            XCTAssertEqual(codon.count, 3, "Codons of \(name): \(entry[16])")
            let expectedCodon = codon.enumerated().map { $0.offset == place ? base : $0.element.lowercased() }.joined()
            XCTAssertEqual(codon, expectedCodon, "Codons of \(name)")
        }
        if let change = expected.hgvsp.firstMatch(of: /\(([A-Z][a-z]{2})\d+([A-Z][a-z]{2})\)$/),
           let from = Self.oneLetter[String(change.1)], let to = Self.oneLetter[String(change.2)] {
            XCTAssertEqual(entry[15], from + "/" + to, "Amino_acids of \(name)")
        }
        return true
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

    /// BRCA1 NM_007294.4 (MANE Select, minus strand) at its real GRCh38 positions, on the
    /// fixture built by scripts/make_brca1_fixture.py from the RefSeq transcript and its cdot
    /// alignment (exons carry the transcript's sequence, introns are N). Names as ClinVar
    /// writes them; the VCF forms of c.68_69del and c.5266dup are gnomAD's
    /// (17-43124027-ACT-A, 17-43057062-T-TG). c.3001_3003del: an independent translation
    /// (GAG GAA AAC → Glu Glu Asn; one Glu goes, the 3′ one by the HGVS rule). c.-19 is the
    /// first base of exon 2, hence also splice_region_variant, as VEP reports it.
    func testBRCA1MinusStrand() throws {
        let t = "NM_007294.4:c."
        let p = "NP_009225.1:p."
        try annotate([
            Expected(position: 43124027, reference: "ACT", alternate: "A", consequence: "frameshift_variant", hgvsc: t + "68_69del", hgvsp: p + "(Glu23ValfsTer17)"),
            Expected(position: 43057062, reference: "T", alternate: "TG", consequence: "frameshift_variant", hgvsc: t + "5266dup", hgvsp: p + "(Gln1756ProfsTer74)"),
            Expected(position: 43091771, reference: "TAGAC", alternate: "T", consequence: "frameshift_variant", hgvsc: t + "3756_3759del", hgvsp: p + "(Ser1253ArgfsTer10)"),
            Expected(position: 43106487, reference: "A", alternate: "C", consequence: "missense_variant", hgvsc: t + "181T>G", hgvsp: p + "(Cys61Gly)"),
            Expected(position: 43063903, reference: "G", alternate: "T", consequence: "missense_variant", hgvsc: t + "5123C>A", hgvsp: p + "(Ala1708Glu)"),
            Expected(position: 43082434, reference: "G", alternate: "A", consequence: "stop_gained", hgvsc: t + "4327C>T", hgvsp: p + "(Arg1443Ter)"),
            Expected(position: 43093844, reference: "G", alternate: "A", consequence: "stop_gained", hgvsc: t + "1687C>T", hgvsp: p + "(Gln563Ter)"),
            Expected(position: 43082453, reference: "A", alternate: "G", consequence: "synonymous_variant", hgvsc: t + "4308T>C", hgvsp: p + "(Ser1436%3D)"),
            Expected(position: 43124096, reference: "T", alternate: "C", consequence: "start_lost", hgvsc: t + "1A>G", hgvsp: p + "(Met1?)"),
            Expected(position: 43092527, reference: "TTTC", alternate: "T", consequence: "inframe_deletion", hgvsc: t + "3001_3003del", hgvsp: p + "(Glu1001del)"),
            Expected(position: 43124115, reference: "A", alternate: "G", consequence: "splice_region_variant&5_prime_UTR_variant", hgvsc: t + "-19T>C", hgvsp: ""),
            Expected(position: 43045578, reference: "A", alternate: "G", consequence: "3_prime_UTR_variant", hgvsc: t + "*100T>C", hgvsp: ""),
            Expected(position: 43067607, reference: "C", alternate: "T", consequence: "splice_donor_variant", hgvsc: t + "5074+1G>A", hgvsp: ""),
            Expected(position: 43115780, reference: "C", alternate: "T", consequence: "splice_acceptor_variant", hgvsc: t + "81-1G>A", hgvsp: ""),
        ], gff: "testdata/annotation/brca1/BRCA1_NM_007294.4_GRCh38.gff3", fasta: "testdata/annotation/brca1/GRCh38_chr17_BRCA1_exons.fa.gz",
           contig: "chr17", transcript: "NM_007294.4")
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

    /// Two lincRNAs of Ensembl 84 on the real GRCh38 chr21:22–23 Mb sequence (local position =
    /// chr21 position − 21,999,999; the window holds no coding gene), one per strand. Checked by
    /// hand from the GFF3 exons and the FASTA: LINC00308-001 (+) has exons of 96, 108, 56, 139,
    /// 135 and 193 bases, so exon 2 starts at n.97 and exon 3 at n.205; AP000472.2-001 (−) has
    /// exons of 147, 58, 164 and 216 bases (n.1 is local 98460). Deletions and duplications move
    /// to the 3′ end in transcript order: the TG deletion in `TGTGTGTGTGT` (+) lands on the last
    /// GT (n.599_600), the T run at 43007–43011 (−) is an A run ending at n.308 on the
    /// transcript. Splice and intron terms carry `non_coding_transcript_variant`, as VEP writes
    /// them for non-coding transcripts; cDNA positions stay those of the VCF allele.
    func testChr21NonCodingTranscriptsOnBothStrands() throws {
        let gff = "testdata/annotation/chr21/Ensembl84_chr21_22-23Mb.local.gff3"
        let fasta = "testdata/annotation/chr21/GRCh38_chr21_22000000-23000000.local.fa.gz"
        let exon = "non_coding_transcript_exon_variant", intron = "intron_variant&non_coding_transcript_variant"
        let plus = "ENST00000419431.2:n."
        try annotate([
            Expected(position: 98618, reference: "C", alternate: "T", consequence: exon, hgvsc: plus + "1C>T", hgvsp: ""),
            Expected(position: 109500, reference: "G", alternate: "A", consequence: exon, hgvsc: plus + "150G>A", hgvsp: ""),
            Expected(position: 116529, reference: "T", alternate: "C", consequence: exon, hgvsc: plus + "727T>C", hgvsp: ""),
            Expected(position: 98714, reference: "G", alternate: "A", consequence: "splice_donor_variant&non_coding_transcript_variant", hgvsc: plus + "96+1G>A", hgvsp: ""),
            Expected(position: 98718, reference: "G", alternate: "A", consequence: "splice_donor_5th_base_variant&" + intron, hgvsc: plus + "96+5G>A", hgvsp: ""),
            Expected(position: 109446, reference: "G", alternate: "A", consequence: "splice_acceptor_variant&non_coding_transcript_variant", hgvsc: plus + "97-1G>A", hgvsp: ""),
            Expected(position: 111770, reference: "A", alternate: "G", consequence: "splice_acceptor_variant&non_coding_transcript_variant", hgvsc: plus + "205-2A>G", hgvsp: ""),
            Expected(position: 105000, reference: "A", alternate: "G", consequence: intron, hgvsc: plus + "97-4447A>G", hgvsp: ""),
            Expected(position: 111784, reference: "CA", alternate: "C", consequence: exon, hgvsc: plus + "223del", hgvsp: ""),
            Expected(position: 111784, reference: "C", alternate: "CA", consequence: exon, hgvsc: plus + "223dup", hgvsp: ""),
            Expected(position: 116391, reference: "CTG", alternate: "C", consequence: exon, hgvsc: plus + "599_600del", hgvsp: ""),
            Expected(position: 116391, reference: "C", alternate: "CTG", consequence: exon, hgvsc: plus + "599_600dup", hgvsp: ""),
        ], gff: gff, fasta: fasta, contig: "chr21", transcript: "ENST00000419431")
        let minus = "ENST00000420255.1:n."
        try annotate([
            Expected(position: 98460, reference: "G", alternate: "A", consequence: exon, hgvsc: minus + "1C>T", hgvsp: ""),
            Expected(position: 43000, reference: "A", alternate: "G", consequence: exon, hgvsc: minus + "315T>C", hgvsp: ""),
            Expected(position: 98314, reference: "C", alternate: "T", consequence: "splice_region_variant&" + exon, hgvsc: minus + "147G>A", hgvsp: ""),
            Expected(position: 98310, reference: "T", alternate: "C", consequence: "splice_donor_region_variant&" + intron, hgvsc: minus + "147+4A>G", hgvsp: ""),
            Expected(position: 96590, reference: "A", alternate: "G", consequence: "splice_region_variant&splice_polypyrimidine_tract_variant&" + intron,
                     hgvsc: minus + "148-3T>C", hgvsp: ""),
            Expected(position: 41000, reference: "A", alternate: "G", consequence: intron, hgvsc: minus + "585+221T>C", hgvsp: ""),
            Expected(position: 43006, reference: "CT", alternate: "C", consequence: exon, hgvsc: minus + "308del", hgvsp: ""),
            Expected(position: 43006, reference: "C", alternate: "CT", consequence: exon, hgvsc: minus + "308dup", hgvsp: ""),
            Expected(position: 41239, reference: "TG", alternate: "T", consequence: exon, hgvsc: minus + "566del", hgvsp: ""),
            Expected(position: 41239, reference: "T", alternate: "TG", consequence: exon, hgvsc: minus + "566dup", hgvsp: ""),
        ], gff: gff, fasta: fasta, contig: "chr21", transcript: "ENST00000420255")
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

    /// Parts of one transcript on two contigs or strands are refused with the line, whether the
    /// stray part follows its siblings directly or comes back after another transcript's.
    func testPartsOfOneTranscriptOnAnotherContigOrStrandAreRefused() throws {
        let head = "##gff-version 3\n1\t.\tmRNA\t100\t900\t.\t+\t.\tID=t1\n2\t.\tmRNA\t100\t900\t.\t+\t.\tID=t2\n"
        let first = "1\t.\texon\t100\t200\t.\t+\t.\tParent=t1\n"
        let other = "2\t.\texon\t100\t200\t.\t+\t.\tParent=t2\n"
        let cases: [(body: String, line: Int)] = [
            (first + "2\t.\texon\t300\t400\t.\t+\t.\tParent=t1\n", 5),             // next line, other contig
            (first + other + "2\t.\texon\t300\t400\t.\t+\t.\tParent=t1\n", 6),     // back after t2, other contig
            (first + "1\t.\texon\t300\t400\t.\t-\t.\tParent=t1\n", 5),             // next line, other strand
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-gff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (number, example) in cases.enumerated() {
            let path = directory.appendingPathComponent("model-\(number).gff3").path
            try (head + example.body).write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try GeneModelReader.read(path: path), "case \(number)") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(":\(example.line):") && text.contains("exon of t1 lies on another contig or strand"), text)
            }
        }
        // The same lines with t1 on one contig and strand are read.
        let path = directory.appendingPathComponent("good.gff3").path
        try (head + first + other + "1\t.\texon\t300\t400\t.\t+\t.\tParent=t1\n").write(toFile: path, atomically: true, encoding: .utf8)
        let transcripts = try GeneModelReader.read(path: path)
        XCTAssertEqual(transcripts.first { $0.identifier == "t1" }?.exons, [100...200, 300...400])
    }

    func testCatalogueIsDataAndComplete() throws {
        let catalog = ConsequenceCatalog.standard
        XCTAssertEqual(catalog.version, "1")
        XCTAssertLessThan(catalog.rank(of: .spliceAcceptor), catalog.rank(of: .missense))
        XCTAssertEqual(catalog.impact(of: .frameshift), .high)
        XCTAssertThrowsError(try ConsequenceCatalog(text: "missense_variant\tMODERATE\tSO:0001583\tmissense\n", source: "t.tsv"))
    }
}
