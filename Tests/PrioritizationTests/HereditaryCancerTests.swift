import Annotation
import Foundation
@testable import Prioritization
import Testing
import VariantModel

/// Hereditary-cancer mode: panels, secondary-findings lists, gene-specific VCEP rules,
/// hotspots, mechanisms and ClinVar trust levels.
@Suite struct HereditaryCancerTests {
    static let rules = AcmgRules.bundled
    static let singleton = Pedigree(singleton: "INDEX", sex: 2)
    static let het = SampleCall(alternateCopies: 1, depth: 40, genotypeQuality: 99, alternateFraction: 0.5)
    static let hom = SampleCall(alternateCopies: 2, depth: 40, genotypeQuality: 99, alternateFraction: 1)

    static func candidate(_ terms: [ConsequenceTerm], gene: String, position: Int = 1000, protein: String = "", frequency: Double? = nil,
                          clinvar: String? = nil, stars: Int? = nil, call: SampleCall = het, exon: (Int, Int)? = (3, 10)) -> CandidateVariant {
        var consequence = GeneConsequence(gene: gene, transcript: "ENST1", terms: terms, hgvsProtein: protein)
        consequence.exon = exon?.0
        consequence.exonCount = exon?.1
        let analyzer = InheritanceAnalyzer(pedigree: singleton)
        return CandidateVariant(
            contig: "17", position: position, reference: "A", alternate: "G", alleleIndex: 1, quality: 50, filters: ["PASS"],
            consequence: consequence, calls: [call], modes: analyzer.modes(contig: "17", calls: [call]), frequency: frequency,
            homozygotes: nil, clinvarSignificance: clinvar, clinvarStars: stars, revel: nil, spliceAI: nil, loeuf: nil, pLI: nil)
    }

    static func classifier(_ trust: ClinVarTrust = .none, geneRules: GeneSpecificRules = .bundled) -> VariantClassifier {
        VariantClassifier(rules: rules, geneRules: geneRules, pedigree: singleton, model: .bundled, trust: trust, hasFrequencySource: true)
    }

    @Test func panelZeroLoadsWithTagsStripped() throws {
        let panel = GenePanel.panelZero
        #expect(panel.genes.count == 555)
        #expect(panel.checksum == "3a0e00bc5dff1b6f6e42b4dd8c1922f8")
        let brca1 = try #require(panel.genes["BRCA1"])
        #expect(brca1.mechanism == "LoF" && brca1.inheritance == "AD/AR" && brca1.lossOfFunction == true)
        #expect(panel.genes["RET"]?.lossOfFunction == false)
        #expect(panel.genes["ABL1"]?.lossOfFunction == nil)
        #expect(!panel.genes.keys.contains { $0.contains("<") || $0.contains(">") })
        #expect(GenePanel.stripTags("<a href='x' target='_blank'>TP53</a>") == "TP53")
    }

