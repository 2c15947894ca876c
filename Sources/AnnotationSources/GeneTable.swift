import Foundation
import VariantIO

/// A table keyed by gene (constraint such as pLI/LOEUF, panels, inheritance), loaded
/// whole (tens of thousands of rows) and joined to each CSQ entry's gene: its values
/// become new CSQ columns, so `CSQ.LOEUF < 0.35` works in `criba filter`.
public struct GeneTable: Sendable {
    /// The declaration.
    public let declaration: SourceDeclaration
    /// The new CSQ column names.
    public let columnNames: [String]
    /// Key (symbol, `HGNC:n`, or Ensembl ID without version) to values, one per column,
    /// already escaped for a CSQ field.
    let rows: [String: [[UInt8]]]
    /// The provenance line.
    public let provenanceLine: String

    /// Reads the table (plain or gzipped TSV; a header line names columns, `#` optional).
    public init(_ declaration: SourceDeclaration) throws(SourceError) {
        self.declaration = declaration
        let origin = declaration.origin
        var header: [String]?
        var keyIndex = -1
        var valueIndexes: [Int] = []
        var rows: [String: [String]] = [:]
        var problem: SourceError?
        let hasNamedFields = !declaration.fields.isEmpty || !(declaration.keyColumn.map { Int($0) != nil } ?? true)
        do {
            try TextLineReader.forEachLine(path: declaration.file) { bytes, number in
                guard problem == nil, !bytes.isEmpty else { return }
                let line = String(decoding: bytes, as: UTF8.self)
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if header == nil && (hasNamedFields || line.hasPrefix("#")) {
                    var names = columns
                    if let first = names.first { names[0] = String(first.drop { $0 == "#" }) }
                    header = names
                    let resolved = GeneTable.resolveColumns(names, declaration: declaration)
                    switch resolved {
                    case .failure(let error): problem = SourceError("\(origin): \(error.message)")
                    case .success(let (key, values)): keyIndex = key; valueIndexes = values
                    }
                    return
                }
                if header == nil {
                    header = []
                    switch GeneTable.resolveColumns([], declaration: declaration) {
                    case .failure(let error): problem = SourceError("\(origin): \(error.message)"); return
                    case .success(let (key, values)): keyIndex = key; valueIndexes = values
                    }
                }
                guard keyIndex < columns.count, let last = valueIndexes.max(), last < columns.count else {
                    problem = SourceError("\(origin): line \(number) has \(columns.count) columns, fewer than the table needs")
                    return
                }
                let key = GeneTable.normalisedKey(columns[keyIndex], declaration.geneKey)
                guard !key.isEmpty, rows[key] == nil else { return }
                rows[key] = valueIndexes.map { columns[$0].isEmpty ? "" : columns[$0] }
            }
        } catch let error as VariantIOError {
            throw SourceError("\(origin): \(error.description)")
        } catch {
            throw SourceError("\(origin): \(error)")
        }
        if let problem { throw problem }
        guard !rows.isEmpty else { throw SourceError("\(origin): the gene table has no rows") }
        self.rows = rows.mapValues { $0.map { Array(CSQGeneColumns.escaped($0).utf8) } }
        let count = max(declaration.fields.count, declaration.columns.count)
        if !declaration.names.isEmpty && declaration.names.count != count {
            throw SourceError("\(origin): 'names' has \(declaration.names.count) entries but there are \(count) fields")
        }
        let defaults = declaration.fields.isEmpty ? declaration.columns.map { "column\($0)" } : declaration.fields
        columnNames = declaration.names.isEmpty ? defaults : declaration.names
        let attributes = (try? FileManager.default.attributesOfItem(atPath: declaration.file)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let checksum = (try? FileChecksum.md5(path: declaration.file)) ?? "NA"
        provenanceLine = "##criba_source=<ID=\(declaration.displayName),File=\"\(declaration.file)\",Rows=\(rows.count),Size=\(size),MD5=\(checksum)>"
    }

    private struct ColumnProblem: Error { var message: String }

    private static func resolveColumns(_ names: [String], declaration: SourceDeclaration) -> Result<(Int, [Int]), ColumnProblem> {
        func index(_ name: String) -> Int? {
            if let number = Int(name) { return number - 1 }
            return names.firstIndex { $0.lowercased() == name.lowercased() }
        }
        let keyName = declaration.keyColumn ?? (declaration.geneKey == .symbol ? "gene" : declaration.geneKey == .hgnc ? "hgnc_id" : "gene_id")
        let candidates = [keyName] + (declaration.keyColumn == nil ? ["symbol", "gene_name", "gene_symbol"] : [])
        guard let key = candidates.lazy.compactMap(index).first, key >= 0 else {
            return .failure(ColumnProblem(message: "no key column '\(keyName)' (set key = \"<column name or number>\"); columns: \(names.prefix(12).joined(separator: ", "))"))
        }
        var values: [Int] = []
        for field in declaration.fields {
            guard let column = index(field) else {
                return .failure(ColumnProblem(message: "no column named '\(field)'; columns: \(names.prefix(12).joined(separator: ", "))"))
            }
            values.append(column)
        }
        values += declaration.columns.map { $0 - 1 }
        guard !values.isEmpty else { return .failure(ColumnProblem(message: "name the columns to attach with 'fields' or 'columns'")) }
        return .success((key, values))
    }

    /// The key as stored: Ensembl IDs lose their version, HGNC IDs keep the `HGNC:` prefix.
    static func normalisedKey<Text: StringProtocol>(_ text: Text, _ kind: GeneKey) -> String {
        switch kind {
        case .symbol: return String(text)
        case .ensembl: return String(text.split(separator: ".").first ?? "")
        case .hgnc: return text.hasPrefix("HGNC:") ? String(text) : text.isEmpty ? "" : "HGNC:" + text
        }
    }

    /// The values for a key given as CSQ bytes (a `String` of 15 bytes or fewer is stored
    /// inline, so gene symbols and Ensembl/HGNC IDs cost no allocation).
    func values(for key: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
        guard !key.isEmpty else { return nil }
        switch declaration.geneKey {
        case .symbol:
            return rows[String(decoding: key, as: UTF8.self)]
        case .ensembl:
            let end = key.firstIndex(of: UInt8(ascii: ".")) ?? key.count
            return rows[String(decoding: UnsafeBufferPointer(rebasing: key[0..<end]), as: UTF8.self)]
        case .hgnc:
            let text = String(decoding: key, as: UTF8.self)
            return rows[text.hasPrefix("HGNC:") ? text : "HGNC:" + text]
        }
    }
}

/// Appends gene-table columns to every entry of a VEP-layout `INFO/CSQ`.
public struct CSQGeneColumns: Sendable {
    /// The tables, in order.
    public let tables: [GeneTable]
    /// The existing CSQ columns.
    public let existingColumns: [String]
    /// The CSQ header line with the new columns.
    public let headerLine: String
    private let keyColumns: [Int]

