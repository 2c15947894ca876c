import Foundation
@testable import Phenotype
import Testing

@Suite struct PhenotypeMatcherTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/hpo").path

    static func matcher() throws -> PhenotypeMatcher {
        let ontology = try PhenotypeOntology(path: "\(directory)/mini.obo")
        let annotations = try DiseaseAnnotations(annotations: "\(directory)/mini.hpoa", genes: "\(directory)/mini_genes_to_phenotype.txt", ontology: ontology)
        return PhenotypeMatcher(ontology: ontology, annotations: annotations)
    }

    static func term(_ matcher: PhenotypeMatcher, _ id: String) -> Int32 {
        guard case .term(let index) = matcher.ontology.resolve(id) else { fatalError("\(id) missing") }
        return index
    }

    @Test func resolvesAlternativeObsoleteAndUnknownIdentifiers() throws {
        let ontology = try Self.matcher().ontology
        #expect(ontology.version == "hp/releases/test-mini")
        guard case .mapped(let viaAlternate, let note) = ontology.resolve("HP:0002279") else { Issue.record("alt_id not mapped"); return }
        #expect(ontology.terms[Int(viaAlternate)].id == "HP:0001250")
        #expect(note.contains("alternative identifier of HP:0001250"))
        guard case .mapped(let viaReplacement, _) = ontology.resolve("HP:0009999") else { Issue.record("replaced_by not followed"); return }
        #expect(ontology.terms[Int(viaReplacement)].id == "HP:0001250")
        guard case .unknown(let obsolete) = ontology.resolve("HP:0009998") else { Issue.record("obsolete without replacement must be unknown"); return }
        #expect(obsolete.contains("obsolete and has no replacement"))
        guard case .unknown = ontology.resolve("HP:1234567") else { Issue.record("unknown id"); return }
    }

    @Test func ancestorsAndPhenotypicAbnormality() throws {
        let matcher = try Self.matcher()
        let focal = Self.term(matcher, "HP:0007359"), seizure = Self.term(matcher, "HP:0001250")
        let dominant = Self.term(matcher, "HP:0000006")
        #expect(matcher.ontology.isAncestor(seizure, of: focal))
        #expect(!matcher.ontology.isAncestor(focal, of: seizure))
        #expect(matcher.ontology.ancestors(of: focal).count == 5)  // focal, seizure, nervous system, phenotypic abnormality, all
        #expect(matcher.ontology.isPhenotypicAbnormality(focal))
        #expect(!matcher.ontology.isPhenotypicAbnormality(dominant))
        // A finding and its ancestor count once.
        #expect(matcher.specificTerms([seizure, focal, dominant]) == [focal])
    }

    @Test func frequencies() {
        #expect(DiseaseAnnotations.frequency("4/5") == 0.8)
        #expect(DiseaseAnnotations.frequency("35%") == 0.35)
        #expect(DiseaseAnnotations.frequency("HP:0040283") == 0.17)
        #expect(DiseaseAnnotations.frequency("") == nil)
    }

    @Test func ranksTheDiseaseThatExplainsTheTerms() throws {
        let matcher = try Self.matcher()
        let t = { Self.term(matcher, $0) }
        // Focal seizures and delay: focal epilepsy A, not the generalised encephalopathy C.
        #expect(matcher.rankGenes(observed: [t("HP:0007359"), t("HP:0001263")], excluded: []).first?.gene == "GENEA")
        // Generalised seizures with cataract: C explains both.
        #expect(matcher.rankGenes(observed: [t("HP:0002197"), t("HP:0000518")], excluded: []).first?.gene == "GENEC")
        // Cataract with seizures: B excludes seizures, so C ranks above B.
        let ranking = matcher.rankGenes(observed: [t("HP:0000518"), t("HP:0001250")], excluded: [])
        #expect(ranking.map(\.gene).firstIndex(of: "GENEC")! < ranking.map(\.gene).firstIndex(of: "GENEB")!)
        // Seizures and delay with cataract excluded: the exclusion moves A (no cataract)
        // further ahead of C (cataract in some patients).
        let withExclusion = matcher.rankGenes(observed: [t("HP:0001250"), t("HP:0001263")], excluded: [t("HP:0000518")])
        let withoutExclusion = matcher.rankGenes(observed: [t("HP:0001250"), t("HP:0001263")], excluded: [])
        let lead = { (list: [PhenotypeMatcher.GeneMatch]) in
            list.first { $0.gene == "GENEA" }!.score - list.first { $0.gene == "GENEC" }!.score
        }
        #expect(lead(withExclusion) > lead(withoutExclusion))
    }

    /// An excluded term is a pertinent negative: it was looked for because it belongs to the
    /// diseases under consideration. With the relevance weight on (the default), a disease
    /// that has the feature gains from its exclusion; one that lacks it is unchanged.
    @Test func excludedTermsFavourTheDiseasesTheyWereCheckedFor() throws {
        let matcher = try Self.matcher()
        var strictParameters = PhenotypeMatcher.Parameters()
        strictParameters.excludedRelevanceWeight = 0
        let strict = PhenotypeMatcher(ontology: matcher.ontology, annotations: matcher.annotations, parameters: strictParameters)
        let observed = [Self.term(matcher, "HP:0001250")], excluded = [Self.term(matcher, "HP:0000518")]
        func score(_ ranking: PhenotypeMatcher, _ gene: String) -> Double {
            ranking.rankGenes(observed: observed, excluded: excluded).first { $0.gene == gene }!.score
        }
        // B's cataract is frequent (more than in the average disease): B gains.
        #expect(score(matcher, "GENEB") > score(strict, "GENEB") + 0.1)
        #expect(abs(score(matcher, "GENEA") - score(strict, "GENEA")) < 1e-9)
    }

    /// A feature a disease's annotations record as absent (`0/m` in a published cohort, or
    /// `NOT`) was looked for in that disease: when the patient's report lists it as absent,
    /// the disease gains as if it had the feature at `recordedAbsenceRelevance`; a disease that
    /// merely lacks it is unchanged, and the bonus is off at 0.
    @Test func excludedTermsFavourTheDiseasesThatRecordThemAbsent() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-recorded-absence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Two copies of one epilepsy, D and E; D's cohort was examined for cataract (0/6)
        // and F's annotation says its patients have no cataract (NOT).
        var annotations = try String(contentsOfFile: "\(Self.directory)/mini.hpoa", encoding: .utf8)
        for (id, name, qualifier, term, frequency) in [
            ("OMIM:100004", "Epilepsy D", "", "HP:0001250", "3/6"), ("OMIM:100004", "Epilepsy D", "", "HP:0000518", "0/6"),
            ("OMIM:100005", "Epilepsy E", "", "HP:0001250", "3/6"),
            ("OMIM:100006", "Epilepsy F", "", "HP:0001250", "3/6"), ("OMIM:100006", "Epilepsy F", "NOT", "HP:0000518", ""),
        ] {
            annotations += "\(id)\t\(name)\t\(qualifier)\t\(term)\tPMID:4\tPCS\t\t\(frequency)\t\t\tP\tHPO:test\n"
        }
        var genes = try String(contentsOfFile: "\(Self.directory)/mini_genes_to_phenotype.txt", encoding: .utf8)
        genes += "4\tGENED\tHP:0001250\tSeizure\t-\tOMIM:100004\n5\tGENEE\tHP:0001250\tSeizure\t-\tOMIM:100005\n6\tGENEF\tHP:0001250\tSeizure\t-\tOMIM:100006\n"
        try annotations.write(to: directory.appendingPathComponent("test.hpoa"), atomically: true, encoding: .utf8)
        try genes.write(to: directory.appendingPathComponent("genes.txt"), atomically: true, encoding: .utf8)
        let ontology = try PhenotypeOntology(path: "\(Self.directory)/mini.obo")
        let loaded = try DiseaseAnnotations(annotations: directory.appendingPathComponent("test.hpoa").path,
                                            genes: directory.appendingPathComponent("genes.txt").path, ontology: ontology)
        let cataract = Self.term(PhenotypeMatcher(ontology: ontology, annotations: loaded), "HP:0000518")
        let epilepsyD = loaded.diseases.first { $0.id == "OMIM:100004" }!
        #expect(epilepsyD.absentInCohort == [cataract])
        #expect(!epilepsyD.terms.contains { $0.term == cataract })  // 0/6 is not a feature of D
        func scores(relevance: Double) -> [String: Double] {
            var parameters = PhenotypeMatcher.Parameters()
            parameters.recordedAbsenceRelevance = relevance
            let matcher = PhenotypeMatcher(ontology: ontology, annotations: loaded, parameters: parameters)
            let ranking = matcher.rankGenes(observed: [Self.term(matcher, "HP:0001250")], excluded: [cataract])
            return Dictionary(uniqueKeysWithValues: ranking.map { ($0.gene, $0.score) })
        }
        let on = scores(relevance: 0.3), off = scores(relevance: 0)
        #expect(abs(off["GENED"]! - off["GENEE"]!) < 1e-9)
        // Cataract is common in these few diseases (p ≈ 0.24), so the bonus is log10(0.3 / p).
        #expect(on["GENED"]! > on["GENEE"]! + 0.05)
        #expect(abs(on["GENEF"]! - on["GENED"]!) < 1e-9)
        #expect(abs(on["GENEE"]! - off["GENEE"]!) < 1e-9)
    }

    /// A gene's score from its diseases: the best one, or the log of their summed ratios
    /// (never below the best).
    @Test func geneScoreFromItsDiseases() throws {
        let matcher = try Self.matcher()
        var bestParameters = PhenotypeMatcher.Parameters()
        bestParameters.geneAggregation = .best
        let best = PhenotypeMatcher(ontology: matcher.ontology, annotations: matcher.annotations, parameters: bestParameters)
        let observed = [Self.term(matcher, "HP:0001250"), Self.term(matcher, "HP:0001263")]
        let summed = Dictionary(uniqueKeysWithValues: matcher.rankGenes(observed: observed, excluded: []).map { ($0.gene, $0.score) })
        for gene in best.rankGenes(observed: observed, excluded: []) {
            #expect(summed[gene.gene]! >= gene.score - 1e-9)
        }
    }

    @Test func devSplitIsTheMD5Rule() {
        let item = PhenotypeBenchmark.Case(id: "abc", gene: "X", observed: [], excluded: [])
        // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72: last digit 2, so dev.
        #expect(item.split == "dev")
        let other = PhenotypeBenchmark.Case(id: "abcd", gene: "X", observed: [], excluded: [])
        // MD5("abcd") = e2fc714c4727ee9395f324cd2e7f331f: last digit f, so test.
        #expect(other.split == "test")
    }
}