    @Test func subPanelsSelectByNameOrList() throws {
        let breast = try GenePanel.panelZero.subpanel(named: "breast_ovarian")
        for gene in ["BRCA1", "BRCA2", "PALB2", "TP53", "CHEK2"] { #expect(breast.genes[gene] != nil, "\(gene)") }
        #expect(breast.genes["RET"] == nil)
        let melanoma = try GenePanel.panelZero.subpanel(named: "familial_melanoma")
        #expect(Set(melanoma.genes.keys) == ["BAP1", "CDK4", "CDKN2A", "POT1"])
        let union = try GenePanel.panelZero.subpanel(named: "familial_melanoma,li_fraumeni")
        #expect(union.genes["TP53"] != nil && union.genes["CDKN2A"] != nil)
        #expect(throws: PrioritizationError.self) { try GenePanel.panelZero.subpanel(named: "no_such_panel") }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-panel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let list = directory.appendingPathComponent("genes.tsv").path
        try "# lab panel\nBRCA1\nMYGENE\tGoF\tAD\n\nTP53\t.\tAD\n".write(toFile: list, atomically: true, encoding: .utf8)
        let lab = try GenePanel.panelZero.geneList(path: list)
        #expect(lab.genes.count == 3)
        #expect(lab.genes["BRCA1"]?.mechanism == "LoF", "panel-0 mechanism kept")
        #expect(lab.genes["MYGENE"]?.lossOfFunction == false && lab.genes["MYGENE"]?.inheritance == "AD")
        #expect(lab.genes["TP53"]?.inheritance == "AD")
        try "BRCA1\tDominantNegative\n".write(toFile: list, atomically: true, encoding: .utf8)
        #expect(throws: PrioritizationError.self) { try GenePanel.panelZero.geneList(path: list) }
    }

    @Test func secondaryFindingsListsAreBundled() throws {
        #expect(try SecondaryFindingsList.bundled(version: "3.2").genes.count == 81)
        let latest = try SecondaryFindingsList.bundled(version: "v3.3")
        #expect(latest.genes.count == 84)
        #expect(latest.genes["MUTYH"]?.inheritance == "AR")
        #expect(latest.genes["BRCA1"]?.inheritance == "AD")
        #expect(throws: PrioritizationError.self) { try SecondaryFindingsList.bundled(version: "2.0") }
    }

    /// A BRCA1 missense at AF 0.0003 sits between the VCEP BS1 (1e-4) and the general BS1
    /// (5e-3): the VCEP rule makes it likely benign where the general rules leave it uncertain.
    @Test func vcepThresholdsChangeTheCall() throws {
        let generic = Self.classifier(geneRules: GeneSpecificRules())
        let vcep = Self.classifier()
        let between = Self.candidate([.missense], gene: "BRCA1", protein: "p.(Arg1699Gln)", frequency: 0.0003)
        let general = generic.classify(between, gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "panel_0")
        #expect(general.finalClass == .uncertain)
        #expect(!general.variant.criteria.contains { $0.code.hasPrefix("BS1") || $0.code == "PM2" })
        let specific = vcep.classify(between, gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "panel_0")
        #expect(specific.finalClass == .likelyBenign)
        let bs1 = try #require(specific.variant.criteria.first { $0.code == "BS1" })
        #expect(bs1.strength == .strong && bs1.evidence.contains("ClinGen BRCA1 VCEP v1.2.0"), "\(bs1.evidence)")

        // BS1_Supporting between 2e-5 and 1e-4; BA1 above 1e-3 (the general BA1 is 0.05).
        let supporting = vcep.classify(Self.candidate([.missense], gene: "BRCA1", frequency: 0.00005), gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "p")
        #expect(supporting.variant.criteria.map(\.label) == ["BS1_Supporting"])
        let common = vcep.classify(Self.candidate([.missense], gene: "BRCA1", frequency: 0.002), gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "p")
        #expect(common.finalClass == .benign && common.variant.criteria.map(\.code) == ["BA1"])
        #expect(generic.classify(Self.candidate([.missense], gene: "BRCA1", frequency: 0.002), gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "p").finalClass == .uncertain)
        // A filtering allele frequency, when present, is what the VCEP threshold is compared with.
        var faf = Self.candidate([.missense], gene: "BRCA1", frequency: 0.0003)
        faf.filteringFrequency = 0.00001
        #expect(vcep.classify(faf, gene: GenePanel.panelZero.genes["BRCA1"]!, panelName: "p").variant.criteria.isEmpty)
        // A rare variant still gets PM2_Supporting under a gene's rules.
        let rare = vcep.classify(Self.candidate([.missense], gene: "TP53", frequency: 0.000001), gene: GenePanel.panelZero.genes["TP53"]!, panelName: "p")
        #expect(rare.variant.criteria.map(\.label) == ["PM2_Supporting"])
    }

    @Test func vcepRulesParseAndOrder() throws {
        let rules = GeneSpecificRules.bundled
        #expect(Set(rules.frequencyRules.keys) == ["APC", "ATM", "BRCA1", "BRCA2", "MLH1", "MSH2", "MSH6", "PALB2", "PMS2", "TP53"])
        #expect(rules.frequencyRules["BRCA1"]!.map(\.criterion) == ["BA1", "BS1", "BS1"])
        #expect(rules.frequencyRule(gene: "MLH1", frequency: 0.001).rule?.criterion == "BA1", "MLH1 BA1 is ≥ 0.001")
        #expect(rules.frequencyRule(gene: "MLH1", frequency: 0.0005).rule?.criterion == "BS1")
        #expect(rules.frequencyRule(gene: "MLH1", frequency: 0.00005).rule == nil)
        #expect(rules.frequencyRule(gene: "NF1", frequency: 0.01).hasRules == false)
        #expect(rules.curatedTranscripts["TP53"] == "NM_000546.6")
        #expect(GeneSpecificRules.codon(ofProteinChange: "ENSP00000269305:p.(Arg248Gln)") == 248)
        #expect(GeneSpecificRules.codon(ofProteinChange: "p.R175H") == 175)
        #expect(throws: PrioritizationError.self) {
            try GeneSpecificRules(frequencyText: "symbol\tcriterion\tvcep_version\tevidence_level\tproperty\tthresholds\tcomparator\nX\tBS1\t1\tstrong\tAF\t0.1,0.2\tgt\n",
                                  hotspotText: "", transcriptText: "", names: ("f", "h", "t"))
        }
    }

