import Foundation
import TOMLKit

/// Reads annotation sources from a TOML config file: one `[[source]]` table per file
/// (vcfanno's `[[annotation]]` is read the same way, so vcfanno configs without Lua
/// or BAM entries run unchanged). Relative paths are resolved against the config
/// file's directory.
///
/// ```toml
/// [[source]]
/// file = "gnomad.genomes.vcf.gz"
/// fields = ["AF", "nhomalt", "grpmax"]
/// names = ["gnomad_AF", "gnomad_nhomalt", "gnomad_grpmax"]
/// ```
/// See docs/sources.md for every key.
public enum SourceConfiguration {
    private static let knownKeys: Set<String> = [
        "file", "kind", "name", "fields", "columns", "names", "ops", "types", "stars", "key", "match",
        "ref_column", "alt_column", "version",
    ]

    /// Top-level keys of a `criba run` configuration: a run config is also a sources
    /// config, and these sections belong to the run (see docs/run.md).
    public static let runKeys: Set<String> = ["name", "build", "reference", "genes", "hpo", "filter", "prioritize"]

    /// Parses the config file at `path`.
    public static func load(path: String) throws(SourceError) -> [SourceDeclaration] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SourceError("\(path): config file not found")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SourceError("\(path): cannot read the config file (not UTF-8 text?)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Parses config text; `path` names it in messages.
    public static func parse(_ text: String, path: String, baseDirectory: String) throws(SourceError) -> [SourceDeclaration] {
        // Refused before the parser underneath sees them (see TOMLTextCheck).
        if let problem = TOMLTextCheck.problem(in: text) { throw SourceError("\(path):\(problem)") }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SourceError("\(path):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw SourceError("\(path): invalid TOML: \(error)")
        }
        if table["postannotation"] != nil {
            throw SourceError("\(path): [[postannotation]] (vcfanno Lua post-processing) is not supported; derive values with `criba filter` expressions instead")
        }
        for key in table.keys where key != "source" && key != "annotation" && !runKeys.contains(key) {
            throw SourceError("\(path): unknown top-level key '\(key)': expected [[source]] tables (or the criba run sections \(runKeys.sorted().joined(separator: ", ")))")
        }
        var entries: [TOMLTable] = []
        for key in ["source", "annotation"] {
            guard let value = table[key] else { continue }
            guard let array = value.array else { throw SourceError("\(path): '\(key)' must be an array of tables: write [[\(key)]]") }
            for item in array {
                guard let entry = item.table else { throw SourceError("\(path): each '\(key)' must be a table: write [[\(key)]]") }
                entries.append(entry)
            }
        }
        guard !entries.isEmpty else { throw SourceError("\(path): no [[source]] entries") }
        var declarations: [SourceDeclaration] = []
        for (offset, entry) in entries.enumerated() {
            declarations.append(try declaration(entry, origin: "\(path): source \(offset + 1)", baseDirectory: baseDirectory))
        }
        return declarations
    }

    private static func declaration(_ entry: TOMLTable, origin: String, baseDirectory: String) throws(SourceError) -> SourceDeclaration {
        for key in entry.keys where !knownKeys.contains(key) {
            let hints = ["op": "ops", "field": "fields", "column": "columns", "type": "types", "source": "file", "path": "file"]
            let hint = hints[key].map { " (did you mean '\($0)'?)" } ?? ""
            throw SourceError("\(origin): unknown key '\(key)'\(hint); known keys: \(knownKeys.sorted().joined(separator: ", "))")
        }
        guard let fileValue = entry["file"] else { throw SourceError("\(origin): missing 'file'") }
        guard let file = fileValue.string, !file.isEmpty else { throw SourceError("\(origin): 'file' must be a non-empty string") }
        let resolved = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
        let origin = "\(origin) (\(file))"
        var kind: SourceKind?
        if let value = entry["kind"] {
            guard let text = value.string, let parsed = SourceKind(rawValue: text) else {
                throw SourceError("\(origin): 'kind' must be one of vcf, bed, table, genes")
            }
            kind = parsed
        }
        let fields = try strings(entry, "fields", origin: origin)
        let names = try strings(entry, "names", origin: origin)
        let types = try strings(entry, "types", origin: origin)
        var columns: [Int] = []
        if let value = entry["columns"] {
            guard let array = value.array else { throw SourceError("\(origin): 'columns' must be an array of column numbers") }
            for item in array {
                guard let number = item.int, number >= 1 else { throw SourceError("\(origin): 'columns' holds 1-based column numbers") }
                columns.append(number)
            }
        }
        var operations: [SourceOperation] = []
        for name in try strings(entry, "ops", origin: origin) {
            if name.hasPrefix("lua:") {
                throw SourceError("\(origin): Lua operations ('\(name)') are not supported: Criba runs no user code; use one of \(SourceOperation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let operation = SourceOperation(configName: name) else {
                throw SourceError("\(origin): unknown op '\(name)'; use one of self, \(SourceOperation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            operations.append(operation)
        }
        var geneKey = GeneKey.symbol
        if let value = entry["match"] {
            guard let text = value.string, let parsed = GeneKey(rawValue: text) else {
                throw SourceError("\(origin): 'match' must be symbol, hgnc or ensembl")
            }
            geneKey = parsed
        }
        var keyColumn: String?
        if let value = entry["key"] {
            if let text = value.string { keyColumn = text } else if let number = value.int { keyColumn = String(number) } else {
                throw SourceError("\(origin): 'key' must be a column name or number")
            }
        }
        return SourceDeclaration(
            file: resolved, kind: kind, name: try string(entry, "name", origin: origin), fields: fields, columns: columns,
            names: names, operations: operations, types: types, starsName: try string(entry, "stars", origin: origin),
            keyColumn: keyColumn, geneKey: geneKey, referenceColumn: try string(entry, "ref_column", origin: origin),
            alternateColumn: try string(entry, "alt_column", origin: origin), origin: origin,
            version: try string(entry, "version", origin: origin))
    }

    private static func strings(_ entry: TOMLTable, _ key: String, origin: String) throws(SourceError) -> [String] {
        guard let value = entry[key] else { return [] }
        guard let array = value.array else { throw SourceError("\(origin): '\(key)' must be an array of strings") }
        var result: [String] = []
        for item in array {
            guard let text = item.string else { throw SourceError("\(origin): '\(key)' must be an array of strings") }
            result.append(text)
        }
        return result
    }

    private static func string(_ entry: TOMLTable, _ key: String, origin: String) throws(SourceError) -> String? {
        guard let value = entry[key] else { return nil }
        guard let text = value.string else { throw SourceError("\(origin): '\(key)' must be a string") }
        return text
    }

    /// Parses a command-line source, `FILE:FIELD[=NAME],…` (fields are INFO tags, table
    /// column names, or column numbers for BED), each copied with `first`.
    ///
    /// ```
    /// --source gnomad.vcf.gz:AF=gnomad_AF,nhomalt=gnomad_nhomalt
    /// --source lowcomplexity.bed.gz:4=lcr
    /// ```
    public static func commandLine(_ text: String) throws(SourceError) -> SourceDeclaration {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw SourceError("--source '\(text)': expected FILE:FIELD[=NAME],…")
        }
        let file = String(text[..<colon])
        var fields: [String] = [], names: [String] = [], columns: [Int] = []
        for item in text[text.index(after: colon)...].split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard let field = parts.first, !field.isEmpty else { throw SourceError("--source '\(text)': empty field name") }
            if let number = Int(field) {
                columns.append(number)
                names.append(parts.count > 1 ? parts[1] : "\((file as NSString).lastPathComponent.split(separator: ".").first ?? "bed")_\(number)")
            } else {
                fields.append(field)
                names.append(parts.count > 1 ? parts[1] : field)
            }
        }
        guard !fields.isEmpty || !columns.isEmpty else { throw SourceError("--source '\(text)': name at least one field after ':'") }
        guard fields.isEmpty || columns.isEmpty else { throw SourceError("--source '\(text)': give field names or column numbers, not both") }
        return SourceDeclaration(file: file, fields: fields, columns: columns, names: names, origin: "--source \(text)")
    }
}
