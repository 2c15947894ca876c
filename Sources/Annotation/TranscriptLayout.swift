/// A transcript's spliced sequence and coordinate maps, built once per worker from
/// the reference the first time a variant touches the transcript.
///
/// cDNA positions are 1-based along the spliced transcript (5′→3′); CDS positions
/// are 1-based from the first base of the start codon.
public final class TranscriptLayout {
    /// The transcript.
    public let transcript: Transcript
    /// Exons in transcript order (5′→3′), genomic ranges.
    public let exons: [ClosedRange<Int>]
    /// The cDNA position of each exon's 5′-most base, in transcript order.
    public let exonCDNAStarts: [Int]
    /// The spliced sequence, 5′→3′ (upper case).
    public let sequence: [UInt8]
    /// The cDNA position of the first CDS base, or nil for non-coding transcripts.
    public let codingStartCDNA: Int?
    /// The cDNA position of the last CDS base.
    public let codingEndCDNA: Int?
    /// The translation of the CDS (up to and including the first stop, or to its end).
    public let protein: [UInt8]
    /// The genetic code of the contig.
    public let geneticCode: GeneticCode
    /// `ENST…:c.` (coding) or `ENST…:n.`: what every HGVS transcript name starts with.
    public let hgvsPrefix: [UInt8]
    /// `ENSP…:p.`: what every HGVS protein name starts with.
    public let proteinPrefix: [UInt8]

    /// Builds the layout, reading exon sequence from `reference`.
    public init(transcript: Transcript, reference: ReferenceWindow) throws {
        self.transcript = transcript
        hgvsPrefix = Array((transcript.versionedIdentifier + (transcript.isCoding ? ":c." : ":n.")).utf8)
        proteinPrefix = Array(((transcript.proteinIdentifier ?? transcript.versionedIdentifier) + ":p.").utf8)
        let ordered = transcript.strand == .forward ? transcript.exons : transcript.exons.reversed()
        exons = ordered
        var starts: [Int] = []
        var spliced: [UInt8] = []
        spliced.reserveCapacity(transcript.splicedLength)
        var bases: [UInt8] = []
        for exon in ordered {
            starts.append(spliced.count + 1)
            try reference.fetchPastWindow(contig: transcript.contig, start: exon.lowerBound, end: exon.upperBound, into: &bases)
            if transcript.strand == .forward { spliced.append(contentsOf: bases) } else { spliced.append(contentsOf: DNA.reverseComplement(bases)) }
        }
        exonCDNAStarts = starts
        sequence = spliced
        geneticCode = GeneticCode.forContig(transcript.contig)
        var codingStart: Int?, codingEnd: Int?
        if let low = transcript.codingStart, let high = transcript.codingEnd {
            let fivePrime = transcript.strand == .forward ? low : high
            let threePrime = transcript.strand == .forward ? high : low
            codingStart = TranscriptLayout.cdna(of: fivePrime, exons: ordered, starts: starts, strand: transcript.strand)
            codingEnd = TranscriptLayout.cdna(of: threePrime, exons: ordered, starts: starts, strand: transcript.strand)
        }
        if let start = codingStart, let end = codingEnd, start <= end {
            codingStartCDNA = start
            codingEndCDNA = end
            let first = start - 1 + transcript.codingPhase
            protein = first < end ? geneticCode.translate(spliced[first..<end], untilStop: true) : []
        } else {
            codingStartCDNA = nil
            codingEndCDNA = nil
            protein = []
        }
    }

    private static func cdna(of position: Int, exons: [ClosedRange<Int>], starts: [Int], strand: Strand) -> Int? {
        for (index, exon) in exons.enumerated() where exon.contains(position) {
            return strand == .forward ? starts[index] + position - exon.lowerBound : starts[index] + exon.upperBound - position
        }
        return nil
    }

    /// The cDNA position of an exonic genomic position, nil when intronic or outside.
    public func cdna(of position: Int) -> Int? {
        TranscriptLayout.cdna(of: position, exons: exons, starts: exonCDNAStarts, strand: transcript.strand)
    }

    /// The index (transcript order, 0-based) of the exon holding `position`.
    public func exonIndex(containing position: Int) -> Int? {
        exons.firstIndex { $0.contains(position) }
    }

    /// The genomic position of a cDNA position.
    public func genomic(ofCDNA position: Int) -> Int? {
        for index in exons.indices.reversed() where exonCDNAStarts[index] <= position {
            let offset = position - exonCDNAStarts[index]
            guard offset < exons[index].count else { return nil }
            return transcript.strand == .forward ? exons[index].lowerBound + offset : exons[index].upperBound - offset
        }
        return nil
    }

    /// The CDS length in bases (0 for non-coding).
    public var codingLength: Int {
        guard let start = codingStartCDNA, let end = codingEndCDNA else { return 0 }
        return end - start + 1
    }
}
