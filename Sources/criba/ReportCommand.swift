import ArgumentParser
import Foundation
import Prioritization
import Reporting
import VariantIO

/// `criba report`: the diagnostic report of a prioritised case, from its JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a case's JSON (criba prioritize --json) as a self-contained HTML report and a variant TSV.",
        discussion: """
        The JSON is the source of truth (docs/schema/criba-report.schema.json); the HTML is one
        file with inline CSS and SVG, no script and no network access, ready to print to PDF.

        Examples:
          criba report ranked.json -o case.html
          criba report ranked.json -o case.html --tsv case.variants.tsv --genes 100
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "The case's JSON from criba prioritize --json.")
    var json: String

    @Option(name: .shortAndLong, help: "The HTML report.")
    var output: String

    @Option(name: .long, help: "Also write the ranked variants as TSV, one line each.")
    var tsv: String?

    @Option(name: .long, help: "Ranked genes shown as candidates (the JSON keeps all).")
    var genes: Int = 50

    func run() throws {
        try reportingFailures(of: "report") {
            let document = try ReportWriter.load(json)
            try ReportWriter.write(document, html: output, tsv: tsv, genes: genes,
                                   command: (["criba"] + commandLineArguments).joined(separator: " "))
        }
    }
}

/// Shared by `criba report` and `criba prioritize --report`.
enum ReportWriter {
    /// Reads and checks a prioritisation JSON.
    static func load(_ path: String) throws -> PrioritizationReport.Document {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageFailure(message: "\(path): cannot read the case JSON")
        }
        let document: PrioritizationReport.Document
        do {
            document = try JSONDecoder().decode(PrioritizationReport.Document.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            let place = context.codingPath.isEmpty ? "at the top level" : "in " + context.codingPath.map(\.stringValue).joined(separator: ".")
            throw UsageFailure(message: "\(path): not a criba prioritize JSON: no '\(key.stringValue)' \(place)")
        } catch DecodingError.dataCorrupted(let context) {
            throw UsageFailure(message: "\(path): not valid JSON (\(context.debugDescription))")
        } catch {
            throw UsageFailure(message: "\(path): not a criba prioritize JSON: \(error)")
        }
        let major = document.schemaVersion.split(separator: ".").first
        guard major == PrioritizationReport.schemaVersion.split(separator: ".").first else {
            throw UsageFailure(message: "\(path): schema version \(document.schemaVersion) is not readable by this Criba (\(PrioritizationReport.schemaVersion))")
        }
        return document
    }

    /// Writes the HTML (and TSV), each to a temporary name renamed on success.
    static func write(_ document: PrioritizationReport.Document, html: String, tsv: String?, genes: Int, command: String) throws {
        var limits = HTMLReport.Limits()
        limits.genes = max(1, genes)
        let page = try HTMLReport().render(document, reportCommand: command, limits: limits)
        try TextOutput.write(page, to: html)
        if let tsv { try TextOutput.write(VariantTable.tsv(document), to: tsv) }
    }
}
