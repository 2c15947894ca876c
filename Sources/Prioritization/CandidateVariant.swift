import Annotation

/// One ALT allele the proband carries, with everything prioritisation weighs: its gene
/// consequence, the family's calls and inheritance fit, and the values of the sources.
public struct CandidateVariant: Sendable {
    /// Contig, 1-based position, REF and this ALT.
    public var contig: String, position: Int, reference: String, alternate: String
    /// Index of the ALT in the record (1-based).
    public var alleleIndex: Int
    /// Record QUAL and FILTER (`PASS` or the failed filters).
    public var quality: Float?, filters: [String]
    /// The consequence on the gene this candidate counts for.
    public var consequence: GeneConsequence
    /// Pedigree members' calls, in member order.
    public var calls: [SampleCall?]
    /// Single-variant inheritance modes and their fit.
    public var modes: ModeCompatibility
    /// Population allele frequency (largest of the configured fields); nil when the
    /// source has no record of the allele (or no source is configured).
    public var frequency: Double?
    /// Filtering allele frequency (FAF95), when the VCF carries one.
    public var filteringFrequency: Double?
    /// Homozygotes in the population source, when configured.
    public var homozygotes: Int?
    /// ClinVar significance text (`Pathogenic`, `Likely_pathogenic`, …) and review stars.
    public var clinvarSignificance: String?, clinvarStars: Int?
    /// REVEL and SpliceAI (maximum delta) scores, when configured.
    public var revel: Double?, spliceAI: Double?
    /// Gene constraint from CSQ columns, when present.
    public var loeuf: Double?, pLI: Double?
    /// True when the consequence came from the gene model alone (`INFO/NO_REFERENCE` of
    /// `criba annotate --missing-reference-contig structure-only`): REF unchecked, no protein change.
    public var withoutReferenceSequence = false

    /// `chr:pos:ref:alt`.
    public var identifier: String { "\(contig):\(position):\(reference):\(alternate)" }

    /// The proband's call.
    public func probandCall(_ proband: Int) -> SampleCall? { calls.indices.contains(proband) ? calls[proband] : nil }

    /// ClinVar says pathogenic or likely pathogenic (not conflicting).
    public var isClinVarPathogenic: Bool {
        guard let text = clinvarSignificance?.lowercased() else { return false }
        return text.contains("pathogenic") && !text.contains("conflicting") && !text.contains("benign")
    }

    /// ClinVar says benign or likely benign (not conflicting).
    public var isClinVarBenign: Bool {
        guard let text = clinvarSignificance?.lowercased() else { return false }
        return text.contains("benign") && !text.contains("conflicting") && !text.contains("pathogenic")
    }
}
