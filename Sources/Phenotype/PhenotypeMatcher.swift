import Foundation

/// Scores how well a patient's HPO terms fit each disease, as a likelihood ratio in the
/// spirit of LIRICAL, and ranks genes by their best disease.
///
/// For an observed term `t` and a disease `D`, the ratio compares how often patients with
/// `D` show `t` with how often any annotated disease does:
/// - `t`, or an ancestor `a` of `t`, is annotated to `D` (directly or through a more specific
///   term): LR = f_D(a) / p(a), where f_D is the frequency in `D` and p the background
///   frequency over all diseases; an ancestor match is discounted by `parameters.ancestorDiscount`
///   and the most informative match wins;
/// - `D` says patients do *not* have `t` (a `NOT` annotation on `t` or an ancestor): LR =
///   `parameters.contradiction`;
/// - never below `parameters.floor`.
///
/// An excluded term `t` gives (1 − f_D(t)) / (1 − p(t)) (above 1 for diseases without `t`), times a
/// relevance ratio max(`excludedRelevanceFloor`, f_D(t) / p(t))^`excludedRelevanceWeight`:
/// published reports list as absent the features of the diagnoses they considered, so a
/// feature reported absent is, like an observed one, evidence that the disease was in question.
/// A feature the disease's annotations record as absent (`NOT`, or `0/m` in a cohort) was
/// looked for in it too, and counts as relevant as one of frequency `recordedAbsenceRelevance`.
/// Frequencies of a disease annotated with many features are scaled down so that they sum to
/// at most `expectedFindings`. A disease's score is the sum of log10 LRs; a gene's combines its
/// diseases (see `GeneAggregation`), each less for being shared by many genes. Terms that are
/// ancestors of other observed terms are dropped first, so one finding is not counted twice.
/// See docs/design/phenotype.md for the choice and its measurement.
public final class PhenotypeMatcher: Sendable {
    /// Tunable constants (tuned on the dev split only; see docs/benchmarks.md).
    public struct Parameters: Sendable {
        /// Multiplier for a match through an ancestor rather than the term itself.
        public var ancestorDiscount = 0.01
        /// LR for an observed term the disease explicitly excludes.
        public var contradiction = 0.01
        /// Lowest LR for one term.
        public var floor = 0.02
        /// Lowest LR for an excluded term that the disease usually has.
        public var excludedFloor = 0.3
        /// Chance that a published patient with a feature of frequency f has it reported:
        /// each disease feature unrelated to every observed term gives LR 1 − q·f.
        public var reportingRate = 0.0
        /// Weight of an excluded term's relevance ratio max(floor, f_D(t) / p(t)): reports list
        /// as absent the features of the diagnoses they considered (0 turns it off).
        public var excludedRelevanceWeight = 1.0
        /// Lowest relevance ratio of an excluded term; below 1 it penalises diseases without it.
        public var excludedRelevanceFloor = 1.0
        /// Relevance of an excluded term that the disease's annotations record as absent (`NOT`,
        /// or `0/m`: looked for in a published cohort and found in no patient), as the frequency
        /// of a feature it has: the relevance ratio is at least this over p(t) (0 turns it off).
        public var recordedAbsenceRelevance = 0.3
        /// Expected number of findings per patient: a disease whose annotation frequencies sum
        /// to more has them all scaled to this sum (0 turns it off), so a disease annotated
        /// with hundreds of features does not explain every query.
        public var expectedFindings = 5.0
        /// How a gene's diseases combine into its score.
        public var geneAggregation = GeneAggregation.sum
        /// A disease counts, for each of its genes, minus this times log10 of the number of
        /// genes associated with it (a disease shared by many genes says less about each).
        public var sharedDiseasePenalty = 1.0

        /// Frequency assumed for an annotation that states none (read by `DiseaseAnnotations`).
        public static let defaultAnnotationFrequency = 1.0

        /// The defaults.
        public init() {}
    }

    /// How a gene's score comes from its diseases' scores (each after `sharedDiseasePenalty`).
    public enum GeneAggregation: String, Sendable {
        /// The best disease.
        case best
        /// log10 of the sum of the diseases' likelihood ratios.
        case sum
    }

    /// One ranked gene.
    public struct GeneMatch: Sendable {
        /// Gene symbol.
        public let gene: String
        /// log10 of the likelihood ratio of its diseases combined (`GeneAggregation`).
        public let score: Double
        /// Index of the best disease in `annotations.diseases`.
        public let disease: Int32
    }

    /// The ontology.
    public let ontology: PhenotypeOntology
    /// The annotations.
    public let annotations: DiseaseAnnotations
    /// The constants in use.
    public let parameters: Parameters
    private let starts: [Int32]
    private let propagatedTerms: [Int32]
    private let propagatedFrequencies: [Float]
    private let background: [Double]
    private let excludedAncestors: [[Int32]]
    private let recordedAbsent: [[Int32]]
    private let genesPerDisease: [Int32]

