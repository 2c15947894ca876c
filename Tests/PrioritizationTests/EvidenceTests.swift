import Annotation
import Foundation
import Phenotype
@testable import Prioritization
import Testing
import VariantIO
import VariantModel

/// ACMG/AMP criteria, points and classes, the ranking model, and gene ranking on
/// hand-made families with the mini HPO of testdata/hpo.
@Suite struct EvidenceTests {
    static let rules = AcmgRules.bundled
    static let model = RankingModel.bundled
    static let trio = try! Pedigree(text: "fam\tson\tdad\tmum\t1\t2\nfam\tdad\t0\t0\t1\t1\nfam\tmum\t0\t0\t2\t1\n")
    static let analyzer = InheritanceAnalyzer(pedigree: trio)
    static let reference = SampleCall(alternateCopies: 0, depth: 35, genotypeQuality: 99, alternateFraction: 0)
    static let het = SampleCall(alternateCopies: 1, depth: 30, genotypeQuality: 99, alternateFraction: 0.5)
    static let hom = SampleCall(alternateCopies: 2, depth: 30, genotypeQuality: 99, alternateFraction: 1)

    /// A candidate in member order son, dad, mum (by default inherited from the father).
    static func candidate(_ terms: [ConsequenceTerm], gene: String = "GENEA", contig: String = "1", position: Int = 1000,
                          calls: [SampleCall?] = [het, het, reference], frequency: Double? = nil, revel: Double? = nil,
                          spliceAI: Double? = nil, exon: (Int, Int)? = nil, loeuf: Double? = nil) -> CandidateVariant {
        var consequence = GeneConsequence(gene: gene, transcript: "ENST1", terms: terms)
        consequence.exon = exon?.0
        consequence.exonCount = exon?.1
        return CandidateVariant(
            contig: contig, position: position, reference: "A", alternate: "G", alleleIndex: 1, quality: 50, filters: ["PASS"],
            consequence: consequence, calls: calls, modes: analyzer.modes(contig: contig, calls: calls), frequency: frequency,
            homozygotes: nil, clinvarSignificance: nil, clinvarStars: nil, revel: revel, spliceAI: spliceAI, loeuf: loeuf, pLI: nil)
    }

    static func labels(_ criteria: [AppliedCriterion]) -> [String] { criteria.map(\.label).sorted() }

    @Test func classesFollowTheTavtigianPoints() {
        func classOf(_ parts: [(String, EvidenceStrength)]) -> (AcmgClass, Int) {
            Self.rules.classify(parts.map { Self.rules.criterion($0.0, $0.1, "test") })
        }
        #expect(classOf([("PVS1", .veryStrong), ("PM2", .supporting), ("PP4", .supporting)]) == (.pathogenic, 10))
        #expect(classOf([("PVS1", .veryStrong)]) == (.likelyPathogenic, 8))
        #expect(classOf([("PS2", .strong), ("PM2", .supporting), ("PP4", .supporting)]) == (.likelyPathogenic, 6))
        #expect(classOf([("PM2", .supporting)]) == (.uncertain, 1))
        #expect(classOf([("BP4", .supporting)]) == (.likelyBenign, -1))
        #expect(classOf([("BS1", .strong), ("BP4", .moderate)]) == (.likelyBenign, -6))
        #expect(classOf([("BS1", .strong), ("BS2", .strong)]) == (.benign, -8))
        #expect(classOf([("BA1", .standAlone), ("PVS1", .veryStrong)]).0 == .benign)
        #expect(Self.rules.criterion("PM2", .supporting, "").label == "PM2_Supporting")
        #expect(Self.rules.criterion("PP3", .supporting, "").label == "PP3")
        #expect(Self.rules.criterion("BP4", .moderate, "").points == -2)
        #expect(Self.rules.table.version == "2026.1")
    }

