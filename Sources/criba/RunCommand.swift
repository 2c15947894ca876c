import ArgumentParser
import Foundation
import VariantIO
import Workflow

/// `criba run`: the whole pipeline for one case or a batch, with a job store.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the whole pipeline (annotate → filter → prioritize → report) for one case or a batch, resumably.",
        discussion: """
        One configuration file (TOML) names the genome build and the data sources with their
        versions: reference, gene model, HPO release, [[source]] annotation files, filter and
        prioritisation settings. Cases come from a manifest (TSV or YAML: id, vcf, ped,
        phenopacket, hpo, excluded_hpo, mode, regions, proband, config) or from --vcf.

        Everything is checked before anything runs (files, indexes, chr1 vs 1, GRCh37 vs
        GRCh38 from contig lengths, PED samples, duplicate ids); each problem is one line
        with its manifest line. A SQLite job store in the output folder (criba-jobs.sqlite)
        records every case: running the same batch again skips finished cases, retries
        failed ones and resumes one interrupted by kill -9.

        Examples:
          criba run --config criba.toml --manifest batch.tsv -o results/
          criba run --config criba.toml --vcf HG002.vcf.gz --hpo HP:0001250 --id HG002 -o results/
          criba jobs -o results/
          criba rerank HG002 --hpo HP:0001250,HP:0001263 -o results/
        See docs/run.md.
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Option(name: .long, help: "The run configuration (TOML): build, reference, genes, hpo, [[source]], filter, prioritize.")
    var config: String

    @Option(name: .long, help: "A batch of cases: TSV with a header line, or YAML.")
    var manifest: String?

    @Option(name: .long, help: "One case's VCF/BCF (instead of --manifest).")
    var vcf: String?

    @Option(name: .long, help: "One case: its id (default: from the VCF name).")
    var id: String?

    @Option(name: .long, help: "One case: PED file of the family.")
    var ped: String?

    @Option(name: .long, help: "One case: the proband's sample ID.")
    var proband: String?

    @Option(name: .long, help: "One case: GA4GH Phenopacket v2 JSON.")
    var phenopacket: String?

    @Option(name: .long, help: "One case: observed HPO terms, comma-separated.")
    var hpo: String?

    @Option(name: .customLong("excluded-hpo"), help: "One case: excluded HPO terms, comma-separated.")
    var excludedHPO: String?

    @Option(name: .long, help: "One case: rare-disease or hereditary-cancer.")
    var mode: String = "rare-disease"

    @Option(name: [.customShort("r"), .customLong("regions")], help: "One case: regions to analyse (needs an index).")
    var regions: String?

    @Option(name: [.short, .customLong("output")], help: "The output folder (job store, cases/<id>/…).")
    var output: String = "criba-output"

    @Option(name: .long, help: "The job store (default: criba-jobs.sqlite in the output folder).")
    var store: String?

    @Option(name: .customLong("case"), help: "Run only this case of the manifest (repeatable).")
    var only: [String] = []

    @Option(name: .long, help: "One case: its calls already annotated with this config (a scattered annotation, gathered): skip the annotate stage.")
    var annotated: String?

    @Option(name: .long, help: "Cases run at once (default: as many as --threads and --memory allow).")
    var jobs: Int?

    @Option(name: .long, help: "Memory the running cases may use together, e.g. 8G or 1500M (default: 80% of RAM).")
    var memory: String?

    @Option(name: .customLong("scatter-regions"), help: "Print the regions (pieces of at most this many bp) a scattered annotation of the one selected case would use, and exit.")
    var scatterRegions: Int?

    @Flag(name: .long, help: "Run finished cases again.")
    var force = false

    @Flag(name: .long, help: "Only check the inputs and exit.")
    var check = false

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "run") {
            let configuration = try RunConfiguration.load(path: config)
            var cases: [CaseSpecification]
            if let manifest {
                if vcf != nil { throw UsageFailure(message: "give --manifest (a batch) or --vcf (one case), not both") }
                cases = try CaseManifest.load(path: manifest)
                if !only.isEmpty {
                    let unknown = only.filter { name in !cases.contains { $0.id == name } }
                    if !unknown.isEmpty { throw UsageFailure(message: "\(manifest): no case \(unknown.joined(separator: ", "))") }
                    cases = cases.filter { only.contains($0.id) }
                }
            } else if let vcf {
                let name = ((vcf as NSString).lastPathComponent as NSString).deletingPathExtension
                let defaultId = name.replacingOccurrences(of: ".vcf", with: "")
                cases = [CaseSpecification(id: id ?? defaultId, vcf: vcf, ped: ped, proband: proband, phenopacket: phenopacket,
                                           observed: split(hpo), excluded: split(excludedHPO), mode: mode, regions: regions,
                                           origin: "--vcf")]
            } else {
                throw UsageFailure(message: "give --manifest FILE (a batch) or --vcf FILE (one case)")
            }
            if let scatterRegions {
                guard cases.count == 1 else { throw UsageFailure(message: "--scatter-regions needs one case (--vcf, or --manifest with one --case)") }
                var lengths: [String: Int] = [:]
                if let reference = configuration.reference {
                    let sequence = try ReferenceSequence(path: reference.path)
                    for contig in sequence.contigs { lengths[contig.name] = contig.length }
                }
                for region in try ScatterPlan.regions(vcf: cases[0].vcf, size: scatterRegions, referenceLengths: lengths) { print(region) }
                return
            }
            if let annotated {
                guard cases.count == 1 else { throw UsageFailure(message: "--annotated needs one case (--vcf, or --manifest with one --case)") }
                cases[0].annotated = annotated
            }
            // Every configuration once, then every case against its own.
            var configurations = [config: configuration]
            var problems: [String] = []
            var validator = InputValidator()
            problems += validator.validate(configuration)
            for specification in cases {
                guard let path = specification.config, configurations[path] == nil else { continue }
                do {
                    let loaded = try RunConfiguration.load(path: path)
                    configurations[path] = loaded
                    problems += validator.validate(loaded)
                } catch {
                    problems.append("\(specification.origin): config: \(error)")
                }
            }
            let paired = cases.compactMap { specification in
                configurations[specification.config ?? config].map { (specification: specification, configuration: $0) }
            }
            problems += validator.validate(paired)
            if !problems.isEmpty {
                for problem in problems { FileHandle.standardError.write(Data("criba run: error: \(problem)\n".utf8)) }
                throw WorkflowError("\(problems.count) problem(s) in the inputs; nothing was run")
            }
            if check {
                print("criba run: \(cases.count) case(s) and \(configurations.count) config(s) checked: no problems")
                return
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw UsageFailure(message: "\(output): exists and is not a folder")
            }
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw WorkflowError("\(output): cannot create the output folder: \(error.localizedDescription)")
            }
            let lock = try RunLock(directory: output)
            defer { withExtendedLifetime(lock) {} }
            let jobStore = try JobStore(path: store ?? (output as NSString).appendingPathComponent(JobStore.fileName))
            let settings = RunSettings(outputDirectory: output, executable: StageProcess.currentExecutable,
                                       threads: threadOptions.resolvedThreads, jobs: jobs, memoryBudget: try memoryBudget(),
                                       quiet: quiet, command: (["criba"] + commandLineArguments).joined(separator: " "), force: force)
            let summary = try BatchRunner(store: jobStore, settings: settings).run(paired)
            for (caseId, report) in summary.finished + summary.skipped {
                print("\(caseId)\tdone\t\(report)")
            }
            for (caseId, error) in summary.failed {
                print("\(caseId)\tfailed\t\(error)")
            }
            if !summary.failed.isEmpty {
                throw WorkflowError("\(summary.failed.count) of \(paired.count) case(s) failed (see above and cases/<id>/log.txt); run again to retry them")
            }
            if !quiet {
                FileHandle.standardError.write(Data("criba run: \(summary.finished.count) case(s) run, \(summary.skipped.count) already finished; reports are listed above; jobs: criba jobs -o \(output)\n".utf8))
            }
        }
    }

    private func memoryBudget() throws -> Int64 {
        guard let memory else { return Int64(Double(ProcessInfo.processInfo.physicalMemory) * 0.8) }
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let text = memory.uppercased().replacingOccurrences(of: "B", with: "")
        if let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value > 0 { return Int64(value * Double(unit)) }
        if let value = Int64(text), value > 0 { return value }
        throw UsageFailure(message: "--memory must be a size such as 8G or 1500M, not '\(memory)'")
    }

}
