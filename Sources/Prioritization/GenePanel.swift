import Foundation
import VariantIO

/// One gene of a predisposition panel: how variants in it cause disease.
public struct PanelGene: Sendable, Codable, Equatable {
    /// HGNC symbol.
    public var symbol: String
    /// Disease mechanism as the panel states it: `LoF`, `GoF`, `GoF/LoF`, or empty when unknown.
    public var mechanism: String
    /// Mode of inheritance as the panel states it (`AD`, `AR`, `AD/AR`, `XL`…), or empty.
    public var inheritance: String
    /// Full gene name and the panel's phenotype text (may be empty).
    public var name: String, phenotypes: String

    /// Creates a gene entry.
    public init(symbol: String, mechanism: String = "", inheritance: String = "", name: String = "", phenotypes: String = "") {
        self.symbol = symbol
        self.mechanism = mechanism
        self.inheritance = inheritance
        self.name = name
        self.phenotypes = phenotypes
    }

    /// True when loss of function is a stated mechanism, false when only gain of function
    /// is, nil when the panel does not say.
    public var lossOfFunction: Bool? {
        if mechanism.contains("LoF") { return true }
        if mechanism.contains("GoF") { return false }
        return nil
    }
}

/// A gene panel: the cancer-predisposition "panel 0" (CPSR, 555 genes), one of its named
/// sub-panels, or a lab's own gene list, with the provenance reports need.
public struct GenePanel: Sendable {
    /// Panel name (`panel_0`, `breast_ovarian`, or the gene-list file name).
    public let name: String
    /// Where it came from and its version.
    public let source: String, version: String
    /// MD5 of the source text.
    public let checksum: String
    /// Genes by symbol.
    public let genes: [String: PanelGene]

    /// Creates a panel.
    public init(name: String, source: String, version: String, checksum: String, genes: [String: PanelGene]) {
        self.name = name
        self.source = source
        self.version = version
        self.checksum = checksum
        self.genes = genes
    }

    /// The bundled CPSR panel 0 (`cancer_panel_zero.tsv.gz`; the GENE column's HTML link is stripped).
    public static let panelZero: GenePanel = {
        guard let url = Bundle.module.url(forResource: "cancer_panel_zero.tsv", withExtension: "gz", subdirectory: "Resources") else {
            fatalError("the bundled resource cancer_panel_zero.tsv.gz is missing from the build")
        }
        do { return try GenePanel(panelZeroPath: url.path, source: "bundled:cancer_panel_zero.tsv.gz") } catch { fatalError("\(error)") }
    }()

    /// Reads a file in CPSR's panel-0 layout (GENE, ENTREZGENE, ENSEMBL_GENE_ID, CPG_MOD,
    /// CPG_MOI, GENENAME, CPG_SOURCE, CPG_PHENOTYPES; plain or gzipped).
    public init(panelZeroPath path: String, source: String? = nil) throws(PrioritizationError) {
        var columns: [String: Int] = [:]
        var genes: [String: PanelGene] = [:]
        var failure: PrioritizationError?
        do {
            try TextLineReader.forEachLine(path: path) { bytes, number in
                guard failure == nil else { return }
                let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if columns.isEmpty {
                    for (index, name) in fields.enumerated() { columns[name] = index }
                    if columns["GENE"] == nil || columns["CPG_MOD"] == nil || columns["CPG_MOI"] == nil {
                        failure = PrioritizationError("\(path): line \(number): expected a panel header with GENE, CPG_MOD and CPG_MOI columns")
                    }
                    return
                }
                func field(_ name: String) -> String {
                    guard let index = columns[name], index < fields.count else { return "" }
                    let value = fields[index].trimmingCharacters(in: .whitespaces)
                    return value == "NA" ? "" : value
                }
                let symbol = GenePanel.stripTags(field("GENE"))
                guard !symbol.isEmpty else {
                    failure = PrioritizationError("\(path): line \(number): no gene symbol in the GENE column")
                    return
                }
                genes[symbol] = PanelGene(symbol: symbol, mechanism: field("CPG_MOD"), inheritance: field("CPG_MOI"),
                                          name: field("GENENAME"), phenotypes: field("CPG_PHENOTYPES"))
            }
        } catch {
            throw PrioritizationError("\(path): cannot read the panel: \(error)")
        }
        if let failure { throw failure }
        guard !genes.isEmpty else { throw PrioritizationError("\(path): the panel has no genes") }
        self.init(name: "panel_0", source: source ?? path, version: "CPSR panel 0 (sigven/cpsr@19b4d732165b)",
                  checksum: (try? FileChecksum.md5(path: path)) ?? "", genes: genes)
    }

