import Foundation
import VariantIO

/// What a regression run is compared on, per case, as readable text: an annotation digest
/// (records, consequence terms, INFO fields filled, SHA-256 of every record line), the
/// ranked genes and the classification counts. A golden is this text from a reviewed run;
/// `LineDiff` shows what changed.
public enum RegressionDigest {
    /// Genes listed from the ranking.
    public static let rankedGenes = 20

    /// The digest of one case: `vcfPath` is the annotated calls as VCF text, `caseJSON` the
    /// case's JSON.
    public static func digest(caseId: String, vcfPath: String, caseJSON: String) throws(WorkflowError) -> String {
        var lines = ["# criba regression digest: \(caseId)"]
        lines += try annotation(vcfPath: vcfPath)
        lines += try results(caseJSON: caseJSON)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Records, consequence-term counts (CSQ, BCSQ or ANN), records per INFO field and the
    /// SHA-256 of the record lines.
    static func annotation(vcfPath path: String) throws(WorkflowError) -> [String] {
        var records = 0
        var terms: [String: Int] = [:]
        var fields: [String: Int] = [:]
        var consequenceColumn: [String: Int] = ["BCSQ": 0, "ANN": 1]
        var body = ""
        do {
            try TextLineReader.forEachLine(path: path) { bytes, _ in
                let line = String(decoding: bytes, as: UTF8.self)
                if line.hasPrefix("##INFO=<ID=CSQ,"), let range = line.range(of: "Format: ") {
                    let format = line[range.upperBound...].prefix { $0 != "\"" }.split(separator: "|")
                    consequenceColumn["CSQ"] = format.firstIndex(of: "Consequence")
                }
                guard !line.hasPrefix("#") else { return }
                records += 1
                body += line
                body += "\n"
                let columns = line.split(separator: "\t", maxSplits: 8, omittingEmptySubsequences: false)
                guard columns.count > 7, columns[7] != "." else { return }
                for entry in columns[7].split(separator: ";") {
                    let parts = entry.split(separator: "=", maxSplits: 1)
                    let key = String(parts[0])
                    fields[key, default: 0] += 1
                    guard parts.count == 2, let column = consequenceColumn[key] else { continue }
                    for annotation in parts[1].split(separator: ",") {
                        let cells = annotation.split(separator: "|", omittingEmptySubsequences: false)
                        guard column < cells.count else { continue }
                        for term in cells[column].split(separator: "&") where !term.isEmpty {
                            terms[key + " " + term.trimmingCharacters(in: CharacterSet(charactersIn: "*@")), default: 0] += 1
                        }
                    }
                }
            }
        } catch {
            throw WorkflowError("\(path): \(error)")
        }
        var lines = ["## annotation", "records\t\(records)"]
        lines += terms.sorted { $0.key < $1.key }.map { "term\t\($0.key)\t\($0.value)" }
        lines += fields.sorted { $0.key < $1.key }.map { "info\t\($0.key)\t\($0.value)" }
        lines.append("sha256\t\(FileChecksum.sha256(text: body))")
        return lines
    }

    /// The ranked genes and the classification counts from the case JSON.
    static func results(caseJSON: String) throws(WorkflowError) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(caseJSON.utf8)), let document = object as? [String: Any] else {
            throw WorkflowError("the case JSON does not parse")
        }
        var lines = ["## ranked", "candidates\t\(document["candidates"] ?? 0)"]
        var classes: [String: Int] = [:]
        let genes = document["genes"] as? [[String: Any]] ?? []
        lines.append("genes\t\(genes.count)")
        for gene in genes {
            for variant in gene["variants"] as? [[String: Any]] ?? [] {
                classes["rare-disease " + (variant["acmgClass"] as? String ?? "?"), default: 0] += 1
            }
        }
        for gene in genes.prefix(rankedGenes) {
            let variants = gene["variants"] as? [[String: Any]] ?? []
            let best = variants.first.map { variant in
                "\(variant["contig"] ?? ""):\(variant["position"] ?? ""):\(variant["reference"] ?? ""):\(variant["alternate"] ?? "") \(variant["acmgClass"] ?? "")"
            } ?? ""
            let score = (gene["score"] as? Double).map { String(format: "%.3f", $0) } ?? ""
            lines.append("rank\t\(gene["rank"] ?? "")\t\(gene["gene"] ?? "")\t\(score)\t\(gene["mode"] ?? "")\t\(best)")
        }
        if let panel = document["panel"] as? [String: Any] {
            for variant in panel["variants"] as? [[String: Any]] ?? [] {
                classes["panel " + (variant["finalClass"] as? String ?? "?"), default: 0] += 1
            }
            lines.append("panel\tassessed\t\(panel["variantsAssessed"] ?? 0)\tconflicts\t\(panel["conflicts"] ?? 0)")
        }
        if let findings = document["secondaryFindings"] as? [String: Any] {
            let listed = (findings["findings"] as? [Any])?.count ?? 0
            lines.append("secondary findings\tv\(findings["version"] ?? "")\tassessed \(findings["variantsAssessed"] ?? 0)\treported \(listed)\twithheld \(findings["withheldMonoallelicRecessive"] ?? 0)")
        }
        lines.append("## classes")
        lines += classes.sorted { $0.key < $1.key }.map { "class\t\($0.key)\t\($0.value)" }
        return lines
    }
}

/// A line diff (longest common subsequence) printed as `-` golden and `+` new lines with a
/// line of context, for goldens of a few hundred lines.
public enum LineDiff {
    /// The differences between `old` and `new`; empty when they are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a != b else { return "" }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [(Character, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append((" ", a[i])); i += 1; j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                edits.append(("+", b[j])); j += 1
            } else {
                edits.append(("-", a[i])); i += 1
            }
        }
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        for (index, edit) in edits.enumerated() {
            let near = edits[max(0, index - 1)...min(edits.count - 1, index + 1)].contains { $0.0 != " " }
            if edit.0 != " " || near { lines.append("\(edit.0) \(edit.1)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
