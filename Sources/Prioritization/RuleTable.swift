import Foundation
import VariantIO

/// A versioned table of `kind  name  value  [meaning]` rows (the bundled
/// `acmg_rules.tsv` and `ranking.tsv`, or a file given on the command line).
public struct RuleTable: Sendable {
    /// The version stated in the first comment line (`version 2026.1`).
    public let version: String
    /// Where the table came from (a path, or `bundled:NAME`).
    public let source: String
    /// The MD5 of the table's text.
    public let checksum: String
    private let rows: [String: [String: String]]

    /// Parses table text; `source` names it in errors.
    public init(text: String, source: String) throws(PrioritizationError) {
        var rows: [String: [String: String]] = [:]
        var version = "unversioned"
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") {
                if offset == 0, let range = line.range(of: "version ") {
                    version = String(line[range.upperBound...].prefix { $0 != " " })
                }
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3 else {
                throw PrioritizationError("\(source): line \(offset + 1): expected kind, name and value separated by tabs")
            }
            rows[String(columns[0]), default: [:]][String(columns[1])] = String(columns[2])
        }
        self.version = version
        self.source = source
        self.rows = rows
        checksum = FileChecksum.md5(text: text)
    }

    /// Reads a table from a file.
    public init(path: String) throws(PrioritizationError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PrioritizationError("\(path): cannot read the rule table")
        }
        try self.init(text: text, source: path)
    }

    /// A table bundled with Criba (`Resources/NAME.tsv`).
    public static func bundled(_ name: String) -> RuleTable {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("the bundled resource \(name).tsv is missing from the build")
        }
        do { return try RuleTable(text: text, source: "bundled:\(name).tsv") } catch { fatalError("\(error)") }
    }

    /// Every row of one kind, by name.
    public func rows(_ kind: String) -> [String: String] { rows[kind] ?? [:] }

    /// A numeric value that must be present.
    public func number(_ kind: String, _ name: String) throws(PrioritizationError) -> Double {
        guard let text = rows[kind]?[name] else { throw PrioritizationError("\(source): no '\(kind)\t\(name)' row") }
        guard let value = Double(text) else { throw PrioritizationError("\(source): '\(kind)\t\(name)' is not a number: '\(text)'") }
        return value
    }
}

/// A problem with prioritisation input: a rule table, a case, or the variants.
public struct PrioritizationError: Error, Sendable, CustomStringConvertible {
    /// One line naming the file and the problem.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
