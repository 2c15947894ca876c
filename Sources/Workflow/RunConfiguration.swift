import AnnotationSources
import Foundation
import TOMLKit

/// The one configuration file of `criba run`: the genome build, the data sources with their
/// declared versions (reference, gene model, HPO release, `[[source]]` annotation files) and
/// the settings of the filter and prioritisation steps. Relative paths are resolved against
/// the file's directory. The `[[source]]` tables are the ones `criba annotate --config`
/// reads, so the same file drives both.
///
/// ```toml
/// build = "GRCh37"
/// [reference]
/// fasta = "reference/GRCh37_chr20.fa.gz"
/// version = "hs37d5"
/// [genes]
/// model = "genes/ensembl75.genePred.gz"
/// version = "Ensembl 75"
/// [hpo]
/// directory = "hpo/2025-01-16"
/// version = "2025-01-16"
/// [prioritize]
/// secondary_findings = "3.3"
/// [[source]]
/// file = "gnomad.vcf.gz"
/// fields = ["AF"]
/// names = ["gnomad_AF"]
/// version = "gnomAD v4.1"
/// ```
public struct RunConfiguration: Sendable {
    /// A declared data file: its role, path and the release the config names.
    public struct DataFile: Sendable, Equatable {
        /// What the file is (`reference`, `gene model`, `HPO`, `source gnomad.vcf.gz`).
        public var role: String
        /// Absolute or config-relative-resolved path.
        public var path: String
        /// The declared release (empty when the config names none).
        public var version: String
    }

    /// The config file itself.
    public let path: String
    /// A name for the run (reports, job listings).
    public var name: String?
    /// The declared genome build (`GRCh37`, `GRCh38`), checked against every file.
    public var build: String?
    /// Reference FASTA.
    public var reference: DataFile?
    /// Gene model (GFF3, GTF or genePred).
    public var geneModel: DataFile?
    /// Directory of the HPO release.
    public var phenotypeData: DataFile?
    /// The annotation sources (the `[[source]]` tables).
    public var sources: [SourceDeclaration]
    /// Filter step: include expressions, exclude expressions and presets (none: no filter step).
    public var filterIncludes: [String] = []
    /// Filter step: exclude expressions.
    public var filterExcludes: [String] = []
    /// Filter step: bundled presets.
    public var filterPresets: [String] = []
    /// Settings passed to `criba prioritize`, as option → value (flags have an empty value).
    public var prioritizeOptions: [(option: String, value: String)] = []
    /// HTML report: ranked genes shown.
    public var reportGenes = 50

    private static let prioritizeKeys: [String: (option: String, kind: ValueKind)] = [
        "clinvar_trust": ("--clinvar-trust", .string), "secondary_findings": ("--secondary-findings", .string),
        "panel": ("--panel", .string), "panel_genes": ("--panel-genes", .path), "max_frequency": ("--max-frequency", .number),
        "top": ("--top", .number), "include_noncoding": ("--include-noncoding", .flag),
        "include_filtered": ("--include-filtered", .flag), "frequency_fields": ("--frequency-field", .strings),
        "rules": ("--rules", .path), "ranking": ("--ranking", .path),
    ]

    private enum ValueKind { case string, path, number, flag, strings }