    /// Checks each table's key column exists in the CSQ layout.
    public init(tables: [GeneTable], csqHeaderLine: String, csqColumns: [String]) throws(SourceError) {
        self.tables = tables
        existingColumns = csqColumns
        var keys: [Int] = []
        for table in tables {
            let column = table.declaration.geneKey.csqColumn
            guard let index = csqColumns.firstIndex(of: column) else {
                throw SourceError("\(table.declaration.origin): INFO/CSQ has no \(column) column to match the gene table against (match = \"\(table.declaration.geneKey.rawValue)\")")
            }
            keys.append(index)
        }
        keyColumns = keys
        let added = tables.flatMap(\.columnNames)
        for name in added where csqColumns.contains(name) {
            throw SourceError("CSQ already has a column named \(name): choose another name for the gene-table column")
        }
        let all = csqColumns + added
        guard let formatRange = csqHeaderLine.range(of: "Format: ") else {
            throw SourceError("the INFO/CSQ header line has no 'Format: ' list of columns")
        }
        let afterFormat = csqHeaderLine[formatRange.upperBound...]
        let end = afterFormat.firstIndex(of: "\"") ?? afterFormat.endIndex
        headerLine = String(csqHeaderLine[..<formatRange.upperBound]) + all.joined(separator: "|") + String(afterFormat[end...])
    }

    /// Writes `csq` with the table values appended to each entry (`|`-separated, empty when
    /// the gene is absent) into `output`, NUL-terminated.
    public func extend(_ csq: UnsafeBufferPointer<UInt8>, into output: inout [CChar]) {
        output.removeAll(keepingCapacity: true)
        var entryStart = 0
        for cursor in 0...csq.count where cursor == csq.count || csq[cursor] == UInt8(ascii: ",") {
            let entry = UnsafeBufferPointer(rebasing: csq[entryStart..<cursor])
            if entryStart > 0 { output.append(CChar(UInt8(ascii: ","))) }
            for byte in entry { output.append(CChar(bitPattern: byte)) }
            entryStart = cursor + 1
            for (table, keyColumn) in zip(tables, keyColumns) {
                let values = SourceAnnotator.item(entry, keyColumn, separator: UInt8(ascii: "|")).flatMap { table.values(for: $0) }
                for index in 0..<table.columnNames.count {
                    output.append(CChar(UInt8(ascii: "|")))
                    if let value = values?[index] { for byte in value { output.append(CChar(bitPattern: byte)) } }
                }
            }
        }
        output.append(0)
    }

    static func escaped(_ value: String) -> String {
        guard value.contains(where: { ",|;= ".contains($0) }) else { return value }
        return String(value.map { ",|;= ".contains($0) ? ($0 == "," ? "&" : "_") : $0 })
    }
}
