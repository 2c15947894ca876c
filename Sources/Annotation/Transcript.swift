/// The strand a transcript is read from.
public enum Strand: Int8, Sendable {
    /// The + strand: the transcript reads in increasing genomic positions.
    case forward = 1
    /// The − strand.
    case reverse = -1
}

/// Flags a gene model attaches to a transcript, used to choose one per allele.
public struct TranscriptTags: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Creates tags from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Ensembl's canonical transcript of the gene (`Ensembl_canonical`, or the only MANE/RefSeq Select).
    public static let canonical = TranscriptTags(rawValue: 1)
    /// MANE Select.
    public static let maneSelect = TranscriptTags(rawValue: 2)
    /// MANE Plus Clinical.
    public static let manePlusClinical = TranscriptTags(rawValue: 4)
    /// GENCODE basic.
    public static let basic = TranscriptTags(rawValue: 8)
}

/// One transcript of a gene model, in 1-based inclusive genomic coordinates.
///
/// Exons are kept in increasing genomic order whatever the strand; `codingStart` and
/// `codingEnd` are the lowest and highest genomic bases of the CDS (stop codon
/// included), nil for non-coding transcripts.
public struct Transcript: Sendable {
    /// The transcript ID without its version (`ENST00000357654`, `NM_007294`).
    public var identifier: String
    /// The version (`9`), when the model gives one.
    public var version: String?
    /// The gene ID (`ENSG00000012048`, or the symbol when the model has no ID).
    public var geneIdentifier: String
    /// The gene symbol (`BRCA1`).
    public var geneSymbol: String
    /// The HGNC ID (`HGNC:1100`) when the model gives one.
    public var hgncIdentifier: String?
    /// The transcript biotype (`protein_coding`, `lncRNA`, `nonsense_mediated_decay`…).
    public var biotype: String
    /// The contig name as written in the gene model.
    public var contig: String
    /// The strand.
    public var strand: Strand
    /// Exons in increasing genomic order.
    public var exons: [ClosedRange<Int>]
    /// The lowest CDS base, or nil.
    public var codingStart: Int?
    /// The highest CDS base, or nil.
    public var codingEnd: Int?
    /// Bases before the first complete codon when the CDS start is incomplete (GFF phase of the 5′-most CDS).
    public var codingPhase: Int
    /// The protein ID (`ENSP00000350283`, `NP_009225.1`), when known.
    public var proteinIdentifier: String?
    /// Canonical, MANE and basic flags.
    public var tags: TranscriptTags
    /// The RefSeq ID of the MANE Select pair when the model states it (for `MANE_SELECT`).
    public var maneSelectName: String?

    /// Creates a transcript.
    public init(identifier: String, version: String?, geneIdentifier: String, geneSymbol: String, hgncIdentifier: String? = nil,
                biotype: String, contig: String, strand: Strand, exons: [ClosedRange<Int>], codingStart: Int?, codingEnd: Int?,
                codingPhase: Int = 0, proteinIdentifier: String? = nil, tags: TranscriptTags = [], maneSelectName: String? = nil) {
        self.identifier = identifier
        self.version = version
        self.geneIdentifier = geneIdentifier
        self.geneSymbol = geneSymbol
        self.hgncIdentifier = hgncIdentifier
        self.biotype = biotype
        self.contig = contig
        self.strand = strand
        self.exons = exons.sorted { $0.lowerBound < $1.lowerBound }
        self.codingStart = codingStart
        self.codingEnd = codingEnd
        self.codingPhase = codingPhase
        self.proteinIdentifier = proteinIdentifier
        self.tags = tags
        self.maneSelectName = maneSelectName
    }

    /// `identifier.version`, or the bare identifier.
    public var versionedIdentifier: String { version.map { "\(identifier).\($0)" } ?? identifier }
    /// The first transcribed base (lowest genomic position).
    public var start: Int { exons.first?.lowerBound ?? 0 }
    /// The last transcribed base (highest genomic position).
    public var end: Int { exons.last?.upperBound ?? 0 }
    /// True when the transcript has a CDS.
    public var isCoding: Bool { codingStart != nil }
    /// The spliced length.
    public var splicedLength: Int { exons.reduce(0) { $0 + $1.count } }
}
