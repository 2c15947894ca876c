import Annotation
import Foundation
import VariantIO
import XCTest

/// The gene-model cache (`criba db genes`): every transcript field survives the round trip
/// for GFF3, GTF and genePred sources, consequences computed from the cache equal those
/// from the source, and a damaged, truncated or foreign file is refused with its name.
final class GeneModelCacheTests: XCTestCase {
    static let root = HGVSNamesTests.root

    /// Every field of every transcript, as one comparable line.
    static func describe(_ transcript: Transcript) -> String {
        [transcript.identifier, transcript.version ?? "-", transcript.geneIdentifier, transcript.geneSymbol,
         transcript.hgncIdentifier ?? "-", transcript.biotype, transcript.contig, "\(transcript.strand)",
         transcript.exons.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ","),
         transcript.codingStart.map(String.init) ?? "-", transcript.codingEnd.map(String.init) ?? "-", "\(transcript.codingPhase)",
         transcript.proteinIdentifier ?? "-", "\(transcript.tags.rawValue)", transcript.maneSelectName ?? "-"].joined(separator: "|")
    }

    func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("criba-cache-\(getpid())-\(name)").path
    }

    func testRoundTripKeepsEveryFieldForEachSourceFormat() throws {
        for (path, format) in [("testdata/annotation/tp53/TP53_GRCh38.local.gff3", "gff3"),
                               ("testdata/annotation/brca1/BRCA1_NM_007294.4_GRCh38.gff3", "gff3"),
                               ("testdata/annotation/ensembl-vep_chr21_24-27Mb_GRCh38.gtf.gz", "gtf"),
                               ("testdata/demo/ensembl75_GRCh37_chr20_60Mb-end.genePred.gz", "genePred")] {
            let sourcePath = Self.root.appendingPathComponent(path).path
            let transcripts = try GeneModelReader.read(path: sourcePath)
            XCTAssertFalse(transcripts.isEmpty)
            let source = GeneModelCache.Source(path: URL(fileURLWithPath: path).lastPathComponent,
                                               sha256: try FileChecksum.sha256(path: sourcePath), format: format)
            let cachePath = scratch("roundtrip.genes")
            defer { try? FileManager.default.removeItem(atPath: cachePath) }
            try GeneModelCache.write(transcripts: transcripts, source: source, to: cachePath)
            XCTAssertTrue(GeneModelCache.isCache(path: cachePath))
            XCTAssertFalse(GeneModelCache.isCache(path: sourcePath))
            let model = try GeneModel(path: cachePath)
            XCTAssertEqual(model.cacheSource, source)
            XCTAssertEqual(model.transcripts.map(Self.describe), transcripts.map(Self.describe), path)
            XCTAssertNil(try GeneModel(path: sourcePath).cacheSource)
        }
    }

    /// The TP53 hand-checked names come out the same from the cache as from the GFF3.
    func testConsequencesFromTheCacheEqualThoseFromTheSource() throws {
        let gff = Self.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38.local.gff3").path
        let fasta = Self.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38_chr17_7660000-7700000.local.fa").path
        let cachePath = scratch("tp53.genes")
        defer { try? FileManager.default.removeItem(atPath: cachePath) }
        try GeneModelCache.write(transcripts: try GeneModelReader.read(path: gff), source: .init(path: "TP53.gff3", sha256: "0", format: "gff3"),
                                 to: cachePath)
        let fromSource = VariantAnnotator(model: try GeneModel(path: gff), reference: try ReferenceSequence(path: fasta), options: AnnotationOptions())
        let fromCache = VariantAnnotator(model: try GeneModel(path: cachePath), reference: try ReferenceSequence(path: fasta), options: AnnotationOptions())
        let sequence = try ReferenceSequence(path: fasta)
        var compared = 0
        for position in stride(from: 10_000, to: 30_000, by: 37) {
            let pair = String(decoding: try sequence.bases(contig: "17", start: position, end: position + 1), as: UTF8.self)
            let reference = String(pair.prefix(1))
            for alleles in [[reference, reference == "A" ? "G" : "A"], [pair, reference], [reference, reference + "TT"]] {
                let expected = try fromSource.csq(contig: "17", position: position, alleles: alleles)
                XCTAssertEqual(try fromCache.csq(contig: "17", position: position, alleles: alleles), expected, "17:\(position) \(alleles)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 1_000)
    }

    func testDamagedTruncatedAndForeignFilesAreRefused() throws {
        let gff = Self.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38.local.gff3").path
        let good = GeneModelCache.encode(transcripts: try GeneModelReader.read(path: gff), source: .init(path: "TP53.gff3", sha256: "0", format: "gff3"))
        let cachePath = scratch("damaged.genes")
        defer { try? FileManager.default.removeItem(atPath: cachePath) }
        func message(_ bytes: [UInt8]) -> String {
            _ = FileManager.default.createFile(atPath: cachePath, contents: Data(bytes))
            do {
                _ = try GeneModel(path: cachePath)
                return "accepted"
            } catch {
                return String(describing: error)
            }
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        XCTAssertTrue(message(flipped).contains("damaged gene-model cache (its checksum does not match"), message(flipped))
        XCTAssertTrue(message(flipped).contains(cachePath))
        let truncated = Array(good.prefix(good.count - 100))
        XCTAssertTrue(message(truncated).contains("damaged gene-model cache"), message(truncated))
        XCTAssertTrue(message(Array(good.prefix(20))).contains("not a criba gene-model cache"))
        // A future format version, correctly signed, names both versions.
        var future = Array(good.prefix(good.count - 64))
        future[GeneModelCache.magic.count] = 9
        var digest = SHA256Digest()
        digest.update(future)
        future += Array(digest.finalize().utf8)
        XCTAssertTrue(message(future).contains("gene-model cache format 9, this criba reads format 1"), message(future))
        // A correctly signed cache whose CDS phase is the most negative 64-bit integer (found by
        // the fuzzer: taking its absolute value trapped) is refused, not a crash.
        var transcript = try GeneModelReader.read(path: gff)[0]
        transcript.codingPhase = Int.min
        let extremePhase = GeneModelCache.encode(transcripts: [transcript], source: .init(path: "TP53.gff3", sha256: "0", format: "gff3"))
        XCTAssertTrue(message(extremePhase).contains("damaged gene-model cache"), message(extremePhase))
    }
}
