/// The Sequence Ontology consequence terms Criba assigns. Their severity order and
/// IMPACT class are data (`Resources/consequences.tsv`, read by `ConsequenceCatalog`),
/// not properties of the enum.
public enum ConsequenceTerm: Int, CaseIterable, Sendable {
    case transcriptAblation, spliceAcceptor, spliceDonor, stopGained, frameshift, stopLost, startLost
    case transcriptAmplification, featureElongation, featureTruncation
    case inframeInsertion, inframeDeletion, missense, proteinAltering
    case spliceDonorFifthBase, spliceRegion, spliceDonorRegion, splicePolypyrimidineTract
    case incompleteTerminalCodon, startRetained, stopRetained, synonymous
    case codingSequence, matureMiRNA, fivePrimeUTR, threePrimeUTR, nonCodingTranscriptExon, intron
    case nmdTranscript, nonCodingTranscript, codingTranscript, upstreamGene, downstreamGene, intergenic

    /// The SO term name (`missense_variant`).
    public var name: String {
        switch self {
        case .transcriptAblation: "transcript_ablation"
        case .spliceAcceptor: "splice_acceptor_variant"
        case .spliceDonor: "splice_donor_variant"
        case .stopGained: "stop_gained"
        case .frameshift: "frameshift_variant"
        case .stopLost: "stop_lost"
        case .startLost: "start_lost"
        case .transcriptAmplification: "transcript_amplification"
        case .featureElongation: "feature_elongation"
        case .featureTruncation: "feature_truncation"
        case .inframeInsertion: "inframe_insertion"
        case .inframeDeletion: "inframe_deletion"
        case .missense: "missense_variant"
        case .proteinAltering: "protein_altering_variant"
        case .spliceDonorFifthBase: "splice_donor_5th_base_variant"
        case .spliceRegion: "splice_region_variant"
        case .spliceDonorRegion: "splice_donor_region_variant"
        case .splicePolypyrimidineTract: "splice_polypyrimidine_tract_variant"
        case .incompleteTerminalCodon: "incomplete_terminal_codon_variant"
        case .startRetained: "start_retained_variant"
        case .stopRetained: "stop_retained_variant"
        case .synonymous: "synonymous_variant"
        case .codingSequence: "coding_sequence_variant"
        case .matureMiRNA: "mature_miRNA_variant"
        case .fivePrimeUTR: "5_prime_UTR_variant"
        case .threePrimeUTR: "3_prime_UTR_variant"
        case .nonCodingTranscriptExon: "non_coding_transcript_exon_variant"
        case .intron: "intron_variant"
        case .nmdTranscript: "NMD_transcript_variant"
        case .nonCodingTranscript: "non_coding_transcript_variant"
        case .codingTranscript: "coding_transcript_variant"
        case .upstreamGene: "upstream_gene_variant"
        case .downstreamGene: "downstream_gene_variant"
        case .intergenic: "intergenic_variant"
        }
    }
}

/// A set of consequence terms (a bit mask; no allocation).
public struct ConsequenceSet: Sendable, Hashable, Sequence {
    /// The bits, one per `ConsequenceTerm.rawValue`.
    public var bits: UInt64 = 0

    /// An empty set.
    public init() {}

    /// True when no term is set.
    public var isEmpty: Bool { bits == 0 }

    /// Adds a term.
    public mutating func insert(_ term: ConsequenceTerm) { bits |= 1 << UInt64(term.rawValue) }

    /// Removes a term.
    public mutating func remove(_ term: ConsequenceTerm) { bits &= ~(1 << UInt64(term.rawValue)) }

    /// True when `term` is in the set.
    public func contains(_ term: ConsequenceTerm) -> Bool { bits & (1 << UInt64(term.rawValue)) != 0 }

    /// The terms in enum order.
    public func makeIterator() -> AnyIterator<ConsequenceTerm> {
        var remaining = bits
        return AnyIterator {
            guard remaining != 0 else { return nil }
            let index = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return ConsequenceTerm(rawValue: index)
        }
    }
}
