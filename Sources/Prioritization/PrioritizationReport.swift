import Foundation
import VariantModel

/// Renders a ranking as TSV (one line per gene) and JSON (genes, variants, evidence and
/// provenance).
public enum PrioritizationReport {
    /// The JSON document.
    public struct Document: Sendable, Codable {
        /// Who made it.
        public struct Producer: Sendable, Codable {
            /// Criba version, command line, date (ISO 8601) and wall time.
            public var version: String, command: String, date: String, seconds: Double
            /// Creates the producer block.
            public init(version: String, command: String, date: String, seconds: Double) {
                self.version = version; self.command = command; self.date = date; self.seconds = seconds
            }
        }
        /// The case.
        public struct Case: Sendable, Codable {
            /// Case id, proband, members (`id sex=1 affected=yes`), terms, notes on mapped/unknown ids.
            public var id: String, proband: String, members: [String], observed: [String], excluded: [String], termNotes: [String: String]
            /// Creates the case block.
            public init(id: String, proband: String, members: [String], observed: [String], excluded: [String], termNotes: [String: String]) {
                self.id = id; self.proband = proband; self.members = members; self.observed = observed
                self.excluded = excluded; self.termNotes = termNotes
            }
        }
        /// A panel's classified variants (hereditary-cancer mode).
        public struct PanelSection: Sendable, Codable {
            /// Panel name, source, version and MD5; how many genes it has.
            public var name: String, source: String, version: String, md5: String, genes: Int
            /// The ClinVar trust level used.
            public var clinvarTrust: String
            /// Variants classified, final classes counted, ClinVar conflicts (all, and opposite-direction ones).
            public var variantsAssessed: Int, classCounts: [String: Int], conflicts: Int, oppositeDirectionConflicts: Int
            /// The variants, most pathogenic first.
            public var variants: [ClassifiedVariant]
            /// Creates the section.
            public init(panel: GenePanel, trust: ClinVarTrust, variants: [ClassifiedVariant]) {
                name = panel.name; source = panel.source; version = panel.version; md5 = panel.checksum; genes = panel.genes.count
                clinvarTrust = trust.rawValue
                variantsAssessed = variants.count
                classCounts = Dictionary(grouping: variants, by: { $0.finalClass.rawValue }).mapValues(\.count)
                conflicts = variants.filter { $0.conflict != nil }.count
                oppositeDirectionConflicts = variants.filter(\.oppositeDirection).count
                self.variants = variants
            }
        }
        /// ACMG secondary findings (P/LP only).
        public struct SecondaryFindingsSection: Sendable, Codable {
            /// List version, source and MD5; how many genes it has.
            public var version: String, source: String, md5: String, genes: Int
            /// Variants in list genes classified; single heterozygous P/LP in recessive genes withheld.
            public var variantsAssessed: Int, withheldMonoallelicRecessive: Int
            /// The reported findings.
            public var findings: [ClassifiedVariant]
            /// Creates the section.
            public init(list: SecondaryFindingsList, assessed: Int, withheld: Int, findings: [ClassifiedVariant]) {
                version = list.version; source = list.source; md5 = list.checksum; genes = list.genes.count
                variantsAssessed = assessed; withheldMonoallelicRecessive = withheld; self.findings = findings
            }
        }
        /// The version of this document's layout (`docs/schema/criba-report.schema.json`).
        public var schemaVersion = PrioritizationReport.schemaVersion
        /// Producer block.
        public var criba: Producer
        /// Every input and data source: name, path, version, md5.
        public var sources: [[String: String]]
        /// The case.
        public var `case`: Case
        /// The fields read per kind (`frequency: gnomad_AF (INFO)`).
        public var fields: [String: [String]]
        /// Records read and candidates kept.
        public var records: Int, candidates: Int
        /// Caveats (no frequency source, no phenotype).
        public var notes: [String]
        /// The ranked genes (rare-disease mode; empty in hereditary-cancer mode).
        public var genes: [RankedGene]
        /// `rare-disease` or `hereditary-cancer`.
        public var mode: String
        /// The panel section (hereditary-cancer mode).
        public var panel: PanelSection?
        /// The secondary findings (with --secondary-findings).
        public var secondaryFindings: SecondaryFindingsSection?
        /// Quality figures of the case.
        public var qc: CaseQuality?

