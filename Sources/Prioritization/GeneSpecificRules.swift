import Foundation
import VariantIO

/// Gene-specific ACMG/AMP rules applied on top of the general ones: ClinGen VCEP
/// population-frequency thresholds (BA1, BS1, BS1_Supporting), PM1 hotspot codons, and the
/// curated transcript per gene. All three are versioned data files.
public struct GeneSpecificRules: Sendable {
    /// One frequency rule: `criterion` at `strength` when the frequency meets every bound.
    public struct FrequencyRule: Sendable, Equatable {
        /// `BA1` or `BS1`.
        public var criterion: String
        /// Its strength (`StandAlone`, `Strong`, `Supporting`).
        public var strength: EvidenceStrength
        /// VCEP specification version (`1.2.0`), or `.`.
        public var version: String
        /// The frequency the VCEP names (`gnomAD_NC_FAF_GRPMAX`…).
        public var property: String
        /// Bounds: value and comparator (`gt`, `gte`, `lt`, `lte`).
        public var bounds: [(value: Double, comparator: String)]

        public static func == (lhs: FrequencyRule, rhs: FrequencyRule) -> Bool {
            lhs.criterion == rhs.criterion && lhs.strength == rhs.strength && lhs.version == rhs.version
                && lhs.bounds.map(\.value) == rhs.bounds.map(\.value) && lhs.bounds.map(\.comparator) == rhs.bounds.map(\.comparator)
        }

        /// True when `frequency` meets every bound.
        public func matches(_ frequency: Double) -> Bool {
            bounds.allSatisfy { bound in
                switch bound.comparator {
                case "gt": return frequency > bound.value
                case "gte": return frequency >= bound.value
                case "lt": return frequency < bound.value
                case "lte": return frequency <= bound.value
                default: return false
                }
            }
        }

        /// `> 0.0001 and ≤ 0.001`.
        public var boundsText: String {
            bounds.map { bound in
                let symbol = ["gt": ">", "gte": "≥", "lt": "<", "lte": "≤"][bound.comparator] ?? bound.comparator
                return "\(symbol) \(bound.value)"
            }.joined(separator: " and ")
        }
    }

    /// PM1 hotspot codons of a gene.
    public struct Hotspots: Sendable {
        /// Codon numbers, the criterion's strength and the source text.
        public var codons: Set<Int>, strength: EvidenceStrength, source: String
    }

    /// Frequency rules per gene, most benign first (BA1, BS1 Strong, BS1 Supporting).
    public let frequencyRules: [String: [FrequencyRule]]
    /// PM1 hotspots per gene.
    public let hotspots: [String: Hotspots]
    /// Curated transcript per gene (`NM_000546.6`).
    public let curatedTranscripts: [String: String]
    /// The tables' names, versions and checksums, for reports.
    public let provenance: [[String: String]]

    /// Empty rules (the general ACMG engine alone).
    public init() {
        frequencyRules = [:]
        hotspots = [:]
        curatedTranscripts = [:]
        provenance = []
    }

