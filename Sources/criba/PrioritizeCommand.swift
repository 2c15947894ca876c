import AnnotationSources
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
    var vcf: String?

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

    @Option(name: .long, help: "Also write the HTML report (as criba report would from the JSON).")
    var report: String?

    @Option(name: .long, help: "Write only the best N genes (default: all with a candidate).")
    var top: Int?

    @Option(name: .long, help: "Annotation sources (TOML, as for criba annotate) applied on the fly: gnomAD, ClinVar, REVEL, SpliceAI, gene tables.")
    var config: String?

    @Option(name: .long, help: "An annotation source FILE:FIELD[=NAME],… applied on the fly (repeatable).")
    var source: [String] = []

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

    @Option(name: .long, help: "rare-disease (rank genes on inheritance and phenotype) or hereditary-cancer (classify every variant of a predisposition panel).")
    var mode: AnalysisMode = .rareDisease

    @Option(name: .long, help: "Hereditary-cancer panel: panel_0 (CPSR's 555 genes, the default) or named sub-panels, comma-separated (see --list-panels).")
    var panel: String?

    @Option(name: .customLong("panel-genes"), help: "Hereditary-cancer panel from a gene list (one symbol per line) instead of --panel.")
    var panelGenes: String?

    @Flag(name: .customLong("list-panels"), help: "List the bundled sub-panels and exit.")
    var listPanels = false

    @Flag(name: .customLong("include-noncoding"), help: "Hereditary-cancer mode: also classify intronic, UTR and flanking variants without a ClinVar record.")
    var includeNoncoding = false

    @Option(name: .customLong("secondary-findings"), help: "Report P/LP variants in the ACMG secondary-findings genes of this list version (3.2 or 3.3), in their own section.")
    var secondaryFindings: String?

    @Option(name: .customLong("clinvar-trust"), help: "none: ClinVar is shown but never counts; expert: 3-4 star assertions override Criba's call, 1-2 stars count as PP5/BP6; two-star: 2 stars and above override.")
    var clinvarTrust: ClinVarTrust = .expert

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @Option(name: .customLong("case-id"), help: "The case id written in the JSON and report (default: the phenopacket id or the proband).")
    var caseId: String?

    @Option(name: .long, help: "A JSON list of data-source entries (name, path, version, sha256) added to the report's provenance (criba run writes it).")
    var provenance: String?

    @OptionGroup var threadOptions: ThreadOptions

    @Option(name: .long, help: "Run many cases with one HPO load: a TSV with columns id, vcf, ped, phenopacket, hpo, excluded_hpo, output (prefix of OUTPUT.tsv and OUTPUT.json); empty cells allowed.")
    var batch: String?

    /// One case to prioritise.
    struct CaseSpecification {
        var id: String?
        var vcf: String
        var ped: String?
        var proband: String?
        var phenopacket: String?
        var observed: [String]
        var excluded: [String]
        var output: String
        var json: String?
        var report: String?
    }

    func run() throws {
        if listPanels {
            print("panel_0\tCPSR panel 0: \(GenePanel.panelZero.genes.count) cancer-predisposition genes")
            for (name, description) in GenePanel.subpanelNames {
                let count = (try? GenePanel.panelZero.subpanel(named: name).genes.count) ?? 0
                print("\(name)\t\(description) (\(count) genes)")
            }
            return
        }
        try reportingFailures(of: "prioritize") {
            let acmg = try rules.map { try AcmgRules(table: try RuleTable(path: $0)) } ?? AcmgRules.bundled
            let model = try ranking.map { try RankingModel(table: try RuleTable(path: $0)) } ?? RankingModel.bundled
            if let batch {
                let cases = try readBatch(batch)
                if hpoData == nil, cases.contains(where: { !$0.observed.isEmpty || !$0.excluded.isEmpty || $0.phenopacket != nil }) {
                    throw UsageFailure(message: "HPO terms need --hpo-data DIR (hp.obo, phenotype.hpoa, genes_to_phenotype.txt)")
                }
                let loaded = try hpoData.map { try loadMatcher(directory: $0) }
                var failures = 0
                for specification in cases {
                    do {
                        try prioritize(specification, acmg: acmg, model: model) { loaded }
                    } catch {
                        failures += 1
                        let message = (error as? UsageFailure)?.message ?? String(describing: error)
                        FileHandle.standardError.write(Data("criba prioritize: error: case \(specification.id ?? specification.vcf): \(message)\n".utf8))
                    }
                }
                if failures > 0 {
                    throw UsageFailure(message: "\(failures) of \(cases.count) cases failed (see above); the others were written")
                }
                return
            }
            guard let vcf else { throw UsageFailure(message: "give --vcf (one case) or --batch (many)") }
            if mode == .rareDisease && (panel != nil || panelGenes != nil) {
                throw UsageFailure(message: "--panel and --panel-genes need --mode hereditary-cancer")
            }
            let specification = CaseSpecification(id: caseId, vcf: vcf, ped: ped, proband: proband, phenopacket: phenopacket,
                                                  observed: split(hpo), excluded: split(excludedHPO), output: output, json: json,
                                                  report: report)
            if mode == .rareDisease, hpoData == nil, !specification.observed.isEmpty || !specification.excluded.isEmpty || phenopacket != nil {
                throw UsageFailure(message: "HPO terms need --hpo-data DIR (hp.obo, phenotype.hpoa, genes_to_phenotype.txt)")
            }
            // The HPO release loads on its own thread while the variants are read.
            let box = PhenotypeBox()
            let done = DispatchSemaphore(value: 0)
            if let hpoData, mode == .rareDisease {
                Thread.detachNewThread {
                    box.result = Result { try loadMatcher(directory: hpoData) }
                    done.signal()
                }
            } else {
                done.signal()
            }
            try prioritize(specification, acmg: acmg, model: model) {
                done.wait()
                return try box.result?.get()
            }
        }
    }

    /// Prioritises one case; `phenotypeData` gives the loaded HPO release (nil: none).
    private func prioritize(_ specification: CaseSpecification, acmg: AcmgRules, model: RankingModel,
                            phenotypeData: () throws -> LoadedPhenotype?) throws {
        let started = Date()
        let vcf = specification.vcf
        let packet = try specification.phenopacket.map { try Phenopacket(path: $0) }
        let observedIds = (packet?.observed ?? []) + specification.observed
        let excludedIds = (packet?.excluded ?? []) + specification.excluded

        let threads = threadOptions.resolvedThreads
        let threadPool = ThreadPool(threads: threads)
        let requested = try regions.map { try GenomicRegion.parseList($0) }
        let pipeline = try VariantPipeline(path: vcf, threads: threads, regions: requested, threadPool: threadPool)
        // Sources declared here are applied to each batch before the candidates are read,
        // exactly as criba annotate would write them.
        var declarations = try config.map { try SourceConfiguration.load(path: $0) } ?? []
        for text in source { declarations.append(try SourceConfiguration.commandLine(text)) }
        let sourceSet = try SourceSet(declarations: declarations, input: pipeline.header, computesCSQ: false,
                                      csqHeaderLine: "", csqColumns: [])
        let header = declarations.isEmpty ? pipeline.header : try sourceSet.outputHeader(pipeline.header)
        let sourceAnnotators = WorkerResourcePool { () throws -> SourceAnnotator? in
            sourceSet.plans.isEmpty ? nil
                : try SourceAnnotator(plans: sourceSet.plans, header: header, overwritten: sourceSet.overwritten, reference: nil)
        }
        // Gene tables add columns to the existing CSQ entries.
        let geneColumns = sourceSet.geneColumns
        let csqBuffers = WorkerResourcePool { TextBuffer() }
        let csqIndex = header.tag("CSQ").index
        let pedigree = try casePedigree(header: header, packet: packet, vcf: vcf, ped: specification.ped, proband: specification.proband)

        let analyzer = InheritanceAnalyzer(pedigree: pedigree)
        var settings = CandidateCollector.Settings(maximumFrequency: maximumFrequency ?? acmg.threshold("BA1_allele_frequency"),
                                                   passOnly: !includeFiltered)
        if !frequencyFields.isEmpty { settings.fields.frequency = frequencyFields }
        let findingsList = try secondaryFindings.map { try SecondaryFindingsList.bundled(version: $0) }
        let genePanel = mode == .hereditaryCancer ? try selectedPanel() : nil
        if let genePanel {
            // Every variant of the panel's genes is classified, common and mild ones included,
            // on the gene's curated (else MANE Select) transcript.
            settings.genes = Set(genePanel.genes.keys).union(findingsList.map { Set($0.genes.keys) } ?? [])
            settings.keepMildConsequences = true
            settings.codingOnly = !includeNoncoding
            settings.maximumFrequency = maximumFrequency ?? .infinity
            settings.preferredTranscripts = GeneSpecificRules.bundled.curatedTranscripts
            settings.preferMANE = true
        }
        let probe = try CandidateCollector(header: header, pedigree: pedigree, analyzer: analyzer, model: model, settings: settings)
        let collectors = WorkerResourcePool { try CandidateCollector(header: header, pedigree: pedigree, analyzer: analyzer, model: model, settings: settings) }
        let qualityCollectors = WorkerResourcePool { CaseQualityCollector(header: header, pedigree: pedigree) }
        var candidates: [CandidateVariant] = []
        var records = 0
        try pipeline.run(
            stage: { batch -> [CandidateVariant] in
                try sourceAnnotators.using { annotator in try annotator?.annotate(batch.records) }
                if let geneColumns {
                    try csqBuffers.using { buffer in try geneColumns.extend(batch.records, csq: csqIndex, header: header, buffer: buffer) }
                }
                try qualityCollectors.using { quality in
                    for record in batch.records { quality.add(record) }
                }
                return try collectors.using { collector in
                    var found: [CandidateVariant] = []
                    for record in batch.records { collector.collect(record, into: &found) }
                    return found
                }
            },
            consume: { batch, found in
                records += batch.count
                candidates.append(contentsOf: found)
            })

        try sourceSet.report(annotators: sourceAnnotators.all.compactMap { $0 })
        if let problem = collectors.all.compactMap(\.unsupportedPloidy).sorted().first {
            throw InputProblem(description: "\(vcf): \(problem)")
        }
        if records == 0 {
            throw InputProblem(description: "\(vcf): has no variant records\(regions.map { " in \($0)" } ?? ""): nothing to prioritise")
        }
        let quality = CaseQualityCollector(header: header, pedigree: pedigree)
        for collector in qualityCollectors.all { quality.merge(collector) }
        let classifier = VariantClassifier(rules: acmg, geneRules: .bundled, pedigree: pedigree, model: model, trust: clinvarTrust,
                                           hasFrequencySource: probe.hasFrequencySource)
        var findingsSection: PrioritizationReport.Document.SecondaryFindingsSection?
        if let findingsList {
            let found = classifier.secondaryFindings(candidates, list: findingsList)
            findingsSection = .init(list: findingsList, assessed: found.assessed, withheld: found.withheld, findings: found.findings)
            warn("ACMG SF v\(findingsList.version): \(found.findings.count) reportable finding(s) among \(found.assessed) variant(s) in \(findingsList.genes.count) genes")
        }
        if !probe.hasClinVar && clinvarTrust != .none && (genePanel != nil || findingsList != nil) {
            warn("no ClinVar field in \(vcf) (annotate with a ClinVar source): classifications rest on Criba's criteria alone")
        }
        var panelSection: PrioritizationReport.Document.PanelSection?
        if let genePanel {
            let classified = classifier.classify(candidates, genes: genePanel.genes, panelName: genePanel.name)
            panelSection = .init(panel: genePanel, trust: clinvarTrust, variants: classified)
            var sections: [(name: String, variants: [ClassifiedVariant])] = [("panel", classified)]
            if let findingsSection { sections.append(("secondary_findings", findingsSection.findings)) }
            try TextOutput.write(PrioritizationReport.classifiedTSV(sections), to: specification.output)
        }
        let loaded = genePanel == nil ? try phenotypeData() : nil
        var phenotype: PatientPhenotype?
        var notes: [String: String] = [:]
        if let loaded {
            let resolved = try resolveTerms(loaded.matcher, observed: observedIds, excluded: excludedIds)
            phenotype = resolved.0
            notes = resolved.1
            if resolved.0.observed.isEmpty && resolved.0.excluded.isEmpty {
                warn("no usable HPO term: genes are ranked on genotypes alone")
            }
        } else if genePanel == nil {
            warn("no phenotype (--phenopacket or --hpo with --hpo-data): genes are ranked on genotypes alone")
        }
        if !probe.hasFrequencySource {
            warn("no population-frequency field in \(vcf) (annotate with a gnomAD source): every variant counts as rare and PM2/BS1/BA1 are not evaluated")
        }

        var genes: [RankedGene] = []
        if genePanel == nil {
            let ranker = GeneRanker(model: model, rules: acmg, analyzer: analyzer, phenotype: phenotype,
                                    hasFrequencySource: probe.hasFrequencySource)
            genes = ranker.rank(candidates)
            if let top { genes = Array(genes.prefix(top)) }
            try TextOutput.write(PrioritizationReport.tsv(genes, pedigree: pedigree), to: specification.output)
        }
        let seconds = Date().timeIntervalSince(started)
        guard specification.json != nil || specification.report != nil else { return }
        var sources: [[String: String]] = []
        if let provenance {
            guard let data = FileManager.default.contents(atPath: provenance),
                  let entries = try? JSONDecoder().decode([[String: String]].self, from: data) else {
                throw UsageFailure(message: "\(provenance): not a JSON list of provenance entries (name, path, version, sha256)")
            }
            sources += entries
        }
        sources.append(fileSource("variants", vcf))
        if let ped = specification.ped { sources.append(fileSource("pedigree", ped)) }
        if let path = specification.phenopacket { sources.append(fileSource("phenopacket", path)) }
        if let loaded {
            let versions = [loaded.matcher.ontology.version, loaded.matcher.annotations.version, loaded.matcher.annotations.version]
            for ((path, checksum), version) in zip(zip(loaded.files, loaded.checksums), versions) {
                var entry = fileSource("HPO " + (path as NSString).lastPathComponent, path, md5: checksum)
                entry["version"] = version
                sources.append(entry)
            }
        }
        for plan in sourceSet.plans {
            var entry = fileSource("source " + plan.declaration.displayName, plan.declaration.file)
            entry["provenance"] = plan.provenanceLine
            sources.append(entry)
        }
        for table in [acmg.table, model.table] {
            sources.append(["name": table.source, "version": table.version, "md5": table.checksum])
        }
        if genePanel != nil || findingsList != nil { sources += GeneSpecificRules.bundled.provenance }
        if let genePanel { sources.append(["name": "panel " + genePanel.name, "path": genePanel.source, "version": genePanel.version, "md5": genePanel.checksum]) }
        if let findingsList {
            sources.append(["name": "ACMG SF v\(findingsList.version)", "path": findingsList.path, "version": findingsList.version, "md5": findingsList.checksum])
        }
        let withoutSequence = genes.reduce(0) { $0 + $1.variants.filter { $0.withoutReferenceSequence == true }.count }
        let document = PrioritizationReport.Document(
            criba: .init(version: CribaVersion.current, command: (["criba"] + commandLineArguments).joined(separator: " "),
                         date: ISO8601DateFormatter().string(from: Date()), seconds: seconds),
            sources: sources,
            case: .init(id: specification.id ?? packet?.id ?? pedigree.proband?.id ?? "", proband: pedigree.proband?.id ?? "",
                        members: pedigree.members.map { "\($0.id) sex=\($0.sex) affected=\($0.affected.map { $0 ? "yes" : "no" } ?? "unknown")" },
                        observed: observedIds, excluded: excludedIds, termNotes: notes),
            fields: probe.resolvedFields, records: records, candidates: candidates.count,
            notes: [probe.hasFrequencySource ? nil : "no population-frequency source: every variant counts as rare",
                    phenotype == nil && genePanel == nil ? "no phenotype: ranked on genotypes alone" : nil,
                    withoutSequence > 0 ? "\(withoutSequence) ranked variant(s) were annotated from the gene model alone (no reference sequence there: REF not checked, no codons or protein change; marked in the table)" : nil,
                    !probe.hasClinVar && panelSection != nil ? "no ClinVar field: classifications rest on Criba's criteria alone" : nil,
                    phenotype.map { _ in "This product uses the Human Phenotype Ontology (hpo.jax.org)." }].compactMap { $0 },
            genes: genes, mode: mode.rawValue, panel: panelSection, secondaryFindings: findingsSection, qc: quality.result)
        if let json = specification.json { try TextOutput.write(try PrioritizationReport.json(document), to: json) }
        if let report = specification.report {
            try ReportWriter.write(document, html: report, tsv: nil, genes: 50, command: (["criba"] + commandLineArguments).joined(separator: " "))
        }
    }

    /// A file's provenance entry: path, MD5 and SHA-256 (files over 4 GiB get no SHA-256
    /// here, and the entry says so; a job store keeps them once).
    private func fileSource(_ name: String, _ path: String, md5: String? = nil) -> [String: String] {
        guard path != "-" else { return ["name": name, "path": "-", "md5": "", "sha256": "standard input"] }
        var entry = ["name": name, "path": path, "md5": md5 ?? (try? FileChecksum.md5(path: path)) ?? ""]
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        if size > 4 << 30 {
            entry["sha256"] = "not computed (\(size >> 30) GiB)"
        } else {
            entry["sha256"] = (try? FileChecksum.sha256(path: path)) ?? ""
        }
        return entry
    }

    /// The hereditary-cancer panel: --panel-genes, the named sub-panels, or panel 0.
    private func selectedPanel() throws -> GenePanel {
        if let panelGenes {
            if panel != nil { throw UsageFailure(message: "give --panel or --panel-genes, not both") }
            return try GenePanel.panelZero.geneList(path: panelGenes)
        }
        guard let panel, panel != "panel_0" else { return GenePanel.panelZero }
        return try GenePanel.panelZero.subpanel(named: panel)
    }

    /// Reads the batch table (a header line naming the columns; `vcf` and `output` required).
    private func readBatch(_ path: String) throws -> [CaseSpecification] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageFailure(message: "\(path): cannot read the batch table")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { !$0.hasPrefix("##") }
        guard !lines.isEmpty else { throw UsageFailure(message: "\(path): empty batch table") }
        let names = lines.removeFirst().trimmingCharacters(in: CharacterSet(charactersIn: "#")).split(separator: "\t").map(String.init)
        guard let vcfColumn = names.firstIndex(of: "vcf"), let outputColumn = names.firstIndex(of: "output") else {
            throw UsageFailure(message: "\(path): the header must name at least the columns vcf and output (also: id, ped, phenopacket, hpo, excluded_hpo, proband)")
        }
        var cases: [CaseSpecification] = []
        for (offset, line) in lines.enumerated() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func cell(_ name: String) -> String? {
                guard let index = names.firstIndex(of: name), index < cells.count, !cells[index].isEmpty, cells[index] != "." else { return nil }
                return cells[index]
            }
            guard vcfColumn < cells.count, outputColumn < cells.count, !cells[vcfColumn].isEmpty, !cells[outputColumn].isEmpty else {
                throw UsageFailure(message: "\(path): line \(offset + 2): vcf and output must not be empty")
            }
            let prefix = cells[outputColumn]
            cases.append(CaseSpecification(id: cell("id"), vcf: cells[vcfColumn], ped: cell("ped"), proband: cell("proband"),
                                           phenopacket: cell("phenopacket"), observed: split(cell("hpo")), excluded: split(cell("excluded_hpo")),
                                           output: prefix + ".tsv", json: prefix + ".json", report: report == nil ? nil : prefix + ".html"))
        }
        return cases
    }


    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("criba prioritize: warning: \(message)\n".utf8))
    }

    /// The family: the PED, or an affected singleton (the VCF's only sample, or the
    /// phenopacket subject / --proband among several).
    private func casePedigree(header: VariantHeader, packet: Phenopacket?, vcf: String, ped: String?, proband: String?) throws -> Pedigree {
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

/// What `criba prioritize` answers.
enum AnalysisMode: String, ExpressibleByArgument, CaseIterable {
    case rareDisease = "rare-disease", hereditaryCancer = "hereditary-cancer"
}

extension ClinVarTrust: ExpressibleByArgument {}

/// An HPO release loaded once (for one case or a batch).
struct LoadedPhenotype: @unchecked Sendable {
    let matcher: PhenotypeMatcher
    let files: [String]
    let checksums: [String]
}

/// The release loaded on another thread: written once, then read after a semaphore.
private final class PhenotypeBox: @unchecked Sendable {
    var result: Result<LoadedPhenotype, Error>?
}

/// Loads the HPO release in `directory`.
private func loadMatcher(directory: String) throws -> LoadedPhenotype {
    var options = PhenotypeDataOptions()
    options.directory = directory
    let files = try options.files()
    let matcher = try options.load()
    return LoadedPhenotype(matcher: matcher, files: files, checksums: files.map { (try? FileChecksum.md5(path: $0)) ?? "" })
}

/// Resolves a case's terms; mapped and unknown ids get a note (and a warning on standard
/// error), never a silent drop.
private func resolveTerms(_ matcher: PhenotypeMatcher, observed: [String], excluded: [String]) throws -> (PatientPhenotype, [String: String]) {
    var notes: [String: String] = [:]
    var unknown: [String] = []
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
                notes[id] = note
                unknown.append(note)
            }
        }
        return result
    }
    let phenotype = PatientPhenotype(matcher: matcher, observed: resolve(observed), excluded: resolve(excluded))
    // An id that is not in the release is a typo or a term of another ontology: ranking
    // without it would answer another question, so the case stops here.
    if let first = unknown.first {
        throw InputProblem(description: "\(first)\(unknown.count > 1 ? " (and \(unknown.count - 1) more)" : ""): correct or remove it (obsolete ids are mapped to their replacement)")
    }
    return (phenotype, notes)
}

/// Bad input found while a case is read (exit code 1), with the file and the place.
struct InputProblem: Error, CustomStringConvertible {
    /// The one-line message.
    let description: String
}
