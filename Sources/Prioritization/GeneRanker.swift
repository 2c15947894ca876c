import Foundation
import Phenotype
import VariantModel

/// The patient's phenotype, resolved against an HPO release.
public struct PatientPhenotype: Sendable {
    /// The matcher (ontology and annotations).
    public let matcher: PhenotypeMatcher
    /// Observed and excluded term indexes.
    public let observed: [Int32], excluded: [Int32]

    /// Creates a phenotype.
    public init(matcher: PhenotypeMatcher, observed: [Int32], excluded: [Int32]) {
        self.matcher = matcher
        self.observed = observed
        self.excluded = excluded
    }
}

/// Ranks genes for one case: per gene, the best way its candidates fit an inheritance
/// mode of one of its diseases, weighed with how well that disease explains the
/// phenotype (`RankingModel`), and every variant's ACMG/AMP evidence.
public struct GeneRanker: Sendable {
    /// The ranking model.
    public let model: RankingModel
    /// The ACMG/AMP evaluator.
    public let evaluator: EvidenceEvaluator
    private let analyzer: InheritanceAnalyzer
    private let phenotype: PatientPhenotype?
    private let diseaseScores: [Double]
    private let unannotatedScore: Double
    private let hasFrequencySource: Bool
    private let proband: Int

    /// Creates a ranker; the phenotype's disease scores are computed here, once.
    public init(model: RankingModel, rules: AcmgRules, analyzer: InheritanceAnalyzer, phenotype: PatientPhenotype?,
                hasFrequencySource: Bool) {
        self.model = model
        evaluator = EvidenceEvaluator(rules: rules, pedigree: analyzer.pedigree)
        self.analyzer = analyzer
        self.phenotype = phenotype
        self.hasFrequencySource = hasFrequencySource
        let pedigree = analyzer.pedigree
        proband = pedigree.proband.flatMap { proband in pedigree.members.firstIndex { $0.id == proband.id } } ?? 0
        if let phenotype, !phenotype.observed.isEmpty || !phenotype.excluded.isEmpty {
            diseaseScores = phenotype.matcher.diseaseScores(observed: phenotype.observed, excluded: phenotype.excluded)
        } else {
            diseaseScores = []
        }
        // A gene without HPO diseases scores like a poorly matching disease of this case.
        let sorted = diseaseScores.sorted()
        if sorted.isEmpty {
            unannotatedScore = 0
        } else {
            let position = Int((model.unannotatedGenePercentile / 100 * Double(sorted.count - 1)).rounded())
            unannotatedScore = sorted[min(sorted.count - 1, max(0, position))]
        }
    }

    /// A way the gene's candidates explain the case under one mode.
    private struct Option {
        var mode: String
        var fit: Compatibility
        var score: Double
        var members: [Int]
    }

    /// Genes ranked best first (ties broken by symbol).
    public func rank(_ candidates: [CandidateVariant]) -> [RankedGene] {
        var byGene: [String: [Int]] = [:]
        for (index, candidate) in candidates.enumerated() { byGene[candidate.consequence.gene, default: []].append(index) }
        var genes: [RankedGene] = []
        genes.reserveCapacity(byGene.count)
        for (gene, indexes) in byGene {
            genes.append(rankGene(gene, candidates: indexes.map { candidates[$0] }))
        }
        genes.sort { $0.score != $1.score ? $0.score > $1.score : $0.gene < $1.gene }
        for index in genes.indices { genes[index].rank = index + 1 }
        return genes
    }