    /// Propagates every disease's annotations up the ontology and computes background
    /// frequencies.
    public init(ontology: PhenotypeOntology, annotations: DiseaseAnnotations, parameters: Parameters = Parameters()) {
        self.ontology = ontology
        self.annotations = annotations
        self.parameters = parameters
        var starts: [Int32] = [0], terms: [Int32] = [], frequencies: [Float] = []
        var totals = [Double](repeating: 0, count: ontology.terms.count)
        var propagated: [Int32: Float] = [:]
        for disease in annotations.diseases {
            propagated.removeAll(keepingCapacity: true)
            let frequencySum = disease.terms.reduce(0) { $0 + $1.frequency }
            let scale = parameters.expectedFindings > 0 && frequencySum > parameters.expectedFindings
                ? parameters.expectedFindings / frequencySum : 1
            for (term, annotated) in disease.terms where annotated > 0 {
                let frequency = Float(annotated * scale)
                for ancestor in ontology.ancestors(of: term) {
                    propagated[ancestor] = max(propagated[ancestor] ?? 0, frequency)
                }
            }
            for (term, frequency) in propagated.sorted(by: { $0.key < $1.key }) {
                terms.append(term)
                frequencies.append(frequency)
                totals[Int(term)] += Double(frequency)
            }
            starts.append(Int32(terms.count))
        }
        let count = Double(max(1, annotations.diseases.count))
        self.starts = starts
        propagatedTerms = terms
        propagatedFrequencies = frequencies
        background = totals.map { ($0 + 0.5) / (count + 1) }
        excludedAncestors = annotations.diseases.map { $0.excluded }
        recordedAbsent = annotations.diseases.map { Array(Set($0.excluded + $0.absentInCohort)).sorted() }
        var genesPerDisease = [Int32](repeating: 0, count: annotations.diseases.count)
        for diseases in annotations.diseasesByGene.values {
            for disease in diseases { genesPerDisease[Int(disease)] += 1 }
        }
        self.genesPerDisease = genesPerDisease
    }

    /// The frequency of `term` (directly or through a descendant) in disease `disease`, or 0.
    func frequency(_ term: Int32, disease: Int) -> Float {
        let index = Self.index(of: term, in: propagatedTerms[Int(starts[disease])..<Int(starts[disease + 1])])
        return index.map { propagatedFrequencies[$0] } ?? 0
    }