    @Test func lossOfFunctionFollowsTheDecisionTree() {
        let evaluator = EvidenceEvaluator(rules: Self.rules, pedigree: Self.trio)
        let recessive = GeneEvidenceContext(gene: "GENEA", inheritance: .autosomalRecessive, hasFrequencySource: false)
        func pvs1(_ candidate: CandidateVariant, _ context: GeneEvidenceContext = recessive) -> String? {
            evaluator.evaluate(candidate, context: context).first { $0.code == "PVS1" }?.label
        }
        #expect(pvs1(Self.candidate([.frameshift], exon: (3, 10))) == "PVS1")
        #expect(pvs1(Self.candidate([.stopGained], exon: (10, 10))) == "PVS1_Strong")
        #expect(pvs1(Self.candidate([.spliceDonor, .intron])) == "PVS1_Strong")
        #expect(pvs1(Self.candidate([.startLost])) == "PVS1_Moderate")
        #expect(pvs1(Self.candidate([.missense])) == nil)
        // A dominant gene: loss of function must be shown to be the mechanism (constraint).
        let dominant = GeneEvidenceContext(gene: "GENEA", inheritance: .autosomalDominant, hasFrequencySource: false)
        #expect(pvs1(Self.candidate([.stopGained], exon: (2, 9)), dominant) == nil)
        #expect(pvs1(Self.candidate([.stopGained], exon: (2, 9), loeuf: 0.2), dominant) == "PVS1")
        let text = evaluator.evaluate(Self.candidate([.stopGained], exon: (10, 10)), context: recessive)[0].evidence
        #expect(text.contains("last exon (10/10)"))
    }

    @Test func frequencyCriteriaNeedASource() {
        let evaluator = EvidenceEvaluator(rules: Self.rules, pedigree: Self.trio)
        let without = GeneEvidenceContext(gene: "GENEA", hasFrequencySource: false)
        let with = GeneEvidenceContext(gene: "GENEA", hasFrequencySource: true)
        let recessive = GeneEvidenceContext(gene: "GENEA", inheritance: .autosomalRecessive, hasFrequencySource: true)
        func codes(_ frequency: Double?, _ context: GeneEvidenceContext) -> [String] {
            Self.labels(evaluator.evaluate(Self.candidate([.missense], frequency: frequency), context: context))
                .filter { ["PM2_Supporting", "BA1", "BS1"].contains($0) }
        }
        #expect(codes(nil, without) == [])
        #expect(codes(nil, with) == ["PM2_Supporting"])
        #expect(codes(0.06, with) == ["BA1"])
        #expect(codes(0.01, with) == ["BS1"])
        #expect(codes(0.00005, with) == [])  // rare, but above the dominant PM2 threshold
        #expect(codes(0.00005, recessive) == ["PM2_Supporting"])
    }

    @Test func revelBandsOfPejaver2022() {
        let evaluator = EvidenceEvaluator(rules: Self.rules, pedigree: Self.trio)
        let context = GeneEvidenceContext(gene: "GENEA", hasFrequencySource: false)
        func label(_ revel: Double) -> String? {
            evaluator.evaluate(Self.candidate([.missense], revel: revel), context: context).first { $0.code == "PP3" || $0.code == "BP4" }?.label
        }
        #expect(label(0.95) == "PP3_Strong")
        #expect(label(0.80) == "PP3_Moderate")
        #expect(label(0.70) == "PP3")
        #expect(label(0.50) == nil)
        #expect(label(0.25) == "BP4")
        #expect(label(0.10) == "BP4_Moderate")
        #expect(label(0.01) == "BP4_Strong")
        #expect(label(0.002) == "BP4_VeryStrong")
        // A synonymous variant without a splice effect: BP7.
        let synonymous = evaluator.evaluate(Self.candidate([.synonymous], spliceAI: 0.02), context: context)
        #expect(Self.labels(synonymous) == ["BP7"])
        // A splice-region variant with a high SpliceAI score: PP3.
        let splice = evaluator.evaluate(Self.candidate([.spliceRegion, .intron], spliceAI: 0.6), context: context)
        #expect(Self.labels(splice) == ["PP3"])
    }

