import Foundation
import VariantIO

/// Settings of one `criba run`.
public struct RunSettings: Sendable {
    /// The output folder: the job store and one folder per case under `cases/`.
    public var outputDirectory: String
    /// The `criba` executable that runs the stages.
    public var executable: String
    /// Threads for the whole run, shared among the cases running at once.
    public var threads: Int
    /// Cases run at once (default: as many as threads and the memory budget allow).
    public var jobs: Int?
    /// Memory the cases running at once may use together, in bytes.
    public var memoryBudget: Int64
    /// No progress output.
    public var quiet: Bool
    /// The command line, for provenance.
    public var command: String
    /// Run finished cases again.
    public var force: Bool

    /// Creates settings.
    public init(outputDirectory: String, executable: String, threads: Int, jobs: Int?, memoryBudget: Int64, quiet: Bool,
                command: String, force: Bool) {
        self.outputDirectory = outputDirectory; self.executable = executable; self.threads = threads; self.jobs = jobs
        self.memoryBudget = memoryBudget; self.quiet = quiet; self.command = command; self.force = force
    }

    /// The memory a case is expected to need: 300 MB plus three times its compressed input
    /// (the WGS trio BCF, 4.6 M records, peaks near 1.2 GB with all sources on the fly).
    public static func estimatedMemory(inputBytes: Int64) -> Int64 { 300 << 20 + 3 * inputBytes }
}

/// What a run did.
public struct RunSummary: Sendable {
    /// Cases finished by this run, with their report.
    public var finished: [(caseId: String, report: String)] = []
    /// Cases skipped (finished before, same inputs), with their report.
    public var skipped: [(caseId: String, report: String)] = []
    /// Cases that failed, with the error.
    public var failed: [(caseId: String, error: String)] = []
}

/// Runs a batch of cases: registers each job in the store (skipping finished ones with
/// unchanged inputs), then runs the stages of several cases at once within the threads and
/// the memory budget, recording every stage. A case's outputs appear under their final
/// names only when their stage succeeded; a killed run leaves jobs `running`, which the
/// next run retries from the start.
public final class BatchRunner: @unchecked Sendable {
    private let store: JobStore
    private let settings: RunSettings
    private let lock = NSCondition()
    private var checksums: [String: String] = [:]
    private var summary = RunSummary()
    private var pending: [(CaseSpecification, RunConfiguration, JobRecord, Int64)] = []
    private var active = 0
    private var inUse: Int64 = 0

    /// A runner writing to `store`.
    public init(store: JobStore, settings: RunSettings) {
        self.store = store
        self.settings = settings
    }

    /// The folder of a case.
    public static func caseDirectory(_ output: String, _ caseId: String) -> String {
        ((output as NSString).appendingPathComponent("cases") as NSString).appendingPathComponent(caseId)
    }

    /// Runs the batch; every case ends finished, skipped or failed.
    public func run(_ cases: [(specification: CaseSpecification, configuration: RunConfiguration)]) throws(WorkflowError) -> RunSummary {
        var toRun: [(CaseSpecification, RunConfiguration, JobRecord)] = []
        var skippedStages = 0
        var plannedStages = 0
        let notices = ProgressReporter(total: 1, quiet: settings.quiet, interactive: false)
        for (specification, configuration) in cases {
            let job = try makeJob(specification, configuration)
            let decision = settings.force ? .run(reason: "--force") : try store.register(job)
            if settings.force { _ = try store.register(job) }
            let stages = stageCount(specification, configuration)
            switch decision {
            case .skip:
                summary.skipped.append((specification.id, (job.outputDirectory as NSString).appendingPathComponent(CasePlan.FileName.report)))
                notices.message("\(specification.id): finished before with the same inputs and config: skipped (--force runs it again)")
                skippedStages += stages
            case .run(let reason):
                if reason != "new", reason != "pending" { notices.message("\(specification.id): \(reason)") }
                toRun.append((specification, configuration, job))
                plannedStages += stages
            }
        }
        guard !toRun.isEmpty else { return summary }
        let jobs = max(1, min(settings.jobs ?? settings.threads, toRun.count))
        let threadsPerCase = max(1, settings.threads / jobs)
        let progress = ProgressReporter(total: plannedStages, quiet: settings.quiet)
        progress.message("\(toRun.count) case(s) to run, \(jobs) at once, \(threadsPerCase) thread(s) each; store \(store.path)")
        lock.withLock {
            pending = toRun.map { ($0.0, $0.1, $0.2, estimate($0.0)) }
            active = 0
            inUse = 0
        }
        let group = DispatchGroup()
        for _ in 0..<jobs {
            group.enter()
            Thread.detachNewThread { [self] in
                worker(threads: threadsPerCase, progress: progress)
                group.leave()
            }
        }
        group.wait()
        progress.close()
        return summary
    }

