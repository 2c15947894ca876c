import Annotation
import Foundation
import Phenotype
import VariantModel

/// What ACMG/AMP evaluation needs to know about the gene a variant counts for.
public struct GeneEvidenceContext: Sendable {
    /// Gene symbol.
    public var gene: String
    /// Modes of inheritance of the gene's HPO diseases (empty: unknown).
    public var inheritance: DiseaseInheritance
    /// The best phenotype log10 LR among the gene's diseases (nil: no HPO disease or no terms).
    public var phenotypeScore: Double?
    /// The disease behind `phenotypeScore`.
    public var diseaseName: String?
    /// Whether a population-frequency source was configured.
    public var hasFrequencySource: Bool
    /// Whether loss of function is the gene's disease mechanism, as a panel states it
    /// (nil: unknown, decided from constraint and inheritance).
    public var lossOfFunctionMechanism: Bool?
    /// Where `lossOfFunctionMechanism` comes from (`panel_0`).
    public var mechanismSource: String?

    /// Creates a context.
    public init(gene: String, inheritance: DiseaseInheritance = [], phenotypeScore: Double? = nil, diseaseName: String? = nil,
                hasFrequencySource: Bool, lossOfFunctionMechanism: Bool? = nil, mechanismSource: String? = nil) {
        self.gene = gene
        self.inheritance = inheritance
        self.phenotypeScore = phenotypeScore
        self.diseaseName = diseaseName
        self.hasFrequencySource = hasFrequencySource
        self.lossOfFunctionMechanism = lossOfFunctionMechanism
        self.mechanismSource = mechanismSource
    }
}

/// Applies the ACMG/AMP criteria Criba can evaluate from the data at hand (see
/// docs/prioritization.md for the list, and for those it cannot: PS1/PM5, PS3/BS3, PP2,
/// BP1, BP3, BP5; PM1 only where a gene-specific hotspot table names the codons). Every
/// criterion carries the evidence that triggered it.
public struct EvidenceEvaluator: Sendable {
    /// The thresholds and points.
    public let rules: AcmgRules
    /// Gene-specific rules (VCEP frequency thresholds, hotspots) applied over the general ones.
    public let geneRules: GeneSpecificRules
    private let pedigree: Pedigree
    private let proband: Int
    private let affectedRelatives: [Int]

    /// Creates an evaluator for one family.
    public init(rules: AcmgRules, pedigree: Pedigree, geneRules: GeneSpecificRules = GeneSpecificRules()) {
        self.rules = rules
        self.geneRules = geneRules
        self.pedigree = pedigree
        let index = pedigree.proband.flatMap { proband in pedigree.members.firstIndex { $0.id == proband.id } } ?? 0
        proband = index
        affectedRelatives = pedigree.members.indices.filter { $0 != index && pedigree.members[$0].affected == true }
    }

