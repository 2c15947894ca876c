import ArgumentParser
import Foundation
import Phenotype
import Pipeline
import Prioritization
import VariantIO
import VariantModel

/// `criba prioritize`: rank genes and variants for a rare-disease case.
struct PrioritizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prioritize",
        abstract: "Rank genes and variants of a rare-disease case: inheritance, ACMG/AMP evidence and HPO phenotype match.",
        discussion: """
        The VCF carries consequences (criba annotate -g, Ensembl VEP CSQ, SnpEff ANN or
        bcftools BCSQ) and, when annotated with sources, population frequency (gnomad_AF …),
        ClinVar (CLNSIG), REVEL and SpliceAI; which fields are read is printed in the report.
        Without a population-frequency source every variant counts as rare.

        Examples:
          criba prioritize --vcf trio.annotated.bcf --ped trio.ped --phenopacket case.json --hpo-data hpo/ -o ranked.tsv --json ranked.json
          criba prioritize --vcf exome.vcf.gz --hpo HP:0001250,HP:0001263 --hpo-data hpo/ --top 20
        Rules: docs/prioritization.md. This product uses the Human Phenotype Ontology (hpo.jax.org).
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Option(name: .long, help: "The case's VCF/BCF (annotated with consequences); '-' for standard input.")
    var vcf: String

    @Option(name: .long, help: "PED file of the family (default: the VCF's only sample, or the phenopacket subject, as an affected singleton).")
    var ped: String?

    @Option(name: .long, help: "The proband's sample ID (default: the PED's first affected member with both parents).")
    var proband: String?

    @Option(name: .long, help: "GA4GH Phenopacket v2 JSON with the proband's observed and excluded HPO terms.")
    var phenopacket: String?

    @Option(name: .long, help: "Observed HPO terms, comma-separated (instead of, or added to, --phenopacket).")
    var hpo: String?

    @Option(name: .customLong("excluded-hpo"), help: "Excluded HPO terms, comma-separated.")
    var excludedHPO: String?

    @Option(name: .customLong("hpo-data"), help: "Directory with hp.obo, phenotype.hpoa and genes_to_phenotype.txt (each may be .gz).")
    var hpoData: String?

    @Option(name: .shortAndLong, help: "Ranked genes as TSV ('-' for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Ranked genes, variants and evidence as JSON, with provenance.")
    var json: String?

    @Option(name: .long, help: "Write only the best N genes (default: all with a candidate).")
    var top: Int?

    @Option(name: .customLong("frequency-field"), help: "INFO field or CSQ column with the population allele frequency (repeatable; replaces the defaults).")
    var frequencyFields: [String] = []

    @Option(name: .customLong("max-frequency"), help: "Drop alleles above this population frequency (default: the BA1 threshold).")
    var maximumFrequency: Double?

    @Flag(name: .customLong("include-filtered"), help: "Also use records whose FILTER is not PASS.")
    var includeFiltered = false

    @Option(name: .long, help: "An ACMG/AMP rule table replacing the bundled acmg_rules.tsv.")
    var rules: String?

    @Option(name: .long, help: "A ranking model table replacing the bundled ranking.tsv.")
    var ranking: String?

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "prioritize") {
            let started = Date()
            let acmg = try rules.map { try AcmgRules(table: try RuleTable(path: $0)) } ?? AcmgRules.bundled
            let model = try ranking.map { try RankingModel(table: try RuleTable(path: $0)) } ?? RankingModel.bundled
            let packet = try phenopacket.map { try Phenopacket(path: $0) }
            var observedIds = packet?.observed ?? []
            var excludedIds = packet?.excluded ?? []
            observedIds += split(hpo)
            excludedIds += split(excludedHPO)
            if !(observedIds.isEmpty && excludedIds.isEmpty), hpoData == nil {
                throw UsageFailure(message: "HPO terms need --hpo-data DIR (hp.obo, phenotype.hpoa, genes_to_phenotype.txt)")
            }

            let threads = threadOptions.resolvedThreads
            let threadPool = ThreadPool(threads: threads)
            let requested = try regions.map { try GenomicRegion.parseList($0) }
            let pipeline = try VariantPipeline(path: vcf, threads: threads, regions: requested, threadPool: threadPool)
            let header = pipeline.header
            let pedigree = try casePedigree(header: header, packet: packet)

            // The phenotype loads on its own thread while the variants are read.
            let phenotypeBox = PhenotypeBox()
            let phenotypeDone = DispatchSemaphore(value: 0)
            if let hpoData {
                let observed = observedIds, excluded = excludedIds
                Thread.detachNewThread {
                    // Written once before the signal, read after the wait.
                    phenotypeBox.result = Result { try loadPhenotype(directory: hpoData, observed: observed, excluded: excluded) }
                    phenotypeDone.signal()
                }
            } else {
                phenotypeDone.signal()
            }

            let analyzer = InheritanceAnalyzer(pedigree: pedigree)
            var settings = CandidateCollector.Settings(maximumFrequency: maximumFrequency ?? acmg.threshold("BA1_allele_frequency"),
                                                       passOnly: !includeFiltered)
            if !frequencyFields.isEmpty { settings.fields.frequency = frequencyFields }
            let probe = try CandidateCollector(header: header, pedigree: pedigree, analyzer: analyzer, model: model, settings: settings)
            let collectors = WorkerResourcePool { try CandidateCollector(header: header, pedigree: pedigree, analyzer: analyzer, model: model, settings: settings) }
            var candidates: [CandidateVariant] = []
            var records = 0
            try pipeline.run(
                stage: { batch -> [CandidateVariant] in
                    try collectors.using { collector in
                        var found: [CandidateVariant] = []
                        for record in batch.records { collector.collect(record, into: &found) }
                        return found
                    }
                },
                consume: { batch, found in
                    records += batch.count
                    candidates.append(contentsOf: found)
                })
            phenotypeDone.wait()
            var phenotype: PatientPhenotype?
            var notes: [String: String] = [:]
            var phenotypeFiles: [String] = []
            if let phenotypeResult = phenotypeBox.result {
                let loaded = try phenotypeResult.get()
                phenotype = loaded.0
                notes = loaded.1
                phenotypeFiles = loaded.2
                if loaded.0.observed.isEmpty && loaded.0.excluded.isEmpty {
                    warn("no usable HPO term: genes are ranked on genotypes alone")
                }
            } else {
                warn("no phenotype (--phenopacket or --hpo with --hpo-data): genes are ranked on genotypes alone")
            }
            if !probe.hasFrequencySource {
                warn("no population-frequency field in \(vcf) (annotate with a gnomAD source): every variant counts as rare and PM2/BS1/BA1 are not evaluated")
            }

            let ranker = GeneRanker(model: model, rules: acmg, analyzer: analyzer, phenotype: phenotype,
                                    hasFrequencySource: probe.hasFrequencySource)
            var genes = ranker.rank(candidates)
            if let top { genes = Array(genes.prefix(top)) }
            let seconds = Date().timeIntervalSince(started)

            try TextOutput.write(PrioritizationReport.tsv(genes, pedigree: pedigree), to: output)
            if let json {
                var sources: [[String: String]] = []
                sources.append(["name": "variants", "path": vcf, "md5": vcf == "-" ? "" : (try? FileChecksum.md5(path: vcf)) ?? ""])
                if let ped { sources.append(["name": "pedigree", "path": ped, "md5": (try? FileChecksum.md5(path: ped)) ?? ""]) }
                if let phenopacket { sources.append(["name": "phenopacket", "path": phenopacket, "md5": (try? FileChecksum.md5(path: phenopacket)) ?? ""]) }
                if let phenotype {
                    let versions = [phenotype.matcher.ontology.version, phenotype.matcher.annotations.version, phenotype.matcher.annotations.version]
                    for (path, version) in zip(phenotypeFiles, versions) {
                        sources.append(["name": "HPO " + (path as NSString).lastPathComponent, "path": path, "version": version,
                                        "md5": (try? FileChecksum.md5(path: path)) ?? ""])
                    }
                }
                for table in [acmg.table, model.table] {
                    sources.append(["name": table.source, "version": table.version, "md5": table.checksum])
                }
                let document = PrioritizationReport.Document(
                    criba: .init(version: CribaVersion.current, command: (["criba"] + commandLineArguments).joined(separator: " "),
                                 date: ISO8601DateFormatter().string(from: Date()), seconds: seconds),
                    sources: sources,
                    case: .init(id: packet?.id ?? pedigree.proband?.id ?? "", proband: pedigree.proband?.id ?? "",
                                members: pedigree.members.map { "\($0.id) sex=\($0.sex) affected=\($0.affected.map { $0 ? "yes" : "no" } ?? "unknown")" },
                                observed: observedIds, excluded: excludedIds, termNotes: notes),
                    fields: probe.resolvedFields, records: records, candidates: candidates.count,
                    notes: [probe.hasFrequencySource ? nil : "no population-frequency source: every variant counts as rare",
                            phenotype == nil ? "no phenotype: ranked on genotypes alone" : nil,
                            phenotype.map { _ in "This product uses the Human Phenotype Ontology (hpo.jax.org)." }].compactMap { $0 },
                    genes: genes)
                try TextOutput.write(try PrioritizationReport.json(document), to: json)
            }
        }
    }

    private func split(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("criba prioritize: warning: \(message)\n".utf8))
    }

    /// The family: the PED, or an affected singleton (the VCF's only sample, or the
    /// phenopacket subject / --proband among several).
    private func casePedigree(header: VariantHeader, packet: Phenopacket?) throws -> Pedigree {
        if let ped {
            let pedigree = try Pedigree(path: ped, proband: proband)
            guard let member = pedigree.proband else {
                throw UsageFailure(message: "\(ped): no affected individual (phenotype 2) to prioritise for; name one with --proband")
            }
            guard header.samples.contains(member.id) else {
                throw UsageFailure(message: "\(ped): the proband '\(member.id)' is not a sample of \(vcf) (samples: \(header.samples.prefix(6).joined(separator: ", ")))")
            }
            return pedigree
        }
        let sex = packet?.pedigreeSex ?? 0
        if let proband {
            guard header.samples.contains(proband) else {
                throw UsageFailure(message: "--proband '\(proband)' is not a sample of \(vcf)")
            }
            return Pedigree(singleton: proband, sex: sex)
        }
        if header.samples.count == 1 { return Pedigree(singleton: header.samples[0], sex: sex) }
        if let subject = packet?.subjectId, header.samples.contains(subject) { return Pedigree(singleton: subject, sex: sex) }
        guard !header.samples.isEmpty else { throw UsageFailure(message: "\(vcf) has no samples: prioritisation needs genotypes") }
        throw UsageFailure(message: "\(vcf) has \(header.samples.count) samples: give --ped (a family) or --proband")
    }
}

/// The phenotype loaded on another thread: written once, then read after a semaphore.
private final class PhenotypeBox: @unchecked Sendable {
    var result: Result<(PatientPhenotype, [String: String], [String]), Error>?
}

/// Loads the HPO release and resolves the case's terms; mapped and unknown ids get a
/// note (and a warning on standard error), never a silent drop.
private func loadPhenotype(directory: String, observed: [String], excluded: [String]) throws -> (PatientPhenotype, [String: String], [String]) {
    var options = PhenotypeDataOptions()
    options.directory = directory
    let files = try options.files()
    let matcher = try options.load()
    var notes: [String: String] = [:]
    func resolve(_ ids: [String]) -> [Int32] {
        var result: [Int32] = []
        for id in ids {
            switch matcher.ontology.resolve(id) {
            case .term(let term): result.append(term)
            case .mapped(let term, let note):
                notes[id] = note
                FileHandle.standardError.write(Data("criba prioritize: warning: \(note)\n".utf8))
                result.append(term)
            case .unknown(let note):
                notes[id] = note + "; left out"
                FileHandle.standardError.write(Data("criba prioritize: warning: \(note); left out\n".utf8))
            }
        }
        return result
    }
    let phenotype = PatientPhenotype(matcher: matcher, observed: resolve(observed), excluded: resolve(excluded))
    return (phenotype, notes, files)
}