    @Test func hotspotsAndMechanismsComeFromData() {
        let classifier = Self.classifier()
        let hotspot = classifier.classify(Self.candidate([.missense], gene: "TP53", protein: "ENSP00000269305:p.(Arg248Gln)"),
                                          gene: GenePanel.panelZero.genes["TP53"]!, panelName: "panel_0")
        #expect(hotspot.variant.criteria.map(\.label).sorted() == ["PM1", "PM2_Supporting"])
        let elsewhere = classifier.classify(Self.candidate([.missense], gene: "TP53", protein: "p.(Pro72Arg)"),
                                            gene: GenePanel.panelZero.genes["TP53"]!, panelName: "panel_0")
        #expect(!elsewhere.variant.criteria.contains { $0.code == "PM1" })
        // PVS1 where the panel says loss of function; never in a gain-of-function gene.
        let stop = classifier.classify(Self.candidate([.stopGained], gene: "PALB2"), gene: GenePanel.panelZero.genes["PALB2"]!, panelName: "panel_0")
        #expect(stop.finalClass == .likelyPathogenic && stop.variant.criteria.first?.evidence.contains("panel_0: LoF") == true)
        let gainOfFunction = classifier.classify(Self.candidate([.stopGained], gene: "RET"), gene: GenePanel.panelZero.genes["RET"]!, panelName: "panel_0")
        #expect(!gainOfFunction.variant.criteria.contains { $0.code == "PVS1" })
        #expect(gainOfFunction.finalClass == .uncertain)
    }

    @Test func clinvarTrustLevelsOverrideOrCount() {
        let gene = GenePanel.panelZero.genes["TP53"]!
        let expertPanel = Self.candidate([.missense], gene: "TP53", protein: "p.(Arg248Gln)", clinvar: "Pathogenic", stars: 3)
        let twoStars = Self.candidate([.missense], gene: "TP53", protein: "p.(Arg249Ser)", clinvar: "Likely_pathogenic", stars: 2)

        let none = Self.classifier(.none).classify(expertPanel, gene: gene, panelName: "p")
        #expect(none.finalClass == .uncertain && none.cribaClass == .uncertain && none.cribaPoints == 3)
        #expect(none.conflict == "ClinVar Pathogenic (3 stars) vs Criba Uncertain significance (3)" && !none.oppositeDirection)

        let expert = Self.classifier(.expert).classify(expertPanel, gene: gene, panelName: "p")
        #expect(expert.finalClass == .pathogenic && expert.variant.acmgClass == .pathogenic)
        #expect(expert.basis.contains("overrides Criba's Uncertain significance (3)"), "\(expert.basis)")
        #expect(expert.cribaClass == .uncertain, "Criba's own call stays visible")

        let belowOverride = Self.classifier(.expert).classify(twoStars, gene: gene, panelName: "p")
        #expect(belowOverride.variant.criteria.contains { $0.code == "PP5" && $0.strength == .supporting })
        #expect(belowOverride.finalClass == .uncertain && belowOverride.variant.acmgPoints == 4)
        let twoStar = Self.classifier(.twoStar).classify(twoStars, gene: gene, panelName: "p")
        #expect(twoStar.finalClass == .likelyPathogenic)

        // Opposite direction: ClinVar benign, Criba likely pathogenic.
        let opposite = Self.classifier(.none).classify(Self.candidate([.stopGained], gene: "PALB2", clinvar: "Benign", stars: 1),
                                                       gene: GenePanel.panelZero.genes["PALB2"]!, panelName: "p")
        #expect(opposite.oppositeDirection && opposite.conflict?.hasSuffix("opposite direction") == true)
        #expect(VariantClassifier.clinvarClass("Conflicting_classifications_of_pathogenicity") == nil)
        #expect(VariantClassifier.clinvarClass("Pathogenic/Likely_pathogenic") == .likelyPathogenic)
        #expect(VariantClassifier.clinvarClass("Benign|other") == .benign)
    }

    @Test func secondaryFindingsReportOnlyReportableGenotypes() throws {
        let list = try SecondaryFindingsList.bundled(version: "3.3")
        let classifier = Self.classifier()
        let brca2 = Self.candidate([.frameshift], gene: "BRCA2", position: 1)
        let mutyhHet = Self.candidate([.stopGained], gene: "MUTYH", position: 2)
        let benign = Self.candidate([.synonymous], gene: "LDLR", position: 3, frequency: 0.2)
        let notOnList = Self.candidate([.stopGained], gene: "PALB3", position: 4)
        var found = classifier.secondaryFindings([brca2, mutyhHet, benign, notOnList], list: list)
        #expect(found.findings.map(\.gene) == ["BRCA2"])
        #expect(found.assessed == 3 && found.withheld == 1)
        // Homozygous in the recessive gene: reported.
        found = classifier.secondaryFindings([Self.candidate([.stopGained], gene: "MUTYH", call: Self.hom)], list: list)
        #expect(found.findings.map(\.gene) == ["MUTYH"] && found.withheld == 0)
    }
}
