import Foundation

/// A loaded gene model: transcripts plus an interval index that answers "which
/// transcripts overlap, or lie within `flank` bases of, this span" by looking at one
/// or two bins, never by scanning.
///
/// ```swift
/// let model = try GeneModel(path: "MANE.gff3.gz")
/// model.transcripts(near: "chr17", start: 43_045_700, end: 43_045_700) { transcript in … }
/// ```
public final class GeneModel: Sendable {
    /// The file it was read from.
    public let path: String
    /// Every transcript, in file order.
    public let transcripts: [Transcript]
    /// Bases around a transcript that count as upstream/downstream (VEP: 5,000).
    public let flank: Int
    /// Per transcript, in the order of `transcripts`: the span, strand and NMD flag, kept
    /// apart so that the per-record searches read plain values (copying a `Transcript` would
    /// retain and release its ten strings and arrays for every candidate).
    public let spans: [TranscriptSpan]
    private let bins: [String: [[Int32]]]
    private static let binShift = 14   // 16 kb bins

    /// The source a cache file (`criba db genes`) was built from; nil when `path` is the source itself.
    public let cacheSource: GeneModelCache.Source?

    /// Reads `path` (GFF3, GTF or genePred, plain or gzipped, or a cache written by `criba db genes`).
    public convenience init(path: String, flank: Int = 5000) throws {
        if GeneModelCache.isCache(path: path) {
            let (transcripts, source) = try GeneModelCache.read(path: path)
            self.init(path: path, transcripts: transcripts, flank: flank, cacheSource: source)
        } else {
            try self.init(path: path, transcripts: GeneModelReader.read(path: path), flank: flank)
        }
    }

    /// Indexes transcripts already read (`cacheSource` when they came from a cache file).
    public init(path: String, transcripts: [Transcript], flank: Int = 5000, cacheSource: GeneModelCache.Source? = nil) {
        self.path = path
        self.cacheSource = cacheSource
        self.spans = transcripts.map(TranscriptSpan.init)
        self.transcripts = transcripts
        self.flank = flank
        var bins: [String: [[Int32]]] = [:]
        for (offset, transcript) in transcripts.enumerated() {
            let first = max(transcript.start - flank, 1) >> GeneModel.binShift
            let last = (transcript.end + flank) >> GeneModel.binShift
            // Mutated in place through the dictionary (a copy per transcript made this quadratic).
            let missing = last + 1 - bins[transcript.contig, default: []].count
            if missing > 0 { bins[transcript.contig, default: []].append(contentsOf: repeatElement([], count: missing)) }
            for bin in first...last { bins[transcript.contig, default: []][bin].append(Int32(offset)) }
        }
        self.bins = bins
    }

    /// The contig names the model uses.
    public var contigs: Set<String> { Set(bins.keys) }

    /// Calls `body` with the index of every transcript whose span extended by `flank`
    /// overlaps `start...end` (1-based; for an insertion pass the two flanking bases).
    /// Each transcript is reported once, in file order within a bin.
    public func transcripts(near contig: String, start: Int, end: Int, _ body: (Int) throws -> Void) rethrows {
        guard let contigBins = bins[contig] else { return }
        let first = max(start, 1) >> GeneModel.binShift
        let last = min(end >> GeneModel.binShift, contigBins.count - 1)
        guard first <= last else { return }
        var seen: Set<Int32>? = first == last ? nil : []
        for bin in first...last {
            for offset in contigBins[bin] {
                let span = spans[Int(offset)]
                guard span.start - flank <= end, span.end + flank >= start else { continue }
                if seen != nil { guard seen!.insert(offset).inserted else { continue } }
                try body(Int(offset))
            }
        }
    }
}

/// The plain-value facts about a transcript that the per-record searches need.
public struct TranscriptSpan: Sendable {
    /// The first transcribed base (lowest genomic position).
    public var start: Int
    /// The last transcribed base (highest genomic position).
    public var end: Int
    /// The strand.
    public var strand: Strand
    /// True for a `nonsense_mediated_decay` transcript.
    public var isNonsenseMediatedDecay: Bool

    /// The span of `transcript`.
    public init(_ transcript: Transcript) {
        start = transcript.start
        end = transcript.end
        strand = transcript.strand
        isNonsenseMediatedDecay = transcript.biotype == "nonsense_mediated_decay"
    }
}
