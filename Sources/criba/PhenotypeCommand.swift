import ArgumentParser
import Foundation
import Phenotype

/// `criba hpo`: phenotype-only gene ranking and its benchmark on published cases.
struct PhenotypeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hpo",
        abstract: "Rank genes from a patient's HPO terms; benchmark the ranking on published cases.",
        discussion: "This product uses the Human Phenotype Ontology (hpo.jax.org). See docs/phenotype.md.",
        subcommands: [PhenotypeRankCommand.self, PhenotypeBenchmarkCommand.self],
        helpNames: [.long, .customShort("h")]
    )
}

/// Where the HPO release lives.
struct PhenotypeDataOptions: ParsableArguments {
    @Option(name: .customLong("hpo-data"), help: "Directory with hp.obo, phenotype.hpoa and genes_to_phenotype.txt (each may be .gz).")
    var directory: String

    /// Loads the ontology and annotations, naming each file that is missing.
    func load(parameters: PhenotypeMatcher.Parameters = .init()) throws -> PhenotypeMatcher {
        try load(parameters: parameters, defaultFrequency: PhenotypeMatcher.Parameters.defaultAnnotationFrequency)
    }

    /// The three files of the release, in the order hp.obo, phenotype.hpoa, genes_to_phenotype.txt.
    func files() throws -> [String] {
        func file(_ name: String) throws -> String {
            for candidate in [name, name + ".gz"] {
                let path = (directory as NSString).appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            throw UsageFailure(message: "\(directory): no \(name) (or \(name).gz): --hpo-data names the directory of an HPO release")
        }
        return [try file("hp.obo"), try file("phenotype.hpoa"), try file("genes_to_phenotype.txt")]
    }

    /// Loads with an explicit frequency for annotations that give none (tuning).
    func load(parameters: PhenotypeMatcher.Parameters, defaultFrequency: Double) throws -> PhenotypeMatcher {
        let paths = try files()
        func file(_ name: String) -> String { paths.first { ($0 as NSString).lastPathComponent.hasPrefix(name) }! }
        let ontology = try PhenotypeOntology(path: file("hp.obo"))
        let annotations = try DiseaseAnnotations(annotations: file("phenotype.hpoa"), genes: file("genes_to_phenotype.txt"),
                                                 ontology: ontology, defaultFrequency: defaultFrequency)
        return PhenotypeMatcher(ontology: ontology, annotations: annotations, parameters: parameters)
    }
}

/// `criba hpo rank`: genes ranked for one patient's terms.
struct PhenotypeRankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank genes by how well their diseases explain a patient's HPO terms.",
        discussion: """
        Example:
          criba hpo rank --hpo-data hpo/ --terms HP:0001250,HP:0001263 --excluded HP:0000252 --top 10
        Alternative and obsolete identifiers are mapped (with a note on standard error);
        unknown ones are reported and left out.
        """,
        helpNames: [.long, .customShort("h")]
    )

    @OptionGroup var data: PhenotypeDataOptions

    @Option(name: .long, help: "Observed HPO terms, comma-separated.")
    var terms: String

    @Option(name: .long, help: "Excluded HPO terms, comma-separated.")
    var excluded: String = ""

    @Option(name: .long, help: "How many genes to print.")
    var top = 20

    func run() throws {
        try reportingFailures(of: "hpo rank") {
            let matcher = try data.load()
            func resolve(_ list: String) throws -> [Int32] {
                var result: [Int32] = []
                for id in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !id.isEmpty {
                    switch matcher.ontology.resolve(id) {
                    case .term(let term): result.append(term)
                    case .mapped(let term, let note):
                        FileHandle.standardError.write(Data("criba hpo rank: note: \(note)\n".utf8))
                        result.append(term)
                    case .unknown(let note):
                        FileHandle.standardError.write(Data("criba hpo rank: warning: \(note); left out\n".utf8))
                    }
                }
                return result
            }
            let observed = try resolve(terms)
            guard !observed.isEmpty else { throw UsageFailure(message: "no usable observed HPO term in --terms") }
            let ranking = matcher.rankGenes(observed: observed, excluded: try resolve(excluded))
            print("# HPO \(matcher.ontology.version); annotations \(matcher.annotations.version). This product uses the Human Phenotype Ontology.")
            print("rank\tgene\tlog10_LR\tdisease\tdisease_name")
            for (offset, match) in ranking.prefix(top).enumerated() {
                let disease = matcher.annotations.diseases[Int(match.disease)]
                print("\(offset + 1)\t\(match.gene)\t\(String(format: "%.2f", match.score))\t\(disease.id)\t\(disease.name)")
            }
        }
    }
}