    /// The criteria one variant meets. `partner`: for a compound heterozygous pair, the
    /// other variant's class before PM3 and whether the pair is confirmed in trans.
    public func evaluate(_ candidate: CandidateVariant, context: GeneEvidenceContext,
                         partner: (acmgClass: AcmgClass, confirmedInTrans: Bool, identifier: String)? = nil) -> [AppliedCriterion] {
        var criteria: [AppliedCriterion] = []
        let consequence = candidate.consequence
        let terms = Set(consequence.terms)
        let call = candidate.probandCall(proband)
        let recessiveOnly = !context.inheritance.isEmpty
            && context.inheritance.isSubset(of: [.autosomalRecessive, .xLinkedRecessive])
        let onX = ChromosomeClass(contig: candidate.contig) == .x

        // PVS1: predicted loss of function where loss of function causes disease.
        if let pvs1 = lossOfFunction(candidate, terms: terms, context: context) { criteria.append(pvs1) }

        // PS2 / PM6: de novo.
        if candidate.modes[.deNovo] == .compatible {
            if let phenotype = context.phenotypeScore, phenotype >= 0 {
                criteria.append(rules.criterion("PS2", .strong, "de novo: absent from both parents (depth, GQ and ALT fraction checked), phenotype consistent with \(context.diseaseName ?? context.gene)"))
            } else {
                criteria.append(rules.criterion("PM6", .moderate, "de novo in the trio, but the phenotype does not point to \(context.gene): assumed, not confirmed"))
            }
        }

        // Population frequency: BA1, BS1, PM2_Supporting, BS2; a gene's VCEP thresholds
        // replace the general BA1/BS1 ones.
        if context.hasFrequencySource {
            let frequency = candidate.frequency ?? 0
            let recessiveCall = call.map { $0.isHomozygousAlternate } ?? false
            let pm2Limit = recessiveOnly || recessiveCall
                ? rules.threshold("PM2_recessive_allele_frequency") : rules.threshold("PM2_dominant_allele_frequency")
            let vcepFrequency = candidate.filteringFrequency ?? frequency
            let specific = geneRules.frequencyRule(gene: context.gene, frequency: vcepFrequency)
            var benign = false
            if let rule = specific.rule {
                let measure = candidate.filteringFrequency == nil ? "allele frequency" : "filtering allele frequency (FAF95)"
                let version = rule.version == "." ? "" : " v\(rule.version)"
                criteria.append(rules.criterion(rule.criterion, rule.strength,
                                                "population \(measure) \(format(vcepFrequency)) \(rule.boundsText): ClinGen \(context.gene) VCEP\(version) threshold (\(rule.property))"))
                benign = true
            } else if !specific.hasRules && frequency > rules.threshold("BA1_allele_frequency") {
                criteria.append(rules.criterion("BA1", .standAlone, "population allele frequency \(format(frequency)) > \(format(rules.threshold("BA1_allele_frequency")))"))
                benign = true
            } else if !specific.hasRules && frequency > rules.threshold("BS1_allele_frequency") {
                criteria.append(rules.criterion("BS1", .strong, "population allele frequency \(format(frequency)) > \(format(rules.threshold("BS1_allele_frequency"))), more than expected for a rare disorder"))
                benign = true
            }
            if !benign && frequency <= pm2Limit {
                let text = candidate.frequency == nil ? "absent from the population source" : "population allele frequency \(format(frequency)) ≤ \(format(pm2Limit))"
                criteria.append(rules.criterion("PM2", .supporting, text))
            }
            if let homozygotes = candidate.homozygotes, recessiveOnly, !onX,
               Double(homozygotes) >= rules.threshold("BS2_homozygotes") {
                criteria.append(rules.criterion("BS2", .strong, "\(homozygotes) homozygotes in the population source for a recessive-only gene"))
            }
        }

        // PM1: a missense change at a curated hotspot codon.
        if consequence.mostSevere == .missense, let hotspots = geneRules.hotspots[context.gene],
           let codon = GeneSpecificRules.codon(ofProteinChange: consequence.hgvsProtein), hotspots.codons.contains(codon) {
            criteria.append(rules.criterion("PM1", hotspots.strength, "missense at hotspot codon \(codon) (\(hotspots.source))"))
        }

        // PM3: in trans with a pathogenic variant (recessive).
        if let partner, partner.acmgClass == .pathogenic || partner.acmgClass == .likelyPathogenic {
            criteria.append(rules.criterion("PM3", partner.confirmedInTrans ? .moderate : .supporting,
                                            "\(partner.confirmedInTrans ? "in trans" : "phase unknown") with \(partner.acmgClass.rawValue.lowercased()) \(partner.identifier)"))
        }

        // PM4: protein length change.
        if terms.contains(.inframeInsertion) || terms.contains(.inframeDeletion) || terms.contains(.stopLost) {
            if !terms.contains(.frameshift) && !terms.contains(.stopGained) {
                let what = terms.contains(.stopLost) ? "stop lost" : "in-frame indel"
                criteria.append(rules.criterion("PM4", .moderate, "\(what) changes the protein length (repeat regions not checked)"))
            }
        }

        // PP3 / BP4: REVEL (missense) and SpliceAI.
        let missense = consequence.mostSevere == .missense
        var pp3Applied = false
        if missense, let revel = candidate.revel {
            if let strength = band(revel, [("REVEL_PP3_Strong", .strong), ("REVEL_PP3_Moderate", .moderate), ("REVEL_PP3_Supporting", .supporting)], above: true) {
                criteria.append(rules.criterion("PP3", strength, "REVEL \(format(revel))"))
                pp3Applied = true
            } else if let strength = band(revel, [("REVEL_BP4_VeryStrong", .veryStrong), ("REVEL_BP4_Strong", .strong), ("REVEL_BP4_Moderate", .moderate), ("REVEL_BP4_Supporting", .supporting)], above: false) {
                let spliceQuiet = candidate.spliceAI.map { $0 <= rules.threshold("SpliceAI_BP4") } ?? true
                if spliceQuiet { criteria.append(rules.criterion("BP4", strength, "REVEL \(format(revel))\(candidate.spliceAI.map { ", SpliceAI \(format($0))" } ?? "")")) }
            }
        }
        if let splice = candidate.spliceAI, !pp3Applied, criteria.allSatisfy({ $0.code != "PVS1" }) {
            if splice >= rules.threshold("SpliceAI_PP3") {
                criteria.append(rules.criterion("PP3", .supporting, "SpliceAI maximum delta score \(format(splice))"))
            } else if !missense, splice <= rules.threshold("SpliceAI_BP4"), !terms.contains(.synonymous) {
                let nonCoding = consequence.mostSevere.map { ConsequenceCatalog.standard.impact(of: $0) < .moderate } ?? false
                if nonCoding { criteria.append(rules.criterion("BP4", .supporting, "SpliceAI maximum delta score \(format(splice)): splicing predicted unaffected")) }
            }
        }

        // BP7: synonymous without a predicted splice effect.
        if consequence.mostSevere == .synonymous {
            if let splice = candidate.spliceAI, splice <= rules.threshold("SpliceAI_BP4") {
                criteria.append(rules.criterion("BP7", .supporting, "synonymous, SpliceAI \(format(splice)) (conservation not checked)"))
            } else if candidate.spliceAI == nil && !terms.contains(.spliceRegion) {
                criteria.append(rules.criterion("BP7", .supporting, "synonymous, outside the splice region (no SpliceAI score; conservation not checked)"))
            }
        }

        // PP4: the phenotype is highly specific for the gene's disease.
        if let phenotype = context.phenotypeScore, phenotype >= rules.threshold("PP4_phenotype_log10_ratio") {
            criteria.append(rules.criterion("PP4", .supporting, "phenotype matches \(context.diseaseName ?? context.gene) (log10 LR \(String(format: "%.1f", phenotype)))"))
        }

        // PP1 / BS4: segregation in affected relatives.
        if !affectedRelatives.isEmpty {
            var carriers = 0, nonCarriers = 0
            for member in affectedRelatives {
                guard let relative = candidate.calls[member], !relative.isMissing else { continue }
                if relative.carries { carriers += 1 } else { nonCarriers += 1 }
            }
            if nonCarriers > 0 {
                criteria.append(rules.criterion("BS4", .strong, "\(nonCarriers) affected relative(s) do not carry it"))
            } else if Double(carriers) >= rules.threshold("PP1_affected_carriers") {
                criteria.append(rules.criterion("PP1", .supporting, "carried by \(carriers) affected relatives"))
            }
        }
        return criteria
    }

