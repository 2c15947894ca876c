import Foundation
import Prioritization

/// The ranked variants as TSV, one line per variant, for spreadsheets and LIMS import.
public enum VariantTable {
    /// The columns (genotypes follow, one column per family member, in `members` order).
    public static let columns = [
        "rank", "gene", "variant", "transcript", "hgvs_c", "hgvs_p", "consequence", "frequency", "clinvar", "clinvar_stars",
        "acmg_class", "acmg_points", "criteria", "variant_score", "gene_score", "disease_id", "mode", "section",
    ]

    /// The TSV of a document: rare-disease genes' variants (rank order), then panel and
    /// secondary-findings variants (section column).
    public static func tsv(_ document: PrioritizationReport.Document) -> String {
        let members = document.case.members.map { String($0.split(separator: " ").first ?? "") }
        var lines = ["#" + (columns + members.map { "GT_\($0)" }).joined(separator: "\t")]
        func line(_ fields: [String], _ variant: RankedVariant) {
            let genotypes = members.map { variant.genotypes[$0] ?? "." }
            lines.append((fields + genotypes).map { $0.isEmpty ? "." : $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: "\t"))
        }
        func common(_ variant: RankedVariant) -> [String] {
            [variant.id, variant.transcript, variant.hgvsCoding, variant.hgvsProtein, variant.consequences.first ?? "",
             variant.frequency.map { String(format: "%.4g", $0) } ?? "", variant.clinvar ?? "", variant.clinvarStars.map(String.init) ?? "",
             variant.acmgClass.rawValue, String(variant.acmgPoints), variant.criteria.map(\.label).joined(separator: ",")]
        }
        for gene in document.genes {
            for variant in gene.variants {
                line([String(gene.rank), gene.gene] + common(variant)
                     + [String(format: "%.4f", variant.score), String(format: "%.3f", gene.score), gene.diseaseId ?? "", gene.mode, "ranking"], variant)
            }
        }
        for (section, variants) in [("panel", document.panel?.variants ?? []), ("secondary_findings", document.secondaryFindings?.findings ?? [])] {
            for item in variants {
                line(["", item.gene] + common(item.variant) + [String(format: "%.4f", item.variant.score), "", "", item.inheritance, section], item.variant)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
