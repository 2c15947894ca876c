import Foundation
import GRDB

/// Where a case's job stands.
public enum JobStatus: String, Codable, Sendable, DatabaseValueConvertible {
    /// Registered, not started (or to be retried).
    case pending
    /// Started by a run that has not finished it (or was killed: the next run retries it).
    case running
    /// Every stage finished; its outputs are in place.
    case done
    /// A stage failed; `error` says why. The next run retries it.
    case failed
}

/// One case's job in the store: its inputs and their checksums, the config, status, timings,
/// outputs and error.
public struct JobRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table.
    public static let databaseTableName = "job"

    /// The case id (primary key).
    public var caseId: String
    /// Where the case was declared (`batch.tsv line 3`).
    public var origin: String
    /// `rare-disease` or `hereditary-cancer`.
    public var mode: String
    /// Where the job stands.
    public var status: JobStatus
    /// How many times a run started it.
    public var attempts: Int
    /// The inputs as JSON: `[{"role", "path", "sha256", "bytes"}]`.
    public var inputs: String
    /// SHA-256 over the case specification, the input checksums and the config's checksum:
    /// a finished job with the same digest is skipped.
    public var inputDigest: String
    /// The configuration file.
    public var configPath: String
    /// Its SHA-256.
    public var configSha256: String
    /// The case specification as JSON (rerank reads the pedigree and terms from here).
    public var specification: String
    /// The case's output folder.
    public var outputDirectory: String
    /// The stage running or last run.
    public var stage: String?
    /// When the last attempt started.
    public var startedAt: Date?
    /// When the last attempt finished.
    public var finishedAt: Date?
    /// Wall-clock seconds of the last attempt.
    public var seconds: Double?
    /// Outputs as JSON: `{"report": "…", …}` with their SHA-256 under `sha256`.
    public var outputs: String?
    /// The error of a failed attempt (its first line).
    public var error: String?
    /// The process that runs (or ran) the job.
    public var pid: Int?
    /// Last change.
    public var updatedAt: Date
}

/// One stage of one attempt of a job.
public struct StageRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table.
    public static let databaseTableName = "stage"

    /// The case.
    public var caseId: String
    /// The attempt (1-based).
    public var attempt: Int
    /// `annotate`, `filter`, `prioritize`, `report`.
    public var name: String
    /// `running`, `done`, `failed`, `skipped`.
    public var status: String
    /// The command line run.
    public var command: String
    /// Start.
    public var startedAt: Date
    /// Wall-clock seconds.
    public var seconds: Double?
    /// The process exit code.
    public var exitCode: Int?
}

/// One re-ranking of a finished case with new phenotype terms.
public struct RerankRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    /// The table.
    public static let databaseTableName = "rerank"

    /// Row id.
    public var id: Int64?
    /// The case.
    public var caseId: String
    /// When.
    public var at: Date
    /// Observed terms used.
    public var observed: String
    /// Excluded terms used.
    public var excluded: String
    /// `done` or `failed`.
    public var status: String
    /// Wall-clock seconds.
    public var seconds: Double
    /// Where the previous outputs were kept.
    public var previousOutputs: String?
    /// The error, when it failed.
    public var error: String?

    /// Creates a record (the id is assigned on insertion).
    public init(id: Int64? = nil, caseId: String, at: Date, observed: String, excluded: String, status: String, seconds: Double,
                previousOutputs: String?, error: String?) {
        self.id = id; self.caseId = caseId; self.at = at; self.observed = observed; self.excluded = excluded
        self.status = status; self.seconds = seconds; self.previousOutputs = previousOutputs; self.error = error
    }

    /// Takes the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