    /// Takes cases while they fit in the memory budget (one always runs), until none is left.
    private func worker(threads: Int, progress: ProgressReporter) {
        while true {
            lock.lock()
            var picked: (CaseSpecification, RunConfiguration, JobRecord, Int64)?
            while picked == nil && !pending.isEmpty {
                if let index = pending.firstIndex(where: { active == 0 || inUse + $0.3 <= settings.memoryBudget }) {
                    picked = pending.remove(at: index)
                } else {
                    lock.wait()
                }
            }
            guard let (specification, configuration, job, memory) = picked else {
                lock.unlock()
                return
            }
            active += 1
            inUse += memory
            lock.unlock()
            runCase(specification, configuration, job, threads: threads, progress: progress)
            lock.lock()
            active -= 1
            inUse -= memory
            lock.broadcast()
            lock.unlock()
        }
    }

    private func stageCount(_ specification: CaseSpecification, _ configuration: RunConfiguration) -> Int {
        let annotates = specification.annotated == nil && (configuration.geneModel != nil || !configuration.sources.isEmpty)
        return 2 + (annotates ? 1 : 0) + (configuration.hasFilterStep ? 1 : 0)
    }

    private func estimate(_ specification: CaseSpecification) -> Int64 {
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: specification.vcf))?[.size] as? NSNumber)?.int64Value ?? 0
        return RunSettings.estimatedMemory(inputBytes: bytes)
    }

    /// The job row for a case: inputs with checksums and the digest deciding re-runs.
    private func makeJob(_ specification: CaseSpecification, _ configuration: RunConfiguration) throws(WorkflowError) -> JobRecord {
        var inputs: [[String: String]] = []
        for (role, path) in specification.inputFiles {
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            inputs.append(["role": role, "path": path, "sha256": try checksum(path), "bytes": String(bytes)])
        }
        let configSha256 = try checksum(configuration.path)
        let specificationJSON = Self.json(specification)
        let inputsJSON = Self.json(inputs)
        let digest = FileChecksum.sha256(text: specificationJSON + inputsJSON + configSha256)
        return JobRecord(caseId: specification.id, origin: specification.origin, mode: specification.mode, status: .pending, attempts: 0,
                         inputs: inputsJSON, inputDigest: digest, configPath: configuration.path, configSha256: configSha256,
                         specification: specificationJSON,
                         outputDirectory: Self.caseDirectory(settings.outputDirectory, specification.id), stage: nil, startedAt: nil,
                         finishedAt: nil, seconds: nil, outputs: nil, error: nil, pid: nil, updatedAt: Date())
    }

    /// SHA-256 of a file, once per run (files over 4 GiB: size and modification time).
    private func checksum(_ path: String) throws(WorkflowError) -> String {
        if let known = lock.withLock({ checksums[path] }) { return known }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let value: String
        if size > 4 << 30 {
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            value = "size:\(size);mtime:\(Int(modified))"
        } else {
            do { value = try FileChecksum.sha256(path: path) } catch { throw WorkflowError("\(path): cannot checksum: \(error)") }
        }
        lock.withLock { checksums[path] = value }
        return value
    }

    private func runCase(_ specification: CaseSpecification, _ configuration: RunConfiguration, _ job: JobRecord, threads: Int,
                         progress: ProgressReporter) {
        let started = Date()
        let directory = job.outputDirectory
        let totalStages = stageCount(specification, configuration)
        var stagesDone = 0
        func failed(_ message: String) {
            try? store.fail(caseId: specification.id, error: message, seconds: Date().timeIntervalSince(started))
            progress.skip(totalStages - stagesDone)
            progress.message("\(specification.id): failed: \(message) (log: \((directory as NSString).appendingPathComponent(CasePlan.FileName.log)))")
            lock.withLock { summary.failed.append((specification.id, message)) }
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            failed("cannot create \(directory): \(error.localizedDescription)")
            return
        }
        Self.removeStaleTemporaries(in: directory)
        do {
            let attempt = try store.start(caseId: specification.id)
            let plan = CasePlan(specification: specification, configuration: configuration, directory: directory, threads: threads,
                                hasConsequences: Self.hasConsequences(specification.vcf))
            try writeProvenance(configuration, case: specification,
                                to: (directory as NSString).appendingPathComponent(CasePlan.FileName.provenance))
            let log = (directory as NSString).appendingPathComponent(CasePlan.FileName.log)
            for stage in plan.stages {
                let command = "criba " + stage.arguments.map(StageProcess.quoted).joined(separator: " ")
                try store.stageStarted(caseId: specification.id, attempt: attempt, name: stage.name, command: command)
                progress.started(caseId: specification.id, stage: stage.name)
                let outcome = try StageProcess.run(executable: settings.executable, arguments: stage.arguments, log: log)
                let ok = outcome.exitCode == 0
                try store.stageFinished(caseId: specification.id, attempt: attempt, name: stage.name, status: ok ? "done" : "failed",
                                        seconds: outcome.seconds, exitCode: Int(outcome.exitCode))
                stagesDone += 1
                progress.finished(caseId: specification.id, stage: stage.name, seconds: outcome.seconds, ok: ok)
                guard ok else {
                    failed("\(stage.name) exited with \(outcome.exitCode): \(outcome.message ?? "see the log")")
                    return
                }
            }
            try store.finish(caseId: specification.id, outputs: Self.outputsRecord(plan), seconds: Date().timeIntervalSince(started))
            lock.withLock { summary.finished.append((specification.id, plan.outputs["report"] ?? "")) }
        } catch {
            failed(error.description)
        }
    }

    /// Writes the case's input files, the data sources of `configuration` (declared versions
    /// and checksums) and the run's command for the report's provenance.
    public func writeProvenance(_ configuration: RunConfiguration, case specification: CaseSpecification, to path: String) throws(WorkflowError) {
        var entries: [[String: String]] = [[
            "name": "criba run configuration", "path": configuration.path, "version": configuration.name ?? "",
            "sha256": try checksum(configuration.path), "command": settings.command,
        ]]
        if let build = configuration.build { entries[0]["build"] = build }
        for (role, file) in specification.inputFiles {
            entries.append(["name": "case input: " + role, "path": file, "version": "", "sha256": try checksum(file)])
        }
        for file in configuration.dataFiles where file.role != "HPO release" {
            entries.append(["name": file.role, "path": file.path, "version": file.version, "sha256": try checksum(file.path)])
        }
        if let hpo = configuration.phenotypeData {
            entries.append(["name": hpo.role, "path": hpo.path, "version": hpo.version, "sha256": "per file below"])
        }
        do {
            try TextOutput.write(Self.json(entries), to: path)
        } catch {
            throw WorkflowError(error.description)
        }
    }

    /// The outputs of a finished plan as stored in the job: paths, and the SHA-256 of the
    /// report and its JSON.
    public static func outputsRecord(_ plan: CasePlan) -> String {
        var outputs = plan.outputs
        for key in ["report", "json"] {
            if let path = plan.outputs[key] { outputs["sha256_" + key] = (try? FileChecksum.sha256(path: path)) ?? "" }
        }
        return json(outputs)
    }

    /// Whether the VCF already carries consequences (CSQ, BCSQ or ANN).
    static func hasConsequences(_ path: String) -> Bool {
        guard let reader = try? VariantReader(path: path) else { return false }
        return ["CSQ", "BCSQ", "ANN"].contains { reader.header.info($0) != nil }
    }

    /// Removes temporary files a killed stage left (`.NAME.criba-PID….tmp…`).
    public static func removeStaleTemporaries(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".criba-") && name.contains(".tmp") {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