    /// The text of an HTML fragment without its tags (`<a href=…>BRCA1</a>` → `BRCA1`).
    static func stripTags(_ text: String) -> String {
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { result.append(character) }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// The named sub-panels (`cancer_subpanels.tsv`): name and description.
    public static var subpanelNames: [(name: String, description: String)] {
        subpanelDefinitions.rows.map { ($0.name, $0.description) }
    }

    private struct SubpanelDefinitions {
        struct Row { let name, kind, value, description: String }
        let rows: [Row]
        let version: String
        let checksum: String
    }

    private static let subpanelDefinitions: SubpanelDefinitions = {
        guard let url = Bundle.module.url(forResource: "cancer_subpanels", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("the bundled resource cancer_subpanels.tsv is missing from the build")
        }
        var rows: [SubpanelDefinitions.Row] = []
        var version = "unversioned"
        for (offset, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") {
                if offset == 0, let range = line.range(of: "version ") { version = String(line[range.upperBound...].prefix { $0 != " " }) }
                continue
            }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 4 else { fatalError("cancer_subpanels.tsv: line \(offset + 1): expected name, kind, value, description") }
            rows.append(.init(name: parts[0], kind: parts[1], value: parts[2], description: parts[3]))
        }
        return SubpanelDefinitions(rows: rows, version: version, checksum: FileChecksum.md5(text: text))
    }()

    /// A named sub-panel of this panel; several names (`breast_ovarian,colorectal`) give their union.
    public func subpanel(named names: String) throws(PrioritizationError) -> GenePanel {
        var selected: [String: PanelGene] = [:]
        let definitions = GenePanel.subpanelDefinitions
        for name in names.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            if name == "panel_0" || name == "0" {
                selected.merge(genes) { first, _ in first }
                continue
            }
            guard let row = definitions.rows.first(where: { $0.name == name }) else {
                throw PrioritizationError("unknown panel '\(name)' (known: panel_0, \(definitions.rows.map(\.name).joined(separator: ", ")))")
            }
            switch row.kind {
            case "phenotype":
                guard let pattern = try? NSRegularExpression(pattern: row.value, options: [.caseInsensitive]) else {
                    throw PrioritizationError("cancer_subpanels.tsv: panel \(name): invalid expression '\(row.value)'")
                }
                for (symbol, gene) in genes {
                    let text = gene.phenotypes
                    if pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { selected[symbol] = gene }
                }
            case "genes":
                for symbol in row.value.split(separator: ",").map(String.init) {
                    selected[symbol] = genes[symbol] ?? PanelGene(symbol: symbol)
                }
            default:
                throw PrioritizationError("cancer_subpanels.tsv: panel \(name): unknown kind '\(row.kind)'")
            }
        }
        guard !selected.isEmpty else { throw PrioritizationError("the panel selection '\(names)' has no genes") }
        return GenePanel(name: names, source: "bundled:cancer_subpanels.tsv over \(source)",
                         version: "sub-panels \(definitions.version); \(version)", checksum: definitions.checksum, genes: selected)
    }

    /// A lab's gene list: one gene per line, `SYMBOL[<tab>MECHANISM[<tab>INHERITANCE]]`
    /// (`BRCA1  LoF  AD`; `#` comments). Genes of this panel keep its mechanism and
    /// inheritance unless the line states them.
    public func geneList(path: String) throws(PrioritizationError) -> GenePanel {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PrioritizationError("\(path): cannot read the gene list")
        }
        var selected: [String: PanelGene] = [:]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let symbol = columns[0]
            guard symbol.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
                throw PrioritizationError("\(path): line \(offset + 1): '\(symbol)' is not a gene symbol")
            }
            if symbol.lowercased() == "gene" || symbol.lowercased() == "symbol" { continue }
            var gene = genes[symbol] ?? PanelGene(symbol: symbol)
            if columns.count > 1, !columns[1].isEmpty, columns[1] != "." {
                guard ["LoF", "GoF", "GoF/LoF", "LoF/GoF"].contains(columns[1]) else {
                    throw PrioritizationError("\(path): line \(offset + 1): mechanism '\(columns[1])' is not LoF, GoF or GoF/LoF")
                }
                gene.mechanism = columns[1]
            }
            if columns.count > 2, !columns[2].isEmpty, columns[2] != "." { gene.inheritance = columns[2] }
            selected[symbol] = gene
        }
        guard !selected.isEmpty else { throw PrioritizationError("\(path): the gene list has no genes") }
        return GenePanel(name: (path as NSString).lastPathComponent, source: path, version: "user list",
                         checksum: (try? FileChecksum.md5(path: path)) ?? "", genes: selected)
    }
}