    /// PVS1 following the ClinGen SVI tree as far as the annotation allows.
    private func lossOfFunction(_ candidate: CandidateVariant, terms: Set<ConsequenceTerm>, context: GeneEvidenceContext) -> AppliedCriterion? {
        let truncating = terms.contains(.stopGained) || terms.contains(.frameshift)
        let splice = terms.contains(.spliceAcceptor) || terms.contains(.spliceDonor)
        let ablation = terms.contains(.transcriptAblation)
        let start = terms.contains(.startLost)
        guard truncating || splice || ablation || start else { return nil }
        var mechanism: String?
        if let stated = context.lossOfFunctionMechanism {
            // The panel's curated mechanism decides: no PVS1 in a gain-of-function gene.
            guard stated else { return nil }
            mechanism = "loss of function (\(context.mechanismSource ?? "gene panel"))"
        } else if let loeuf = candidate.loeuf, loeuf < rules.threshold("LOEUF_haploinsufficient") {
            mechanism = "LOEUF \(format(loeuf)) < \(format(rules.threshold("LOEUF_haploinsufficient")))"
        } else if let pli = candidate.pLI, pli >= rules.threshold("pLI_haploinsufficient") {
            mechanism = "pLI \(format(pli))"
        } else if context.inheritance.contains(.autosomalRecessive) || context.inheritance.contains(.xLinkedRecessive) {
            mechanism = "recessive disease gene (\(context.inheritance.names.joined(separator: "/")))"
        }
        guard let mechanism else { return nil }
        let consequence = candidate.consequence
        if ablation { return rules.criterion("PVS1", .veryStrong, "whole transcript deleted; LoF mechanism: \(mechanism)") }
        if start { return rules.criterion("PVS1", .moderate, "start codon lost (no alternative start assessed); LoF mechanism: \(mechanism)") }
        if splice {
            return rules.criterion("PVS1", .strong, "canonical splice site (reading-frame effect not predicted); LoF mechanism: \(mechanism)")
        }
        if consequence.isInLastExon {
            return rules.criterion("PVS1", .strong, "premature stop in the last exon (\(consequence.exon!)/\(consequence.exonCount!)) escapes NMD; LoF mechanism: \(mechanism)")
        }
        let exonText = consequence.exon.map { " in exon \($0)/\(consequence.exonCount ?? 0)" } ?? ""
        return rules.criterion("PVS1", .veryStrong, "predicted premature stop\(exonText), NMD expected; LoF mechanism: \(mechanism)")
    }

    private func band(_ value: Double, _ bands: [(String, EvidenceStrength)], above: Bool) -> EvidenceStrength? {
        for (name, strength) in bands {
            let threshold = rules.threshold(name)
            if above ? value >= threshold : value <= threshold { return strength }
        }
        return nil
    }

    private func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        return value < 0.001 ? String(format: "%.2g", value) : String(format: "%.4g", value)
    }
}