    @Test func deNovoPhenotypeAndCompoundHeterozygosity() {
        let evaluator = EvidenceEvaluator(rules: Self.rules, pedigree: Self.trio)
        let deNovo = Self.candidate([.missense], calls: [Self.het, Self.reference, Self.reference])
        #expect(deNovo.modes[.deNovo] == .compatible)
        let matching = GeneEvidenceContext(gene: "GENEA", phenotypeScore: 3, diseaseName: "Focal epilepsy A", hasFrequencySource: false)
        #expect(Self.labels(evaluator.evaluate(deNovo, context: matching)) == ["PP4", "PS2"])
        let unrelated = GeneEvidenceContext(gene: "GENEA", phenotypeScore: -2, hasFrequencySource: false)
        #expect(Self.labels(evaluator.evaluate(deNovo, context: unrelated)) == ["PM6"])
        // Low parental depth: not de novo, so neither PS2 nor PM6.
        let shallow = SampleCall(alternateCopies: 0, depth: 5, genotypeQuality: 15, alternateFraction: 0)
        #expect(Self.labels(evaluator.evaluate(Self.candidate([.missense], calls: [Self.het, shallow, Self.reference]), context: matching)) == ["PP4"])
        // PM3: in trans with a likely pathogenic variant.
        let inherited = Self.candidate([.missense], calls: [Self.het, Self.het, Self.reference])
        let trans = evaluator.evaluate(inherited, context: unrelated, partner: (.likelyPathogenic, true, "1:2000:C:T"))
        #expect(trans.first { $0.code == "PM3" }?.label == "PM3")
        let unphased = evaluator.evaluate(inherited, context: unrelated, partner: (.pathogenic, false, "1:2000:C:T"))
        #expect(unphased.first { $0.code == "PM3" }?.label == "PM3_Supporting")
        #expect(evaluator.evaluate(inherited, context: unrelated, partner: (.uncertain, true, "x")).allSatisfy { $0.code != "PM3" })
    }

    @Test func rankingModelScores() {
        #expect(Self.model.frequencyFactor(nil) == 1)
        #expect(abs(Self.model.frequencyFactor(0.01) - 0.75) < 1e-9)
        #expect(Self.model.frequencyFactor(0.03) == 0)
        #expect(Self.model.consequenceScore(Self.candidate([.stopGained])) == 1)
        #expect(Self.model.consequenceScore(Self.candidate([.missense], revel: 0.3)) == 0.3)
        #expect(Self.model.consequenceScore(Self.candidate([.intron], spliceAI: 0.8)) == 0.8)
        var benign = Self.candidate([.missense])
        benign.clinvarSignificance = "Benign/Likely_benign"
        #expect(benign.isClinVarBenign && !benign.isClinVarPathogenic)
        #expect(Self.model.variantScore(benign, acmgClass: .uncertain) < 0.1)
        var pathogenic = Self.candidate([.synonymous])
        pathogenic.clinvarSignificance = "Pathogenic"
        #expect(Self.model.variantScore(pathogenic, acmgClass: .uncertain) >= 0.95)
    }

    static let hpo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/hpo").path

    static func phenotype(_ observed: [String]) throws -> PatientPhenotype {
        let ontology = try PhenotypeOntology(path: "\(hpo)/mini.obo")
        let annotations = try DiseaseAnnotations(annotations: "\(hpo)/mini.hpoa", genes: "\(hpo)/mini_genes_to_phenotype.txt", ontology: ontology)
        let matcher = PhenotypeMatcher(ontology: ontology, annotations: annotations)
        let terms = observed.map { id -> Int32 in
            guard case .term(let index) = ontology.resolve(id) else { fatalError(id) }
            return index
        }
        return PatientPhenotype(matcher: matcher, observed: terms, excluded: [])
    }