    private func rankGene(_ gene: String, candidates: [CandidateVariant]) -> RankedGene {
        let annotations = phenotype?.matcher.annotations
        let diseases = annotations?.diseasesByGene[gene] ?? []
        var inheritance: DiseaseInheritance = []
        var bestPhenotype: (score: Double, disease: Int32)?
        for disease in diseases {
            inheritance.formUnion(annotations!.diseases[Int(disease)].inheritance)
            let score = diseaseScores.isEmpty ? 0 : diseaseScores[Int(disease)]
            if bestPhenotype == nil || score > bestPhenotype!.score { bestPhenotype = (score, disease) }
        }
        let context = GeneEvidenceContext(
            gene: gene, inheritance: inheritance, phenotypeScore: diseaseScores.isEmpty ? nil : bestPhenotype?.score,
            diseaseName: bestPhenotype.map { annotations!.diseases[Int($0.disease)].name }, hasFrequencySource: hasFrequencySource)

        // First pass: each variant on its own.
        var criteria = candidates.map { evaluator.evaluate($0, context: context) }
        var classes = criteria.map { evaluator.rules.classify($0) }
        var scores = candidates.indices.map { model.variantScore(candidates[$0], acmgClass: classes[$0].0) }

        var options = singleVariantOptions(candidates, scores: scores)
        // Compound heterozygous pairs among the best heterozygous candidates.
        if let pair = bestCompoundPair(candidates, scores: scores) {
            // PM3: each in trans with the other, when the other is (likely) pathogenic.
            for (member, partner) in [(pair.members[0], pair.members[1]), (pair.members[1], pair.members[0])] {
                let other = (acmgClass: classes[partner].0, confirmedInTrans: pair.fit == .compatible, identifier: candidates[partner].identifier)
                let updated = evaluator.evaluate(candidates[member], context: context, partner: other)
                if updated.count != criteria[member].count {
                    criteria[member] = updated
                    classes[member] = evaluator.rules.classify(updated)
                    scores[member] = model.variantScore(candidates[member], acmgClass: classes[member].0)
                }
            }
            var rescored = pair
            rescored.score = (scores[pair.members[0]] + scores[pair.members[1]]) / 2
            options.append(rescored)
        }

        // The best disease: phenotype plus the best option its inheritance allows.
        let weight = model.genotypeWeight, floor = model.genotypeFloor
        func phenotypePart(_ disease: Int32?) -> Double {
            guard let disease else { return unannotatedScore }
            return diseaseScores.isEmpty ? 0 : diseaseScores[Int(disease)]
        }
        var best: (total: Double, disease: Int32?, option: Option?, mismatch: Double)?
        for disease in diseases.isEmpty ? [nil] : diseases.map({ Optional($0) }) {
            let allowed = disease.map { allowedModes(annotations!.diseases[Int($0)].inheritance) } ?? nil
            var option = bestOption(options, allowed: allowed)
            var mismatch = 0.0
            if option == nil {
                option = bestOption(options, allowed: nil)
                mismatch = model.inheritanceMismatch
            }
            let genotype = option?.score ?? scores.max() ?? 0
            if option == nil { mismatch = 2 * model.inheritanceMismatch }
            let total = phenotypePart(disease) + weight * log10(max(genotype, floor)) + mismatch
            if best == nil || total > best!.total { best = (total, disease, option, mismatch) }
        }
        let chosen = best!
        let option = chosen.option
        let genotypeScore = option?.score ?? scores.max() ?? 0
        let explaining = option?.members ?? (scores.indices.max { scores[$0] < scores[$1] }.map { [$0] } ?? [])
        var order = explaining
        order += candidates.indices.filter { !explaining.contains($0) }.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(5)

        var matched: [MatchedTerm] = []
        if let phenotype, let disease = chosen.disease, !diseaseScores.isEmpty {
            let ontology = phenotype.matcher.ontology
            for part in phenotype.matcher.explain(disease: Int(disease), observed: phenotype.observed, excluded: phenotype.excluded) {
                matched.append(MatchedTerm(term: ontology.terms[Int(part.term)].id, name: ontology.terms[Int(part.term)].name,
                                           matched: part.matched.map { ontology.terms[Int($0)].id },
                                           matchedName: part.matched.map { ontology.terms[Int($0)].name },
                                           log10Ratio: part.log10Ratio, excluded: part.isExcluded))
            }
        }
        let disease = chosen.disease.map { annotations!.diseases[Int($0)] }
        let phenotypeScore = phenotypePart(chosen.disease)
        return RankedGene(
            rank: 0, gene: gene, score: chosen.total, phenotypeScore: phenotypeScore,
            diseaseId: disease?.id, diseaseName: disease?.name, diseaseInheritance: disease?.inheritance.names ?? [],
            mode: option?.mode ?? "none", modeFit: option?.fit.rawValue ?? Compatibility.incompatible.rawValue,
            genotypeScore: genotypeScore, genotypePart: weight * log10(max(genotypeScore, floor)), inheritancePart: chosen.mismatch,
            variants: order.map { rankedVariant(candidates[$0], score: scores[$0], criteria: criteria[$0], acmg: classes[$0]) },
            explainingVariants: explaining.count, matchedTerms: matched)
    }