        /// Creates a document.
        public init(criba: Producer, sources: [[String: String]], case: Case, fields: [String: [String]], records: Int, candidates: Int,
                    notes: [String], genes: [RankedGene], mode: String = "rare-disease", panel: PanelSection? = nil,
                    secondaryFindings: SecondaryFindingsSection? = nil, qc: CaseQuality? = nil) {
            self.qc = qc
            self.criba = criba; self.sources = sources; self.case = `case`; self.fields = fields
            self.records = records; self.candidates = candidates; self.notes = notes; self.genes = genes
            self.mode = mode; self.panel = panel; self.secondaryFindings = secondaryFindings
        }
    }

    /// The layout version written as `schemaVersion`.
    public static let schemaVersion = "1.1.0"

    /// The TSV columns.
    public static let columns = [
        "rank", "gene", "score", "phenotype_score", "genotype_part", "inheritance_part", "disease_id", "disease_name", "mode", "mode_fit",
        "variants", "consequences", "hgvs", "proband_genotypes", "frequency", "clinvar", "acmg", "variant_scores", "matched_terms",
    ]

    /// One line per gene: the score and its parts, the explaining variants and their evidence.
    public static func tsv(_ genes: [RankedGene], pedigree: Pedigree) -> String {
        var lines = ["#" + columns.joined(separator: "\t")]
        let proband = pedigree.proband?.id ?? ""
        for gene in genes {
            let variants = Array(gene.variants.prefix(max(1, gene.explainingVariants)))
            func join(_ values: [String]) -> String { values.joined(separator: ";") }
            let acmg = variants.map { variant in
                variant.criteria.isEmpty ? "\(variant.acmgClass.rawValue)(\(variant.acmgPoints))"
                    : "\(variant.acmgClass.rawValue)(\(variant.acmgPoints)):\(variant.criteria.map(\.label).joined(separator: ","))"
            }
            let terms = gene.matchedTerms.filter { !$0.excluded && $0.matched != nil }.sorted { $0.log10Ratio > $1.log10Ratio }.prefix(5)
            let fields: [String] = [
                String(gene.rank), gene.gene, number(gene.score), number(gene.phenotypeScore), number(gene.genotypePart),
                number(gene.inheritancePart), gene.diseaseId ?? ".", gene.diseaseName ?? ".", gene.mode, gene.modeFit,
                join(variants.map(\.id)), join(variants.map { $0.consequences.first ?? "." }),
                join(variants.map { [$0.hgvsCoding, $0.hgvsProtein].filter { !$0.isEmpty }.joined(separator: " ") }),
                join(variants.map { $0.genotypes[proband] ?? "." }),
                join(variants.map { $0.frequency.map { String(format: "%.3g", $0) } ?? "." }),
                join(variants.map { $0.clinvar ?? "." }), join(acmg), join(variants.map { number($0.score) }),
                terms.isEmpty ? "." : terms.map { "\($0.term)~\($0.matched!)" }.joined(separator: ","),
            ]
            lines.append(fields.map { $0.isEmpty ? "." : $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns of the classified-variant TSV (hereditary-cancer mode, secondary findings).
    public static let classifiedColumns = [
        "section", "class", "gene", "variant", "consequence", "hgvs", "proband_genotype", "frequency", "clinvar", "clinvar_stars",
        "criba_class", "criba_points", "criteria", "basis", "conflict", "mechanism", "inheritance",
    ]

    /// One line per classified variant, most pathogenic first within each section.
    public static func classifiedTSV(_ sections: [(name: String, variants: [ClassifiedVariant])]) -> String {
        var lines = ["#" + classifiedColumns.joined(separator: "\t")]
        for (section, variants) in sections {
            for item in variants {
                let variant = item.variant
                let fields: [String] = [
                    section, item.finalClass.rawValue, item.gene, variant.id, variant.consequences.first ?? ".",
                    [variant.hgvsCoding, variant.hgvsProtein].filter { !$0.isEmpty }.joined(separator: " "), item.probandGenotype,
                    variant.frequency.map { String(format: "%.3g", $0) } ?? ".", variant.clinvar ?? ".",
                    item.clinvarStars.map(String.init) ?? ".", item.cribaClass.rawValue, String(item.cribaPoints),
                    variant.criteria.map(\.label).joined(separator: ","), item.basis, item.conflict ?? ".", item.mechanism, item.inheritance,
                ]
                lines.append(fields.map { $0.isEmpty ? "." : $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON document, keys sorted, pretty-printed.
    public static func json(_ document: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func number(_ value: Double) -> String { String(format: "%.3f", value) }
}