    @Test func genesRankByPhenotypeGenotypeAndInheritance() throws {
        let phenotype = try Self.phenotype(["HP:0007359", "HP:0001263"])  // focal seizures, developmental delay
        #expect(phenotype.matcher.annotations.diseases[0].inheritance == .autosomalDominant)
        let ranker = GeneRanker(model: Self.model, rules: Self.rules, analyzer: Self.analyzer, phenotype: phenotype, hasFrequencySource: false)
        let candidates = [
            // GENEA (AD disease matching the phenotype): a de novo missense.
            Self.candidate([.missense], gene: "GENEA", position: 100, calls: [Self.het, Self.reference, Self.reference]),
            // GENEC (AR disease): two heterozygous variants, one from each parent.
            Self.candidate([.frameshift], gene: "GENEC", position: 200, calls: [Self.het, Self.het, Self.reference], exon: (2, 5)),
            Self.candidate([.missense], gene: "GENEC", position: 300, calls: [Self.het, Self.reference, Self.het]),
            // GENED (no HPO disease): a stop gain inherited from the unaffected father.
            Self.candidate([.stopGained], gene: "GENED", position: 400, calls: [Self.het, Self.het, Self.reference]),
        ]
        let genes = ranker.rank(candidates)
        #expect(genes.map(\.gene) == ["GENEA", "GENEC", "GENED"])
        let top = genes[0]
        #expect(top.rank == 1 && top.mode == "AD" && top.modeFit == "compatible" && top.diseaseId == "OMIM:100001")
        #expect(top.variants[0].criteria.map(\.label).contains("PS2"))
        #expect(top.matchedTerms.contains { $0.term == "HP:0007359" && $0.matched == "HP:0007359" })
        #expect(abs(top.score - (top.phenotypeScore + top.genotypePart + top.inheritancePart)) < 1e-9)
        // The compound heterozygous pair explains GENEC, with both variants listed first.
        let recessive = genes[1]
        #expect(recessive.mode == "AR" && recessive.explainingVariants == 2 && recessive.modeFit == "compatible")
        #expect(Set(recessive.variants.prefix(2).map(\.position)) == [200, 300])
        // GENED fits no mode (inherited from an unaffected parent, no second hit): penalised.
        #expect(genes[2].mode == "none" && genes[2].inheritancePart < 0)
    }

    @Test func consequencesAreReadFromCSQ() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-csq-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/csq.vcf"
        let text = """
        ##fileformat=VCFv4.2
        ##contig=<ID=1,length=10000>
        ##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|CANONICAL|REVEL">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS
        1\t100\t.\tAC\tA,T\t50\tPASS\tCSQ=A|frameshift_variant|HIGH|GENEA|G1|Transcript|T1|protein_coding|2/5||c.5del|p.X||,A|intron_variant|MODIFIER|GENEA|G1|Transcript|T2|protein_coding||1/4|||YES|,T|missense_variant&splice_region_variant|MODERATE|GENEB|G2|Transcript|T3|protein_coding|4/4||c.9A>T|p.K3N|YES|0.7&0.8\tGT\t1/2

        """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let reader = try VariantReaderHarness(path: path)
        let consequences = try ConsequenceReader(header: reader.header, extraColumns: ["REVEL"])
        #expect(consequences.style == .csq)
        let first = consequences.consequences(reader.record, allele: 1)
        #expect(first.map(\.gene) == ["GENEA"])
        #expect(first[0].mostSevere == .frameshift && first[0].exon == 2 && first[0].exonCount == 5 && first[0].transcript == "T1")
        let second = consequences.consequences(reader.record, allele: 2)
        #expect(second.map(\.gene) == ["GENEB"])
        #expect(second[0].terms == [.missense, .spliceRegion] && second[0].isInLastExon && second[0].extras["REVEL"] == 0.8)
    }
}

/// The first record of a small VCF.
struct VariantReaderHarness {
    let header: VariantHeader
    let record: VariantRecord

    init(path: String) throws {
        let reader = try VariantReader(path: path)
        header = reader.header
        record = VariantRecord()
        guard try reader.read(into: record) else { throw PrioritizationError("\(path): no record") }
    }
}
