import Foundation
import Phenotype
import VariantModel

/// How far ClinVar is trusted: never, as an override at expert-panel level (3–4 stars), or
/// at two stars and above. Below the override level a ClinVar assertion with at least one
/// star counts as PP5/BP6 Supporting evidence.
public enum ClinVarTrust: String, Sendable, Codable, CaseIterable {
    case none, expert, twoStar = "two-star"

    /// The fewest stars for an override (nil: ClinVar never overrides nor counts).
    public var overrideStars: Int? {
        switch self {
        case .none: return nil
        case .expert: return 3
        case .twoStar: return 2
        }
    }
}

/// One variant classified for a panel or the secondary findings: Criba's own ACMG/AMP
/// call, ClinVar's, and the final class with the reason it was chosen.
public struct ClassifiedVariant: Sendable, Codable {
    /// Gene symbol.
    public var gene: String
    /// The variant with every criterion applied (ClinVar evidence included) and the final class.
    public var variant: RankedVariant
    /// Criba's own call from its criteria alone (ClinVar left out) and its points.
    public var cribaClass: AcmgClass, cribaPoints: Int
    /// ClinVar's class (nil: absent, or conflicting interpretations) and stars.
    public var clinvarClass: AcmgClass?, clinvarStars: Int?
    /// The class reported.
    public var finalClass: AcmgClass
    /// Why: `ACMG/AMP points` or `ClinVar override (3 stars)`.
    public var basis: String
    /// Set when ClinVar and Criba's own call differ; `oppositeDirection` when one is P/LP and the other B/LB.
    public var conflict: String?, oppositeDirection: Bool
    /// The gene's mechanism and inheritance as the panel states them (empty: unknown).
    public var mechanism: String, inheritance: String
    /// The proband's genotype (`0/1`, `1/1`, `1`).
    public var probandGenotype: String
}

/// Classifies the variants of a panel's genes (hereditary cancer, secondary findings) with
/// the ACMG/AMP engine, gene-specific rules and ClinVar at the chosen trust level.
public struct VariantClassifier: Sendable {
    /// The evaluator (general and gene-specific rules).
    public let evaluator: EvidenceEvaluator
    /// How far ClinVar is trusted.
    public let trust: ClinVarTrust
    private let pedigree: Pedigree
    private let model: RankingModel
    private let hasFrequencySource: Bool
    private let proband: Int

    /// Creates a classifier for one family.
    public init(rules: AcmgRules, geneRules: GeneSpecificRules, pedigree: Pedigree, model: RankingModel, trust: ClinVarTrust,
                hasFrequencySource: Bool) {
        evaluator = EvidenceEvaluator(rules: rules, pedigree: pedigree, geneRules: geneRules)
        self.trust = trust
        self.pedigree = pedigree
        self.model = model
        self.hasFrequencySource = hasFrequencySource
        proband = pedigree.proband.flatMap { proband in pedigree.members.firstIndex { $0.id == proband.id } } ?? 0
    }

    /// ClinVar's significance text as a class (`Likely_pathogenic` → LP); nil for
    /// conflicting, risk-factor-only or unknown statements.
    public static func clinvarClass(_ text: String?) -> AcmgClass? {
        guard let text else { return nil }
        let first = text.split(whereSeparator: { $0 == "|" || $0 == "," || $0 == ";" }).first.map { $0.lowercased() } ?? ""
        let words = first.replacingOccurrences(of: "_", with: " ")
        if words.contains("conflicting") { return nil }
        switch words {
        case "pathogenic", "pathogenic, low penetrance": return .pathogenic
        case "likely pathogenic", "pathogenic/likely pathogenic", "likely pathogenic, low penetrance": return .likelyPathogenic
        case "uncertain significance": return .uncertain
        case "likely benign", "benign/likely benign": return .likelyBenign
        case "benign": return .benign
        default: return nil
        }
    }

    /// The inheritance modes a panel's `AD/AR`-style text names.
    static func inheritance(_ text: String) -> DiseaseInheritance {
        var modes: DiseaseInheritance = []
        for part in text.uppercased().split(whereSeparator: { $0 == "/" || $0 == "&" || $0 == "," || $0 == " " }) {
            switch part {
            case "AD": modes.insert(.autosomalDominant)
            case "AR": modes.insert(.autosomalRecessive)
            case "XL", "XLR": modes.insert(.xLinkedRecessive)
            case "XD", "XLD": modes.insert(.xLinkedDominant)
            default: break
            }
        }
        return modes
    }

    /// Classifies every candidate whose gene is in `genes`, most pathogenic first.
    public func classify(_ candidates: [CandidateVariant], genes: [String: PanelGene], panelName: String) -> [ClassifiedVariant] {
        var result: [ClassifiedVariant] = []
        for candidate in candidates {
            guard let gene = genes[candidate.consequence.gene] else { continue }
            result.append(classify(candidate, gene: gene, panelName: panelName))
        }
        result.sort { first, second in
            let a = VariantClassifier.order(first.finalClass), b = VariantClassifier.order(second.finalClass)
            if a != b { return a < b }
            if first.variant.acmgPoints != second.variant.acmgPoints { return first.variant.acmgPoints > second.variant.acmgPoints }
            if first.variant.contig != second.variant.contig { return first.variant.contig < second.variant.contig }
            return first.variant.position < second.variant.position
        }
        return result
    }

