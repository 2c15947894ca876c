import Annotation

/// The rare-disease ranking model: consequence scores and weights from the versioned
/// table `ranking.tsv` (see the formula there and in docs/prioritization.md).
public struct RankingModel: Sendable {
    /// The table the model came from.
    public let table: RuleTable
    private let consequenceScores: [Double]
    /// Multiplies log10 of the genotype score.
    public let genotypeWeight: Double
    /// Lowest genotype score before the logarithm.
    public let genotypeFloor: Double
    /// Added when no candidate fits a mode of inheritance of the disease.
    public let inheritanceMismatch: Double
    /// Genes without HPO diseases get this percentile (0–100) of the case's disease scores.
    public let unannotatedGenePercentile: Double
    /// Allele frequency at which the frequency factor reaches 0.
    public let frequencyZero: Double
    /// ClinVar and ACMG adjustments of the variant score.
    public let clinvarPathogenic: Double, clinvarBenign: Double
    /// Lowest scores of ACMG pathogenic / likely pathogenic variants; factor for benign.
    public let acmgPathogenic: Double, acmgLikelyPathogenic: Double, acmgBenign: Double
    /// Candidates below this consequence score are dropped.
    public let minimumVariantScore: Double

    /// Reads the model from a table; every consequence term needs a score.
    public init(table: RuleTable) throws(PrioritizationError) {
        self.table = table
        let rows = table.rows("consequence")
        var scores = [Double](repeating: 0, count: ConsequenceTerm.allCases.count)
        for term in ConsequenceTerm.allCases {
            guard let text = rows[term.name], let value = Double(text) else {
                throw PrioritizationError("\(table.source): no numeric 'consequence\t\(term.name)' row")
            }
            scores[term.rawValue] = value
        }
        consequenceScores = scores
        genotypeWeight = try table.number("weight", "genotype")
        genotypeFloor = try table.number("weight", "genotype_floor")
        inheritanceMismatch = try table.number("weight", "moi_mismatch")
        unannotatedGenePercentile = try table.number("weight", "unannotated_gene_percentile")
        frequencyZero = try table.number("weight", "frequency_zero")
        clinvarPathogenic = try table.number("weight", "clinvar_pathogenic")
        clinvarBenign = try table.number("weight", "clinvar_benign")
        acmgPathogenic = try table.number("weight", "acmg_pathogenic")
        acmgLikelyPathogenic = try table.number("weight", "acmg_likely_pathogenic")
        acmgBenign = try table.number("weight", "acmg_benign")
        minimumVariantScore = try table.number("weight", "minimum_variant_score")
    }

    /// The model bundled with Criba.
    public static let bundled: RankingModel = {
        do { return try RankingModel(table: .bundled("ranking")) } catch { fatalError("\(error)") }
    }()

    /// The score of a term.
    public func score(of term: ConsequenceTerm) -> Double { consequenceScores[term.rawValue] }

    /// Deleteriousness before frequency and classifications: the most severe term's score,
    /// REVEL in place of the missense default, and SpliceAI raising any variant.
    public func consequenceScore(_ candidate: CandidateVariant) -> Double {
        guard let term = candidate.consequence.mostSevere else { return 0 }
        var score = self.score(of: term)
        if let revel = candidate.revel, term == .missense || term == .proteinAltering { score = revel }
        if let splice = candidate.spliceAI { score = max(score, min(1, splice)) }
        return score
    }

    /// 1 for an allele absent from the population source, falling to 0 at `frequencyZero`
    /// (quadratically: 0.75 at half of it).
    public func frequencyFactor(_ frequency: Double?) -> Double {
        guard let frequency, frequency > 0 else { return 1 }
        let ratio = frequency / frequencyZero
        return max(0, 1 - ratio * ratio)
    }

    /// The variant score (0…1) used for ranking.
    public func variantScore(_ candidate: CandidateVariant, acmgClass: AcmgClass) -> Double {
        var score = consequenceScore(candidate)
        switch acmgClass {
        case .pathogenic: score = max(score, acmgPathogenic)
        case .likelyPathogenic: score = max(score, acmgLikelyPathogenic)
        case .benign, .likelyBenign: score *= acmgBenign
        case .uncertain: break
        }
        if candidate.isClinVarPathogenic { score = max(score, clinvarPathogenic) }
        if candidate.isClinVarBenign { score *= clinvarBenign }
        return min(1, score) * frequencyFactor(candidate.frequency)
    }
}