    /// Reads and checks the config at `path` (files are checked by `InputValidator`).
    public static func load(path: String) throws(WorkflowError) -> RunConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { throw WorkflowError("\(path): config file not found") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WorkflowError("\(path): cannot read the config file (not UTF-8 text?)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Parses config text; `path` names it in messages, `baseDirectory` resolves relative paths.
    public static func parse(_ text: String, path: String, baseDirectory: String) throws(WorkflowError) -> RunConfiguration {
        // Refused before the parser underneath sees them (see TOMLTextCheck).
        if let problem = TOMLTextCheck.problem(in: text) { throw WorkflowError("\(path):\(problem)") }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw WorkflowError("\(path):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw WorkflowError("\(path): invalid TOML: \(error)")
        }
        let base = baseDirectory
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file) }
        for key in table.keys where !SourceConfiguration.runKeys.contains(key) && key != "source" && key != "annotation" {
            throw WorkflowError("\(path): unknown top-level key '\(key)'; known: \((SourceConfiguration.runKeys.sorted() + ["[[source]]"]).joined(separator: ", "))")
        }
        var sources: [SourceDeclaration] = []
        if table["source"] != nil || table["annotation"] != nil {
            do {
                sources = try SourceConfiguration.parse(text, path: path, baseDirectory: base)
            } catch {
                throw WorkflowError(error.description)
            }
        }
        var configuration = RunConfiguration(path: path, sources: sources)
        configuration.name = try string(table, "name", in: path)
        if let build = try string(table, "build", in: path) {
            guard GenomeBuild.bundled.knows(build) else {
                throw WorkflowError("\(path): build '\(build)' is not one of \(GenomeBuild.bundled.names.joined(separator: ", "))")
            }
            configuration.build = build
        }
        func dataFile(_ section: String, key: String, role: String) throws(WorkflowError) -> DataFile? {
            guard let value = table[section] else { return nil }
            guard let entry = value.table else { throw WorkflowError("\(path): '\(section)' must be a table: write [\(section)]") }
            try checkKeys(entry, allowed: [key, "version"], section: section, in: path)
            guard let file = try string(entry, key, in: "\(path): [\(section)]"), !file.isEmpty else {
                throw WorkflowError("\(path): [\(section)] needs '\(key)'")
            }
            return DataFile(role: role, path: resolve(file), version: try string(entry, "version", in: "\(path): [\(section)]") ?? "")
        }
        configuration.reference = try dataFile("reference", key: "fasta", role: "reference")
        configuration.geneModel = try dataFile("genes", key: "model", role: "gene model")
        configuration.phenotypeData = try dataFile("hpo", key: "directory", role: "HPO release")
        if (configuration.geneModel == nil) != (configuration.reference == nil), configuration.geneModel != nil {
            throw WorkflowError("\(path): [genes] needs [reference] too: consequences are computed against the reference FASTA")
        }
        if let value = table["filter"] {
            guard let entry = value.table else { throw WorkflowError("\(path): 'filter' must be a table: write [filter]") }
            try checkKeys(entry, allowed: ["include", "exclude", "preset"], section: "filter", in: path)
            configuration.filterIncludes = try strings(entry, "include", in: "\(path): [filter]")
            configuration.filterExcludes = try strings(entry, "exclude", in: "\(path): [filter]")
            configuration.filterPresets = try strings(entry, "preset", in: "\(path): [filter]")
        }
        if let value = table["prioritize"] {
            guard let entry = value.table else { throw WorkflowError("\(path): 'prioritize' must be a table: write [prioritize]") }
            try checkKeys(entry, allowed: Set(prioritizeKeys.keys).union(["report_genes"]), section: "prioritize", in: path)
            for key in entry.keys.sorted() {
                let origin = "\(path): [prioritize] \(key)"
                guard let value = entry[key] else { continue }
                if key == "report_genes" {
                    guard let number = value.int, number > 0 else { throw WorkflowError("\(origin): must be a positive integer") }
                    configuration.reportGenes = number
                    continue
                }
                guard let (option, kind) = prioritizeKeys[key] else { continue }
                switch kind {
                case .string:
                    guard let text = value.string else { throw WorkflowError("\(origin): must be a string") }
                    configuration.prioritizeOptions.append((option, text))
                case .path:
                    guard let text = value.string else { throw WorkflowError("\(origin): must be a string (a path)") }
                    configuration.prioritizeOptions.append((option, resolve(text)))
                case .number:
                    if let number = value.int {
                        configuration.prioritizeOptions.append((option, String(number)))
                    } else if let number = value.double {
                        configuration.prioritizeOptions.append((option, String(number)))
                    } else {
                        throw WorkflowError("\(origin): must be a number")
                    }
                case .flag:
                    guard let flag = value.bool else { throw WorkflowError("\(origin): must be true or false") }
                    if flag { configuration.prioritizeOptions.append((option, "")) }
                case .strings:
                    for text in try strings(entry, key, in: "\(path): [prioritize]") { configuration.prioritizeOptions.append((option, text)) }
                }
            }
        }
        return configuration
    }

    /// Every declared data file (reference, gene model, HPO release, sources), for
    /// validation and provenance.
    public var dataFiles: [DataFile] {
        var files = [reference, geneModel, phenotypeData].compactMap { $0 }
        for source in sources {
            files.append(DataFile(role: "source " + source.displayName, path: source.file, version: source.version ?? ""))
        }
        for (option, value) in prioritizeOptions where option == "--panel-genes" || option == "--rules" || option == "--ranking" {
            files.append(DataFile(role: String(option.dropFirst(2)), path: value, version: ""))
        }
        return files
    }

    /// Whether the run has a filter step.
    public var hasFilterStep: Bool { !(filterIncludes.isEmpty && filterExcludes.isEmpty && filterPresets.isEmpty) }

    private static func checkKeys(_ entry: TOMLTable, allowed: Set<String>, section: String, in path: String) throws(WorkflowError) {
        for key in entry.keys where !allowed.contains(key) {
            throw WorkflowError("\(path): [\(section)] has an unknown key '\(key)'; known: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func string(_ table: TOMLTable, _ key: String, in origin: String) throws(WorkflowError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw WorkflowError("\(origin): '\(key)' must be a string") }
        return text
    }

    private static func strings(_ table: TOMLTable, _ key: String, in origin: String) throws(WorkflowError) -> [String] {
        guard let value = table[key] else { return [] }
        if let text = value.string { return [text] }
        guard let array = value.array else { throw WorkflowError("\(origin): '\(key)' must be a string or an array of strings") }
        var result: [String] = []
        for item in array {
            guard let text = item.string else { throw WorkflowError("\(origin): '\(key)' must be an array of strings") }
            result.append(text)
        }
        return result
    }
}