    /// The index of `term` in `sorted` (ascending), or nil.
    private static func index(of term: Int32, in sorted: ArraySlice<Int32>) -> Int? {
        var low = sorted.startIndex, high = sorted.endIndex
        while low < high {
            let middle = (low + high) >> 1
            if sorted[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low < sorted.endIndex && sorted[low] == term ? low : nil
    }

    /// Observed terms without those implied by a more specific observed term, restricted
    /// to phenotypic abnormalities.
    public func specificTerms(_ terms: [Int32]) -> [Int32] {
        let phenotypes = Array(Set(terms.filter { ontology.isPhenotypicAbnormality($0) && $0 != ontology.phenotypicAbnormality }))
        return phenotypes.filter { term in
            !phenotypes.contains { other in other != term && ontology.isAncestor(term, of: other) }
        }.sorted()
    }

    /// How one of the patient's terms contributes to a disease's score.
    public struct TermContribution: Sendable {
        /// The patient's term.
        public let term: Int32
        /// The disease term (or ancestor) it matched; nil when it matched nothing.
        public let matched: Int32?
        /// Its log10 likelihood ratio.
        public let log10Ratio: Double
        /// True for a term the patient is known not to have.
        public let isExcluded: Bool
    }

    /// The best ratio of one observed term and the disease term it came from.
    private func observedRatio(_ term: Int32, disease: Int) -> (ratio: Double, matched: Int32?) {
        var best = 0.0
        var matched: Int32?
        let root = ontology.phenotypicAbnormality
        for ancestor in ontology.ancestors(of: term) where ancestor != root {
            let frequency = Double(frequency(ancestor, disease: disease))
            guard frequency > 0 else { continue }
            var ratio = frequency / background[Int(ancestor)]
            if ancestor != term { ratio *= parameters.ancestorDiscount }
            if ratio > best { best = ratio; matched = ancestor }
        }
        if excludedAncestors[disease].contains(where: { ontology.isAncestor($0, of: term) }) {
            return (max(parameters.contradiction, parameters.floor), nil)
        }
        return (max(best, parameters.floor), matched)
    }

    /// The ratio of an excluded term: absence (1 − f) / (1 − p), at least `excludedFloor`,
    /// times relevance max(`excludedRelevanceFloor`, f / p, r / p)^`excludedRelevanceWeight`,
    /// r = `recordedAbsenceRelevance` when the disease records the term as absent, else 0.
    private func excludedRatio(_ term: Int32, disease: Int) -> Double {
        let frequency = Double(frequency(term, disease: disease))
        let absence = max((1 - frequency) / max(1e-6, 1 - background[Int(term)]), parameters.excludedFloor)
        guard parameters.excludedRelevanceWeight > 0 else { return absence }
        var relevant = frequency
        if parameters.recordedAbsenceRelevance > 0, isRecordedAbsent(term, disease: disease) {
            relevant = max(relevant, parameters.recordedAbsenceRelevance)
        }
        let relevance = max(parameters.excludedRelevanceFloor, relevant / background[Int(term)])
        return absence * pow(relevance, parameters.excludedRelevanceWeight)
    }

    /// True when disease `disease` is annotated as lacking `term` itself (`NOT`, or `0/m`).
    private func isRecordedAbsent(_ term: Int32, disease: Int) -> Bool {
        !recordedAbsent[disease].isEmpty && Self.index(of: term, in: recordedAbsent[disease][...]) != nil
    }

    /// Excluded terms that are phenotypic abnormalities, once each, sorted.
    public func specificExcluded(_ terms: [Int32]) -> [Int32] {
        Array(Set(terms.filter { ontology.isPhenotypicAbnormality($0) })).sorted()
    }

    /// log10 likelihood ratio of disease `disease` for the patient.
    public func score(disease: Int, observed: [Int32], excluded: [Int32]) -> Double {
        var total = 0.0
        for term in observed { total += log10(observedRatio(term, disease: disease).ratio) }
        if parameters.reportingRate > 0 {
            for (feature, frequency) in annotations.diseases[disease].terms {
                let related = observed.contains { ontology.isAncestor(feature, of: $0) || ontology.isAncestor($0, of: feature) }
                if !related { total += log10(max(0.05, 1 - parameters.reportingRate * frequency)) }
            }
        }
        for term in excluded { total += log10(excludedRatio(term, disease: disease)) }
        return total
    }

    /// The score of `disease` term by term (observed terms reduced to the most specific
    /// ones first, as `rankGenes` does), for reports.
    public func explain(disease: Int, observed: [Int32], excluded: [Int32]) -> [TermContribution] {
        var parts: [TermContribution] = []
        for term in specificTerms(observed) {
            let (ratio, matched) = observedRatio(term, disease: disease)
            parts.append(TermContribution(term: term, matched: matched, log10Ratio: log10(ratio), isExcluded: false))
        }
        for term in specificExcluded(excluded) {
            parts.append(TermContribution(term: term, matched: nil, log10Ratio: log10(excludedRatio(term, disease: disease)), isExcluded: true))
        }
        return parts
    }

    /// The score of every disease (indexes of `annotations.diseases`), observed terms
    /// reduced to the most specific ones and non-phenotype terms left out.
    public func diseaseScores(observed: [Int32], excluded: [Int32]) -> [Double] {
        let observedTerms = specificTerms(observed)
        let excludedTerms = specificExcluded(excluded)
        var diseaseScores = [Double](repeating: 0, count: annotations.diseases.count)
        for disease in annotations.diseases.indices {
            diseaseScores[disease] = score(disease: disease, observed: observedTerms, excluded: excludedTerms)
        }
        return diseaseScores
    }

    /// Genes ranked by their diseases' scores combined (ties by symbol), with the best disease.
    public func rankGenes(observed: [Int32], excluded: [Int32]) -> [GeneMatch] {
        let diseaseScores = diseaseScores(observed: observed, excluded: excluded)
        let penalty = parameters.sharedDiseasePenalty
        /// A disease's score as evidence for one of its genes.
        func geneShare(_ disease: Int32) -> Double {
            let score = diseaseScores[Int(disease)]
            return penalty == 0 ? score : score - penalty * log10(Double(max(1, genesPerDisease[Int(disease)])))
        }
        var matches: [GeneMatch] = []
        matches.reserveCapacity(annotations.diseasesByGene.count)
        for (gene, diseases) in annotations.diseasesByGene {
            var bestDisease = diseases[0]
            for disease in diseases where geneShare(disease) > geneShare(bestDisease) { bestDisease = disease }
            var score = geneShare(bestDisease)
            if parameters.geneAggregation == .sum && diseases.count > 1 {
                var total = 0.0
                for disease in diseases { total += pow(10, geneShare(disease) - score) }
                score += log10(total)
            }
            matches.append(GeneMatch(gene: gene, score: score, disease: bestDisease))
        }
        matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.gene < $1.gene }
        return matches
    }
}
