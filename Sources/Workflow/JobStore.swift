import Foundation
import GRDB

/// The embedded job store: a SQLite database (`criba-jobs.sqlite` in the output folder)
/// with one row per case, one per stage attempt and one per re-ranking. SQLite's atomic
/// commits keep it consistent through a `kill -9`; a job left `running` by a dead run is
/// retried by the next.
public final class JobStore: Sendable {
    /// The database file name inside an output folder.
    public static let fileName = "criba-jobs.sqlite"

    /// The database file.
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating and migrating) the store at `path`.
    public init(path: String) throws(WorkflowError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw WorkflowError("\(path): cannot open the job store: \(error)")
        }
    }

    /// Opens an existing store (for `criba jobs` and `criba rerank`).
    public static func existing(in directory: String) throws(WorkflowError) -> JobStore {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkflowError("\(directory): no job store (\(fileName)): not a criba run output folder")
        }
        return try JobStore(path: path)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "job") { table in
                table.primaryKey("caseId", .text)
                table.column("origin", .text).notNull()
                table.column("mode", .text).notNull()
                table.column("status", .text).notNull()
                table.column("attempts", .integer).notNull()
                table.column("inputs", .text).notNull()
                table.column("inputDigest", .text).notNull()
                table.column("configPath", .text).notNull()
                table.column("configSha256", .text).notNull()
                table.column("specification", .text).notNull()
                table.column("outputDirectory", .text).notNull()
                table.column("stage", .text)
                table.column("startedAt", .datetime)
                table.column("finishedAt", .datetime)
                table.column("seconds", .double)
                table.column("outputs", .text)
                table.column("error", .text)
                table.column("pid", .integer)
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "stage") { table in
                table.column("caseId", .text).notNull().references("job", onDelete: .cascade)
                table.column("attempt", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("status", .text).notNull()
                table.column("command", .text).notNull()
                table.column("startedAt", .datetime).notNull()
                table.column("seconds", .double)
                table.column("exitCode", .integer)
                table.primaryKey(["caseId", "attempt", "name"])
            }
            try db.create(table: "rerank") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseId", .text).notNull().references("job", onDelete: .cascade)
                table.column("at", .datetime).notNull()
                table.column("observed", .text).notNull()
                table.column("excluded", .text).notNull()
                table.column("status", .text).notNull()
                table.column("seconds", .double).notNull()
                table.column("previousOutputs", .text)
                table.column("error", .text)
            }
        }
        return migrator
    }

    /// What a run should do with a case.
    public enum Decision: Sendable, Equatable {
        /// New, failed, interrupted or changed: run it (the reason, for the log).
        case run(reason: String)
        /// Finished with the same inputs and config.
        case skip
    }

    /// Registers `job` (a fresh record built from the manifest) and decides whether to run it.
    public func register(_ job: JobRecord) throws(WorkflowError) -> Decision {
        try write { db in
            guard var existing = try JobRecord.fetchOne(db, key: job.caseId) else {
                try job.insert(db)
                return .run(reason: "new")
            }
            let reason: String
            switch existing.status {
            case .done where existing.inputDigest == job.inputDigest:
                return .skip
            case .done: reason = "inputs or config changed since it finished"
            case .failed: reason = "retrying after: \(existing.error ?? "a failure")"
            case .running: reason = "resuming: the run that started it (pid \(existing.pid.map(String.init) ?? "?")) stopped"
            case .pending: reason = "pending"
            }
            existing.origin = job.origin
            existing.mode = job.mode
            existing.inputs = job.inputs
            existing.inputDigest = job.inputDigest
            existing.configPath = job.configPath
            existing.configSha256 = job.configSha256
            existing.specification = job.specification
            existing.outputDirectory = job.outputDirectory
            existing.status = .pending
            existing.error = nil
            existing.updatedAt = Date()
            try existing.update(db)
            return .run(reason: reason)
        }
    }

    /// Marks a job started by this process; returns the attempt number.
    public func start(caseId: String) throws(WorkflowError) -> Int {
        try write { db in
            guard var job = try JobRecord.fetchOne(db, key: caseId) else { throw WorkflowError("job store: no case '\(caseId)'") }
            job.status = .running
            job.attempts += 1
            job.startedAt = Date()
            job.finishedAt = nil
            job.seconds = nil
            job.error = nil
            job.stage = nil
            job.pid = Int(getpid())
            job.updatedAt = Date()
            try job.update(db)
            return job.attempts
        }
    }

    /// Records a stage's start.
    public func stageStarted(caseId: String, attempt: Int, name: String, command: String) throws(WorkflowError) {
        try write { db in
            try StageRecord(caseId: caseId, attempt: attempt, name: name, status: "running", command: command, startedAt: Date(),
                            seconds: nil, exitCode: nil).save(db)
            try db.execute(sql: "UPDATE job SET stage = ?, updatedAt = ? WHERE caseId = ?", arguments: [name, Date(), caseId])
        }
    }

    /// Records a stage's end.
    public func stageFinished(caseId: String, attempt: Int, name: String, status: String, seconds: Double, exitCode: Int?) throws(WorkflowError) {
        try write { db in
            try db.execute(sql: "UPDATE stage SET status = ?, seconds = ?, exitCode = ? WHERE caseId = ? AND attempt = ? AND name = ?",
                           arguments: [status, seconds, exitCode, caseId, attempt, name])
        }
    }

    /// Marks a job finished with its outputs.
    public func finish(caseId: String, outputs: String, seconds: Double) throws(WorkflowError) {
        try write { db in
            try db.execute(sql: "UPDATE job SET status = ?, outputs = ?, seconds = ?, finishedAt = ?, updatedAt = ?, stage = NULL WHERE caseId = ?",
                           arguments: [JobStatus.done, outputs, seconds, Date(), Date(), caseId])
        }
    }

    /// Marks a job failed.
    public func fail(caseId: String, error: String, seconds: Double) throws(WorkflowError) {
        try write { db in
            try db.execute(sql: "UPDATE job SET status = ?, error = ?, seconds = ?, finishedAt = ?, updatedAt = ? WHERE caseId = ?",
                           arguments: [JobStatus.failed, error, seconds, Date(), Date(), caseId])
        }
    }

    /// Every job, in registration order.
    public func jobs() throws(WorkflowError) -> [JobRecord] {
        try read { db in try JobRecord.fetchAll(db, sql: "SELECT * FROM job ORDER BY rowid") }
    }

    /// One job.
    public func job(_ caseId: String) throws(WorkflowError) -> JobRecord? {
        try read { db in try JobRecord.fetchOne(db, key: caseId) }
    }

    /// The stages of a job's attempt, in order.
    public func stages(caseId: String, attempt: Int) throws(WorkflowError) -> [StageRecord] {
        try read { db in
            try StageRecord.fetchAll(db, sql: "SELECT * FROM stage WHERE caseId = ? AND attempt = ? ORDER BY startedAt", arguments: [caseId, attempt])
        }
    }

    /// Records a re-ranking and, when it succeeded, the job's new outputs.
    public func recordRerank(_ rerank: RerankRecord, outputs: String?) throws(WorkflowError) {
        try write { db in
            var row = rerank
            try row.insert(db)
            if let outputs {
                try db.execute(sql: "UPDATE job SET outputs = ?, updatedAt = ? WHERE caseId = ?", arguments: [outputs, Date(), rerank.caseId])
            }
        }
    }

    /// The re-rankings of a case, oldest first.
    public func reranks(caseId: String) throws(WorkflowError) -> [RerankRecord] {
        try read { db in try RerankRecord.fetchAll(db, sql: "SELECT * FROM rerank WHERE caseId = ? ORDER BY id", arguments: [caseId]) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(WorkflowError) -> T {
        do {
            return try queue.write(body)
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError("\(path): job store write failed: \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(WorkflowError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw WorkflowError("\(path): job store read failed: \(error)")
        }
    }
}
