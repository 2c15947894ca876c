import ArgumentParser
import Foundation
import VariantIO
import Workflow

/// `criba rerank`: re-rank a finished case with new phenotype terms, without re-annotating.
struct RerankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank",
        abstract: "Re-rank and re-report a finished case of a criba run with new HPO terms, reusing its annotated variants.",
        discussion: """
        The case's annotated (and filtered) variants are kept by criba run; only the
        prioritize and report stages run again. The previous outputs are kept under
        cases/<id>/history/<n>/, and the store records every re-ranking (criba jobs --json).

        Example:
          criba rerank HG002 --hpo HP:0001250,HP:0001263 -o results/
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "The case id.")
    var caseId: String

    @Option(name: [.short, .customLong("output")], help: "The run's output folder.")
    var output: String = "criba-output"

    @Option(name: .long, help: "The job store (default: criba-jobs.sqlite in the output folder).")
    var store: String?

    @Option(name: .long, help: "The new observed HPO terms, comma-separated.")
    var hpo: String

    @Option(name: .customLong("excluded-hpo"), help: "The new excluded HPO terms, comma-separated.")
    var excludedHPO: String?

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "rerank") {
            let observed = split(hpo)
            let excluded = split(excludedHPO)
            for term in observed + excluded where !InputValidator.isHPOIdentifier(term) {
                throw UsageFailure(message: "'\(term)' is not an HPO term id (HP:0000000)")
            }
            guard !observed.isEmpty else { throw UsageFailure(message: "give the new observed terms with --hpo") }
            let lock = try RunLock(directory: output)
            defer { withExtendedLifetime(lock) {} }
            let jobStore = try store.map { try JobStore(path: $0) } ?? JobStore.existing(in: output)
            guard let job = try jobStore.job(caseId) else {
                let known = try jobStore.jobs().map(\.caseId).prefix(8).joined(separator: ", ")
                throw WorkflowError("\(jobStore.path): no case '\(caseId)' (cases: \(known))")
            }
            guard job.status == .done else {
                throw WorkflowError("case '\(caseId)' is \(job.status.rawValue), not done: finish it with criba run first")
            }
            let specification = try JSONDecoder().decode(CaseSpecification.self, from: Data(job.specification.utf8))
            let configuration = try RunConfiguration.load(path: job.configPath)
            if (try? FileChecksum.sha256(path: job.configPath)) != job.configSha256 {
                warn("\(job.configPath) changed since the case ran: the new prioritisation settings apply, the annotation stays as it was")
            }
            if specification.mode != "rare-disease" {
                throw UsageFailure(message: "case '\(caseId)' is \(specification.mode): phenotype terms rank rare-disease cases only")
            }
            guard configuration.phenotypeData != nil else {
                throw WorkflowError("\(job.configPath): no [hpo] directory: re-ranking by phenotype needs the HPO release")
            }
            let directory = job.outputDirectory
            let plan = CasePlan(specification: specification, configuration: configuration, directory: directory,
                                threads: threadOptions.resolvedThreads, hasConsequences: false, phenotypeTerms: (observed, excluded))
            guard FileManager.default.fileExists(atPath: plan.variants) else {
                throw WorkflowError("\(plan.variants): the case's kept variants are gone: run the case again (criba run --force --case \(caseId))")
            }
            // Keep the current outputs before replacing them.
            let reranks = try jobStore.reranks(caseId: caseId)
            let history = ((directory as NSString).appendingPathComponent("history") as NSString).appendingPathComponent(String(reranks.count + 1))
            try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: true)
            for name in [CasePlan.FileName.report, CasePlan.FileName.json, CasePlan.FileName.ranked, CasePlan.FileName.variants] {
                let source = (directory as NSString).appendingPathComponent(name)
                let target = (history as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: source), !FileManager.default.fileExists(atPath: target) {
                    try FileManager.default.copyItem(atPath: source, toPath: target)
                }
            }
            BatchRunner.removeStaleTemporaries(in: directory)
            let started = Date()
            let log = (directory as NSString).appendingPathComponent(CasePlan.FileName.log)
            var failure: String?
            for stage in plan.stages where stage.name == "prioritize" || stage.name == "report" {
                if !quiet { FileHandle.standardError.write(Data("criba rerank: \(caseId): \(stage.name)…\n".utf8)) }
                let outcome = try StageProcess.run(executable: StageProcess.currentExecutable, arguments: stage.arguments, log: log)
                if outcome.exitCode != 0 {
                    failure = "\(stage.name) exited with \(outcome.exitCode): \(outcome.message ?? "see \(log)")"
                    break
                }
            }
            let seconds = Date().timeIntervalSince(started)
            var outputs: String?
            if failure == nil { outputs = BatchRunner.outputsRecord(plan) }
            try jobStore.recordRerank(RerankRecord(id: nil, caseId: caseId, at: Date(), observed: observed.joined(separator: ","),
                                                   excluded: excluded.joined(separator: ","), status: failure == nil ? "done" : "failed",
                                                   seconds: seconds, previousOutputs: history, error: failure), outputs: outputs)
            if let failure { throw WorkflowError("case '\(caseId)': \(failure); the previous report is unchanged") }
            print("\(caseId)\treranked\t\(plan.outputs["report"] ?? "")")
            if !quiet {
                FileHandle.standardError.write(Data("criba rerank: \(caseId) re-ranked in \(String(format: "%.1f", seconds)) s; previous outputs in \(history)\n".utf8))
            }
        }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("criba rerank: warning: \(message)\n".utf8))
    }

}