/// `criba hpo benchmark`: top-1/3/10 of the causal gene over phenopacket-store cases.
struct PhenotypeBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Rank the causal gene of published cases from their HPO terms (phenopacket-store).",
        discussion: """
        The dev split is the cases whose phenopacket id has an MD5 ending in 0, 1 or 2;
        tune on it only. Prints one TSV line per split.
        Example:
          criba hpo benchmark --hpo-data hpo/ --cases phenopacket-store_variants.tsv.gz --split dev
        """,
        helpNames: [.long, .customShort("h")]
    )

    @OptionGroup var data: PhenotypeDataOptions

    @Option(name: .long, help: "phenopacket-store_variants.tsv(.gz): phenopacket_id, gene, hpo_present, hpo_excluded.")
    var cases: String

    @Option(name: .long, help: "dev, test or all.")
    var split = "dev"

    @Option(name: .customLong("ancestor-discount"), help: "Tuning: multiplier for matches through an ancestor term.")
    var ancestorDiscount: Double?

    @Option(name: .customLong("floor"), help: "Tuning: lowest likelihood ratio of one observed term.")
    var floor: Double?

    @Option(name: .customLong("excluded-floor"), help: "Tuning: lowest likelihood ratio of one excluded term.")
    var excludedFloor: Double?

    @Option(name: .customLong("default-frequency"), help: "Tuning: frequency of annotations that state none.")
    var defaultFrequency: Double?

    @Option(name: .customLong("reporting-rate"), help: "Tuning: penalty weight for disease features the patient lacks.")
    var reportingRate: Double?

    @Option(name: .customLong("excluded-relevance-weight"), help: "Tuning: weight of the bonus an excluded term gives a disease that has it (0: off).")
    var excludedRelevanceWeight: Double?

    @Option(name: .customLong("recorded-absence-relevance"), help: "Tuning: relevance, as a frequency, of an excluded term the disease is annotated as lacking (NOT or 0/m; 0: off).")
    var recordedAbsenceRelevance: Double?

    @Option(name: .customLong("expected-findings"), help: "Tuning: cap on the sum of a disease's annotation frequencies (0: off).")
    var expectedFindings: Double?

    @Option(name: .customLong("gene-aggregation"), help: "Tuning: how a gene's diseases combine: best or sum.")
    var geneAggregation: String?

    @Option(name: .customLong("shared-disease-penalty"), help: "Tuning: penalty per log10 of the genes sharing a disease.")
    var sharedDiseasePenalty: Double?

    func run() throws {
        try reportingFailures(of: "hpo benchmark") {
            guard ["dev", "test", "all"].contains(split) else { throw UsageFailure(message: "--split must be dev, test or all") }
            var parameters = PhenotypeMatcher.Parameters()
            if let ancestorDiscount { parameters.ancestorDiscount = ancestorDiscount }
            if let floor { parameters.floor = floor }
            if let excludedFloor { parameters.excludedFloor = excludedFloor }
            if let reportingRate { parameters.reportingRate = reportingRate }
            if let excludedRelevanceWeight { parameters.excludedRelevanceWeight = excludedRelevanceWeight }
            if let expectedFindings { parameters.expectedFindings = expectedFindings }
            if let recordedAbsenceRelevance { parameters.recordedAbsenceRelevance = recordedAbsenceRelevance }
            if let sharedDiseasePenalty { parameters.sharedDiseasePenalty = sharedDiseasePenalty }
            if let geneAggregation {
                guard let aggregation = PhenotypeMatcher.GeneAggregation(rawValue: geneAggregation) else {
                    throw UsageFailure(message: "--gene-aggregation must be best or sum")
                }
                parameters.geneAggregation = aggregation
            }
            let started = Date()
            let matcher = try data.load(parameters: parameters,
                                        defaultFrequency: defaultFrequency ?? PhenotypeMatcher.Parameters.defaultAnnotationFrequency)
            let loadSeconds = Date().timeIntervalSince(started)
            let all = try PhenotypeBenchmark.loadCases(path: cases)
            let result = PhenotypeBenchmark.run(all, split: split, matcher: matcher)
            print("split\tcases\tgene_absent\ttop1\ttop3\ttop10\tmapped_terms\tunknown_terms\tms_per_case\tload_s")
            print([split, String(result.cases), String(result.geneAbsent), result.percent(result.top1), result.percent(result.top3),
                   result.percent(result.top10), String(result.mappedTerms), String(result.unknownTerms),
                   String(format: "%.1f", 1000 * result.seconds / Double(max(1, result.cases))), String(format: "%.1f", loadSeconds)]
                .joined(separator: "\t"))
        }
    }
}