    /// Reads the three tables from text; `names` label them in errors.
    public init(frequencyText: String, hotspotText: String, transcriptText: String,
                names: (String, String, String)) throws(PrioritizationError) {
        var rules: [String: [FrequencyRule]] = [:]
        var header: [String: Int] = [:]
        for (offset, line) in frequencyText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if header.isEmpty {
                for (index, name) in fields.enumerated() { header[name] = index }
                for required in ["symbol", "criterion", "vcep_version", "evidence_level", "property", "thresholds", "comparator"] where header[required] == nil {
                    throw PrioritizationError("\(names.0): line \(offset + 1): the header has no '\(required)' column")
                }
                continue
            }
            func field(_ name: String) -> String { header[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
            let strength: EvidenceStrength
            switch field("evidence_level") {
            case "stand_alone": strength = .standAlone
            case "strong": strength = .strong
            case "moderate": strength = .moderate
            case "supporting": strength = .supporting
            case let other: throw PrioritizationError("\(names.0): line \(offset + 1): unknown evidence level '\(other)'")
            }
            let values = field("thresholds").split(separator: ",").map { Double($0) }
            let comparators = field("comparator").split(separator: ",").map(String.init)
            guard !values.isEmpty, values.count == comparators.count, values.allSatisfy({ $0 != nil }),
                  comparators.allSatisfy({ ["gt", "gte", "lt", "lte"].contains($0) }) else {
                throw PrioritizationError("\(names.0): line \(offset + 1): thresholds and comparators do not pair up")
            }
            let criterion = field("criterion")
            guard criterion == "BA1" || criterion == "BS1" else {
                throw PrioritizationError("\(names.0): line \(offset + 1): only BA1 and BS1 rules are supported, not '\(criterion)'")
            }
            rules[field("symbol"), default: []].append(FrequencyRule(
                criterion: criterion, strength: strength, version: field("vcep_version"), property: field("property"),
                bounds: zip(values.map { $0! }, comparators).map { ($0, $1) }))
        }
        let order: [String: Int] = ["BA1": 0, "BS1": 1]
        for gene in rules.keys {
            rules[gene]!.sort { (order[$0.criterion]!, $0.strength == .strong ? 0 : 1) < (order[$1.criterion]!, $1.strength == .strong ? 0 : 1) }
        }
        frequencyRules = rules

        var hotspots: [String: Hotspots] = [:]
        for (offset, line) in hotspotText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let codons = fields.count >= 4 ? fields[1].split(separator: ",").compactMap { Int($0) } : []
            guard fields.count >= 4, !codons.isEmpty, let strength = EvidenceStrength(rawValue: fields[2]) else {
                throw PrioritizationError("\(names.1): line \(offset + 1): expected gene, codons, strength (Supporting/Moderate/Strong) and source")
            }
            hotspots[fields[0]] = Hotspots(codons: Set(codons), strength: strength, source: fields[3])
        }
        self.hotspots = hotspots

        var transcripts: [String: String] = [:]
        for (offset, line) in transcriptText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where offset > 0 {
            let fields = line.split(separator: "\t").map(String.init)
            if fields.count >= 2 { transcripts[fields[0]] = fields[1] }
        }
        curatedTranscripts = transcripts
        provenance = [(names.0, frequencyText), (names.1, hotspotText), (names.2, transcriptText)].map { name, text in
            ["name": name, "md5": FileChecksum.md5(text: text)]
        }
    }

    /// The rules bundled with Criba.
    public static let bundled: GeneSpecificRules = {
        func text(_ name: String) -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                fatalError("the bundled resource \(name).tsv is missing from the build")
            }
            return text
        }
        do {
            return try GeneSpecificRules(frequencyText: text("vcep_frequency_thresholds"), hotspotText: text("gene_hotspots"),
                                         transcriptText: text("curated_transcripts"),
                                         names: ("bundled:vcep_frequency_thresholds.tsv", "bundled:gene_hotspots.tsv", "bundled:curated_transcripts.tsv"))
        } catch { fatalError("\(error)") }
    }()

    /// The first frequency rule of `gene` that `frequency` meets, and whether the gene has
    /// rules at all (when it does, the general BA1/BS1 thresholds do not apply).
    public func frequencyRule(gene: String, frequency: Double) -> (rule: FrequencyRule?, hasRules: Bool) {
        guard let rules = frequencyRules[gene] else { return (nil, false) }
        return (rules.first { $0.matches(frequency) }, true)
    }

    /// The codon of a protein change (`p.(Arg248Gln)`, `ENSP…:p.Arg248Gln`, bcftools `248R>248Q`).
    public static func codon(ofProteinChange text: String) -> Int? {
        var rest = Substring(text)
        if let range = text.range(of: "p.") { rest = text[range.upperBound...] }
        rest = rest.drop { $0 == "(" || $0.isLetter }
        let digits = rest.prefix { $0.isNumber }
        return Int(digits)
    }
}
