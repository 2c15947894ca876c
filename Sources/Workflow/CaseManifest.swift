import Foundation
import Yams

/// A batch of cases: a TSV with a header line, or YAML (a list of cases, or `cases:` with
/// one). Columns / keys: `id`, `vcf` (required), `ped`, `proband`, `phenopacket`, `hpo`,
/// `excluded_hpo` (comma-separated or YAML lists), `mode`, `regions`, `config`. Relative
/// paths are resolved against the manifest's directory; every case remembers its line.
public enum CaseManifest {
    /// Known column names.
    public static let columns = ["id", "vcf", "ped", "proband", "phenopacket", "hpo", "excluded_hpo", "mode", "regions", "config"]

    /// Reads the manifest at `path` (YAML when it ends in .yaml/.yml, else TSV).
    public static func load(path: String) throws(WorkflowError) -> [CaseSpecification] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WorkflowError("\(path): manifest not found")
        }
        guard !isDirectory.boolValue else { throw WorkflowError("\(path): is a directory, not a manifest") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WorkflowError("\(path): cannot read the manifest (not UTF-8 text?)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let base = directory.isEmpty ? "." : directory
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { return try parseYAML(text, path: path, baseDirectory: base) }
        return try parseTSV(text, path: path, baseDirectory: base)
    }

    /// Parses TSV text.
    public static func parseTSV(_ text: String, path: String, baseDirectory: String) throws(WorkflowError) -> [CaseSpecification] {
        var header: [String]?
        var cases: [CaseSpecification] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let number = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("##") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                let names = cells.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
                for name in names where !columns.contains(name) {
                    throw WorkflowError("\(path): line \(number): unknown column '\(name)'; known: \(columns.joined(separator: ", "))")
                }
                guard names.contains("vcf") else { throw WorkflowError("\(path): line \(number): the header must name the column 'vcf'") }
                header = names
                continue
            }
            guard cells.count <= names.count else {
                throw WorkflowError("\(path): line \(number): \(cells.count) columns but the header names \(names.count)")
            }
            var values: [String: String] = [:]
            for (name, cell) in zip(names, cells) where !cell.isEmpty && cell != "." { values[name] = cell }
            cases.append(try specification(values, lists: [:], origin: "\(path) line \(number)", baseDirectory: baseDirectory,
                                           index: cases.count))
        }
        guard header != nil else { throw WorkflowError("\(path): empty manifest (no header line)") }
        guard !cases.isEmpty else { throw WorkflowError("\(path): the manifest has no cases") }
        return cases
    }

    /// Parses YAML text.
    public static func parseYAML(_ text: String, path: String, baseDirectory: String) throws(WorkflowError) -> [CaseSpecification] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw WorkflowError("\(path): invalid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        } catch {
            throw WorkflowError("\(path): invalid YAML: \(error)")
        }
        guard let root else { throw WorkflowError("\(path): the manifest has no cases") }
        var list: Node.Sequence
        if let sequence = root.sequence {
            list = sequence
        } else if let mapping = root.mapping, let cases = mapping["cases"]?.sequence {
            list = cases
        } else {
            throw WorkflowError("\(path): line \(root.mark.map { $0.line } ?? 1): expected a list of cases (or 'cases:' with one)")
        }
        var cases: [CaseSpecification] = []
        for item in list {
            let line = item.mark?.line ?? 0
            let origin = "\(path) line \(line)"
            guard let mapping = item.mapping else { throw WorkflowError("\(origin): a case must be a mapping (id: …, vcf: …)") }
            var values: [String: String] = [:]
            var lists: [String: [String]] = [:]
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else { continue }
                guard columns.contains(key) else {
                    throw WorkflowError("\(path) line \(keyNode.mark?.line ?? line): unknown key '\(key)'; known: \(columns.joined(separator: ", "))")
                }
                if let sequence = valueNode.sequence {
                    lists[key] = sequence.compactMap(\.string)
                } else if let scalar = valueNode.scalar?.string, !scalar.isEmpty {
                    values[key] = scalar
                }
            }
            cases.append(try specification(values, lists: lists, origin: origin, baseDirectory: baseDirectory, index: cases.count))
        }
        guard !cases.isEmpty else { throw WorkflowError("\(path): the manifest has no cases") }
        return cases
    }

    private static func specification(_ values: [String: String], lists: [String: [String]], origin: String, baseDirectory: String,
                                      index: Int) throws(WorkflowError) -> CaseSpecification {
        func path(_ key: String) -> String? {
            guard let value = values[key] else { return nil }
            return value.hasPrefix("/") || value == "-" ? value : (baseDirectory as NSString).appendingPathComponent(value)
        }
        func terms(_ key: String) -> [String] {
            if let list = lists[key] { return list }
            return (values[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let vcf = path("vcf") else { throw WorkflowError("\(origin): no vcf") }
        let id = values["id"] ?? (((vcf as NSString).lastPathComponent as NSString).deletingPathExtension as NSString)
            .deletingPathExtension.replacingOccurrences(of: ".vcf", with: "")
        return CaseSpecification(id: id, vcf: vcf, ped: path("ped"), proband: values["proband"], phenopacket: path("phenopacket"),
                                 observed: terms("hpo"), excluded: terms("excluded_hpo"), mode: values["mode"] ?? "rare-disease",
                                 regions: values["regions"], config: path("config"), origin: origin)
    }
}