    /// 0 for pathogenic … 4 for benign.
    public static func order(_ acmgClass: AcmgClass) -> Int {
        switch acmgClass {
        case .pathogenic: return 0
        case .likelyPathogenic: return 1
        case .uncertain: return 2
        case .likelyBenign: return 3
        case .benign: return 4
        }
    }

    private static func isPathogenicSide(_ acmgClass: AcmgClass) -> Bool { acmgClass == .pathogenic || acmgClass == .likelyPathogenic }
    private static func isBenignSide(_ acmgClass: AcmgClass) -> Bool { acmgClass == .benign || acmgClass == .likelyBenign }

    /// One candidate in one panel gene.
    public func classify(_ candidate: CandidateVariant, gene: PanelGene, panelName: String) -> ClassifiedVariant {
        let context = GeneEvidenceContext(
            gene: gene.symbol, inheritance: VariantClassifier.inheritance(gene.inheritance), hasFrequencySource: hasFrequencySource,
            lossOfFunctionMechanism: gene.lossOfFunction, mechanismSource: gene.mechanism.isEmpty ? nil : "\(panelName): \(gene.mechanism)")
        let own = evaluator.evaluate(candidate, context: context)
        let (ownClass, ownPoints) = evaluator.rules.classify(own)
        let clinvar = VariantClassifier.clinvarClass(candidate.clinvarSignificance)
        let stars = candidate.clinvarStars ?? 0
        var criteria = own
        var finalClass = ownClass
        var points = ownPoints
        var basis = "ACMG/AMP points (\(ownPoints))"
        if let clinvar, let needed = trust.overrideStars {
            let statement = "ClinVar \(candidate.clinvarSignificance ?? "") (\(stars) star\(stars == 1 ? "" : "s"))"
            if stars >= needed {
                finalClass = clinvar
                basis = "\(statement) overrides Criba's \(ownClass.rawValue) (\(ownPoints)) at --clinvar-trust \(trust.rawValue)"
            } else if stars >= 1, clinvar != .uncertain {
                let code = VariantClassifier.isPathogenicSide(clinvar) ? "PP5" : "BP6"
                criteria.append(evaluator.rules.criterion(code, .supporting,
                                                          "\(statement), below the override level; reputable-source evidence (ClinGen SVI advises weighing the underlying data instead)"))
                (finalClass, points) = evaluator.rules.classify(criteria)
                basis = "ACMG/AMP points (\(points)) with ClinVar as \(code)"
            }
        }
        var conflict: String?
        var opposite = false
        if let clinvar, clinvar != ownClass {
            opposite = (VariantClassifier.isPathogenicSide(clinvar) && VariantClassifier.isBenignSide(ownClass))
                || (VariantClassifier.isBenignSide(clinvar) && VariantClassifier.isPathogenicSide(ownClass))
            conflict = "ClinVar \(clinvar.rawValue) (\(stars) star\(stars == 1 ? "" : "s")) vs Criba \(ownClass.rawValue) (\(ownPoints))"
                + (opposite ? ": opposite direction" : "")
        }
        let variant = RankedVariant(candidate, pedigree: pedigree, model: model, score: model.variantScore(candidate, acmgClass: finalClass),
                                    criteria: criteria, acmg: (finalClass, points))
        return ClassifiedVariant(
            gene: gene.symbol, variant: variant, cribaClass: ownClass, cribaPoints: ownPoints, clinvarClass: clinvar,
            clinvarStars: candidate.clinvarStars, finalClass: finalClass, basis: basis, conflict: conflict, oppositeDirection: opposite,
            mechanism: gene.mechanism, inheritance: gene.inheritance,
            probandGenotype: RankedVariant.genotypeText(candidate.probandCall(proband)))
    }

    /// The ACMG secondary findings: P/LP variants in the list's genes; in a recessive gene
    /// only a homozygous variant or two P/LP variants. Returns the findings and how many
    /// single heterozygous P/LP variants in recessive genes were withheld. A gene's
    /// mechanism comes from `mechanisms` (panel 0) when it is listed there.
    public func secondaryFindings(_ candidates: [CandidateVariant], list: SecondaryFindingsList,
                                  mechanisms: GenePanel = .panelZero) -> (findings: [ClassifiedVariant], assessed: Int, withheld: Int) {
        let genes = list.genes.mapValues { gene in
            PanelGene(symbol: gene.symbol, mechanism: mechanisms.genes[gene.symbol]?.mechanism ?? "", inheritance: gene.inheritance,
                      name: gene.disease)
        }
        let classified = classify(candidates, genes: genes, panelName: "ACMG SF v\(list.version)")
        let homozygous = Set(candidates.filter { $0.probandCall(proband)?.isHomozygousAlternate == true }.map(\.identifier))
        let positive = classified.filter { VariantClassifier.isPathogenicSide($0.finalClass) }
        var byGene: [String: [ClassifiedVariant]] = [:]
        for variant in positive { byGene[variant.gene, default: []].append(variant) }
        var findings: [ClassifiedVariant] = []
        var withheld = 0
        for variant in positive {
            let recessive = list.genes[variant.gene]?.inheritance == "AR"
            if recessive && !homozygous.contains(variant.variant.id) && byGene[variant.gene]!.count < 2 {
                withheld += 1
                continue
            }
            findings.append(variant)
        }
        return (findings, classified.count, withheld)
    }
}