    /// AD/XLD/XLR/AR-homozygous/MT options, one per candidate that fits.
    private func singleVariantOptions(_ candidates: [CandidateVariant], scores: [Double]) -> [Option] {
        var options: [Option] = []
        for (index, candidate) in candidates.enumerated() {
            let modes = candidate.modes
            let deNovo = modes[.deNovo] == .compatible
            func add(_ name: String, _ fit: Compatibility?) {
                guard let fit, fit > .incompatible else { return }
                options.append(Option(mode: name, fit: fit, score: scores[index], members: [index]))
            }
            switch ChromosomeClass(contig: candidate.contig) {
            case .autosome:
                add("AD", deNovo ? .compatible : modes[.autosomalDominant])
                add("AR", modes[.autosomalRecessiveHomozygous])
            case .x:
                add("XLD", deNovo ? .compatible : modes[.xLinkedDominant])
                add("XLR", modes[.xLinkedRecessive])
            case .mitochondrion:
                add("MT", modes[.mitochondrial])
            case .y:
                add("AD", deNovo ? .compatible : nil)
            }
        }
        return options
    }

    /// The best pair of heterozygous candidates (distinct positions) that fits compound
    /// heterozygosity; only the twelve best-scoring heterozygous candidates are paired.
    private func bestCompoundPair(_ candidates: [CandidateVariant], scores: [Double]) -> Option? {
        let heterozygous = candidates.indices.filter { index in
            guard let call = candidates[index].probandCall(proband), call.isHeterozygous else { return false }
            return ChromosomeClass(contig: candidates[index].contig) == .autosome
        }.sorted { scores[$0] > scores[$1] }.prefix(12)
        guard heterozygous.count >= 2 else { return nil }
        var best: Option?
        let list = Array(heterozygous)
        for first in 0..<list.count {
            for second in (first + 1)..<list.count {
                let a = list[first], b = list[second]
                guard candidates[a].position != candidates[b].position || candidates[a].alternate != candidates[b].alternate else { continue }
                let fit = analyzer.compoundHeterozygous(candidates[a].calls, candidates[b].calls)
                guard fit > .incompatible else { continue }
                let score = (scores[a] + scores[b]) / 2
                if best == nil || score > best!.score || (score == best!.score && fit > best!.fit) {
                    best = Option(mode: "AR", fit: fit, score: score, members: [a, b])
                }
            }
        }
        return best
    }

    /// Modes a disease's HPO inheritance allows; nil when any mode may fit.
    private func allowedModes(_ inheritance: DiseaseInheritance) -> Set<String>? {
        if inheritance.isEmpty || inheritance.contains(.other) { return nil }
        var allowed = Set<String>()
        if inheritance.contains(.autosomalDominant) { allowed.insert("AD") }
        if inheritance.contains(.autosomalRecessive) { allowed.insert("AR") }
        if inheritance.contains(.xLinkedRecessive) { allowed.insert("XLR") }
        if inheritance.contains(.xLinkedDominant) { allowed.formUnion(["XLD", "XLR"]) }
        if inheritance.contains(.mitochondrial) { allowed.insert("MT") }
        return allowed
    }

    private func bestOption(_ options: [Option], allowed: Set<String>?) -> Option? {
        var best: Option?
        for option in options where allowed?.contains(option.mode) ?? true {
            if best == nil || option.score > best!.score || (option.score == best!.score && option.fit > best!.fit) { best = option }
        }
        return best
    }

    private func rankedVariant(_ candidate: CandidateVariant, score: Double, criteria: [AppliedCriterion], acmg: (AcmgClass, Int)) -> RankedVariant {
        RankedVariant(candidate, pedigree: analyzer.pedigree, model: model, score: score, criteria: criteria, acmg: acmg)
    }
}
