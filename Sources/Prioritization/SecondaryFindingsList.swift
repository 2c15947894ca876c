import Foundation
import VariantIO

/// An ACMG secondary-findings gene list (v3.2: 81 genes, v3.3: 84), bundled as data.
/// Only pathogenic and likely pathogenic variants in these genes are reported, and for
/// recessive genes only two of them (or a homozygous one).
public struct SecondaryFindingsList: Sendable {
    /// One gene of the list.
    public struct Gene: Sendable, Codable, Equatable {
        /// HGNC symbol, inheritance (`AD`, `AR`, `XL`) and the actionable disease.
        public var symbol: String, inheritance: String, disease: String
    }

    /// List version (`3.3`).
    public let version: String
    /// Where it came from (the first comment line of the table), the file, and the table's MD5.
    public let source: String, path: String, checksum: String
    /// Genes by symbol.
    public let genes: [String: Gene]

    /// The versions bundled with Criba.
    public static let versions = ["3.2", "3.3"]

    /// A bundled list (`3.2` or `3.3`).
    public static func bundled(version: String) throws(PrioritizationError) -> SecondaryFindingsList {
        let normalized = version.hasPrefix("v") ? String(version.dropFirst()) : version
        guard versions.contains(normalized),
              let url = Bundle.module.url(forResource: "acmg_sf_v\(normalized)", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PrioritizationError("unknown ACMG secondary-findings version '\(version)' (bundled: \(versions.joined(separator: ", ")))")
        }
        return try SecondaryFindingsList(text: text, version: normalized, source: "bundled:acmg_sf_v\(normalized).tsv")
    }

    /// Parses a list: a header naming `gene_symbol`, `inheritance` and `diseases`.
    public init(text: String, version: String, source: String) throws(PrioritizationError) {
        var columns: [String: Int] = [:]
        var genes: [String: Gene] = [:]
        var description = source
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") {
                if offset == 0 { description = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if columns.isEmpty {
                for (index, name) in fields.enumerated() { columns[name] = index }
                guard columns["gene_symbol"] != nil, columns["inheritance"] != nil else {
                    throw PrioritizationError("\(source): line \(offset + 1): expected a header with gene_symbol and inheritance")
                }
                continue
            }
            func field(_ name: String) -> String { columns[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
            let symbol = field("gene_symbol")
            guard !symbol.isEmpty else { throw PrioritizationError("\(source): line \(offset + 1): no gene symbol") }
            genes[symbol] = Gene(symbol: symbol, inheritance: field("inheritance"), disease: field("diseases"))
        }
        guard !genes.isEmpty else { throw PrioritizationError("\(source): no genes") }
        self.version = version
        self.source = description
        path = source
        self.genes = genes
        checksum = FileChecksum.md5(text: text)
    }
}
