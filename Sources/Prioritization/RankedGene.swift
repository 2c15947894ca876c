import VariantModel

/// One variant in the ranking, with its evidence.
public struct RankedVariant: Sendable, Codable {
    /// `chr:pos:ref:alt`.
    public var id: String
    /// Contig, 1-based position, REF, ALT.
    public var contig: String, position: Int, reference: String, alternate: String
    /// Transcript, SO terms (most severe first), HGVS c. and p.
    public var transcript: String, consequences: [String], hgvsCoding: String, hgvsProtein: String
    /// Genotype per pedigree member (`0/1`, `1/1`, `1`, `./.`), in member order, and the members.
    public var genotypes: [String: String]
    /// Inheritance modes this variant fits (`AD:compatible`, …).
    public var modes: [String]
    /// Population allele frequency (nil: absent or no source), ClinVar significance and stars.
    public var frequency: Double?, clinvar: String?, clinvarStars: Int?
    /// REVEL and SpliceAI, when configured.
    public var revel: Double?, spliceAI: Double?
    /// The variant score (0–1) and its parts.
    public var score: Double, consequenceScore: Double, frequencyFactor: Double
    /// ACMG/AMP class, points and criteria.
    public var acmgClass: AcmgClass, acmgPoints: Int, criteria: [AppliedCriterion]
    /// True when the consequence came from the gene model alone (no reference sequence at
    /// the variant: REF unchecked, no codons or protein change); absent otherwise.
    public var withoutReferenceSequence: Bool? = nil
}

extension RankedVariant {
    /// The report form of a candidate with its score and ACMG/AMP evaluation.
    init(_ candidate: CandidateVariant, pedigree: Pedigree, model: RankingModel, score: Double, criteria: [AppliedCriterion],
         acmg: (AcmgClass, Int)) {
        var genotypes: [String: String] = [:]
        for (member, person) in pedigree.members.enumerated() {
            genotypes[person.id] = RankedVariant.genotypeText(candidate.calls.indices.contains(member) ? candidate.calls[member] : nil)
        }
        var modes: [String] = []
        for mode in InheritanceMode.allCases {
            if let fit = candidate.modes[mode], fit > .incompatible { modes.append("\(mode.rawValue):\(fit.rawValue)") }
        }
        self.init(
            id: candidate.identifier, contig: candidate.contig, position: candidate.position, reference: candidate.reference,
            alternate: candidate.alternate, transcript: candidate.consequence.transcript, consequences: candidate.consequence.terms.map(\.name),
            hgvsCoding: candidate.consequence.hgvsCoding, hgvsProtein: candidate.consequence.hgvsProtein, genotypes: genotypes,
            modes: modes, frequency: candidate.frequency, clinvar: candidate.clinvarSignificance, clinvarStars: candidate.clinvarStars,
            revel: candidate.revel, spliceAI: candidate.spliceAI, score: score, consequenceScore: model.consequenceScore(candidate),
            frequencyFactor: model.frequencyFactor(candidate.frequency), acmgClass: acmg.0, acmgPoints: acmg.1, criteria: criteria,
            withoutReferenceSequence: candidate.withoutReferenceSequence ? true : nil)
    }

    /// `0/1`, `1/1`, `1` (haploid), `./.` (missing); `|` when phased.
    static func genotypeText(_ call: SampleCall?) -> String {
        guard let call, let copies = call.alternateCopies else { return call?.ploidy == 1 ? "." : "./." }
        let separator = call.phase == nil ? "/" : "|"
        if call.ploidy == 1 { return copies > 0 ? "1" : "0" }
        return (0..<call.ploidy).map { $0 < call.ploidy - copies ? "0" : "1" }.joined(separator: separator)
    }
}

/// One of the patient's HPO terms and how it matched the disease.
public struct MatchedTerm: Sendable, Codable {
    /// The patient's term (id and name).
    public var term: String, name: String
    /// The disease term it matched (itself or an ancestor), if any.
    public var matched: String?, matchedName: String?
    /// log10 likelihood ratio of the term.
    public var log10Ratio: Double
    /// True for an excluded term.
    public var excluded: Bool
}

/// One ranked gene: its score, the parts of the score, and the variants behind it.
public struct RankedGene: Sendable, Codable {
    /// 1 for the best gene.
    public var rank: Int
    /// Gene symbol.
    public var gene: String
    /// Combined score: phenotype + genotype + inheritance parts.
    public var score: Double
    /// Phenotype log10 LR of the chosen disease.
    public var phenotypeScore: Double
    /// The disease (id, name, HPO inheritance), or nil for a gene without HPO diseases.
    public var diseaseId: String?, diseaseName: String?, diseaseInheritance: [String]
    /// The mode of inheritance the variants were taken under (`AD`, `AR`, `XLR`, `XLD`, `MT`).
    public var mode: String
    /// How the variants fit it: `compatible` or `possible`.
    public var modeFit: String
    /// Genotype score (0–1) and its weighted contribution.
    public var genotypeScore: Double, genotypePart: Double
    /// Added when no candidate fits the disease's mode of inheritance (0 otherwise).
    public var inheritancePart: Double
    /// The variants behind the genotype score, then the gene's other candidates.
    public var variants: [RankedVariant]
    /// How many of `variants` make the genotype score.
    public var explainingVariants: Int
    /// Term-by-term phenotype match.
    public var matchedTerms: [MatchedTerm]
}
