import ArgumentParser
import Foundation
import Workflow

/// `criba jobs`: the jobs of a run output folder and their state.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the jobs of a criba run output folder: status, attempts, stage, time, report or error.",
        helpNames: [.long, .customShort("h")]
    )

    @Option(name: [.short, .customLong("output")], help: "The run's output folder.")
    var output: String = "criba-output"

    @Option(name: .long, help: "The job store (default: criba-jobs.sqlite in the output folder).")
    var store: String?

    @Flag(name: .long, help: "Print JSON (one object per job, with its stages).")
    var json = false

    func run() throws {
        try reportingFailures(of: "jobs") {
            let jobStore = try store.map { try JobStore(path: $0) } ?? JobStore.existing(in: output)
            let jobs = try jobStore.jobs()
            if json {
                var rows: [[String: String]] = []
                for job in jobs {
                    let stages = try jobStore.stages(caseId: job.caseId, attempt: job.attempts)
                    rows.append([
                        "case": job.caseId, "status": job.status.rawValue, "attempts": String(job.attempts), "mode": job.mode,
                        "origin": job.origin, "stage": job.stage ?? "", "seconds": job.seconds.map { String(format: "%.2f", $0) } ?? "",
                        "error": job.error ?? "", "outputs": job.outputs ?? "",
                        "stages": stages.map { "\($0.name):\($0.status):\(String(format: "%.2f", $0.seconds ?? 0))" }.joined(separator: ","),
                        "reranks": String(try jobStore.reranks(caseId: job.caseId).count),
                    ])
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            print(["case", "status", "attempts", "mode", "stage", "seconds", "report_or_error"].joined(separator: "\t"))
            for job in jobs {
                var detail = job.error ?? ""
                if job.status == .done, let outputs = job.outputs, let data = outputs.data(using: .utf8),
                   let map = try? JSONDecoder().decode([String: String].self, from: data) {
                    detail = map["report"] ?? ""
                }
                let seconds = job.seconds.map { String(format: "%.1f", $0) } ?? ""
                print([job.caseId, job.status.rawValue, String(job.attempts), job.mode, job.stage ?? "", seconds, detail].joined(separator: "\t"))
            }
        }
    }
}
