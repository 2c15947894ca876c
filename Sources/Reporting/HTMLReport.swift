import Foundation
import Mustache
import Prioritization

/// Renders a prioritisation document (the JSON of `criba prioritize`) as one
/// self-contained HTML page: no network, no script, inline CSS and SVG, every value taken
/// from the input escaped by the template engine (and by `SVGChart` inside the charts).
public struct HTMLReport {
    /// How much of a large case goes on the page (the JSON keeps everything).
    public struct Limits: Sendable {
        /// Ranked genes shown as candidates.
        public var genes = 50
        /// Candidates whose evidence is open on screen (and always in print).
        public var openEvidence = 10
        /// Classified panel variants listed (P/LP/VUS first; the rest are counted).
        public var classifiedVariants = 300
        /// Creates the defaults.
        public init() {}
    }

    private let library: MustacheLibrary
    private let css: String

    /// Loads the bundled templates (`report.mustache`, `classified.mustache`, `report.css`).
    public init() throws(ReportError) {
        func resource(_ name: String, _ type: String) throws(ReportError) -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Resources"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ReportError("the bundled template \(name).\(type) is missing from the build")
            }
            return text
        }
        var library = MustacheLibrary()
        do {
            try library.register(resource("report", "mustache"), named: "report")
            try library.register(resource("classified", "mustache"), named: "classified")
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("a bundled template does not parse: \(error)")
        }
        self.library = library
        css = try resource("report", "css")
    }

    /// The page for `document`; `reportCommand` is the command line that made it.
    public func render(_ document: PrioritizationReport.Document, reportCommand: String, limits: Limits = Limits()) -> String {
        let context = HTMLReport.context(document, reportCommand: reportCommand, limits: limits, css: css)
        return library.render(context, withTemplate: "report") ?? ""
    }

    /// `likely-pathogenic`-style CSS class of an ACMG class.
    static func slug(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: " ", with: "-")
    }

    static func number(_ value: Double?, digits: Int = 2) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(digits)f", value)
    }

    static func frequency(_ value: Double?) -> String {
        guard let value else { return "absent" }
        return value == 0 ? "0" : String(format: value < 0.001 ? "%.2e" : "%.4f", value)
    }

    /// `ENST…:c.743G>A p.(Arg248Gln)`: the transcript once, the protein without its ENSP prefix.
    static func hgvs(_ variant: RankedVariant) -> String {
        var coding = variant.hgvsCoding
        if !coding.isEmpty && !coding.contains(":") && !variant.transcript.isEmpty { coding = "\(variant.transcript):\(coding)" }
        let protein = variant.hgvsProtein.split(separator: ":").last.map(String.init) ?? ""
        let parts = [coding, protein].filter { !$0.isEmpty }
        return parts.isEmpty ? variant.id : parts.joined(separator: " ")
    }

    static func clinvar(_ variant: RankedVariant) -> String {
        guard let significance = variant.clinvar else { return "—" }
        let text = significance.replacingOccurrences(of: "_", with: " ")
        return variant.clinvarStars.map { "\(text) (\($0)★)" } ?? text
    }

    static func criteria(_ criteria: [AppliedCriterion]) -> [[String: Any]] {
        criteria.map { ["label": $0.label, "points": $0.points > 0 ? "+\($0.points)" : "\($0.points)", "evidence": $0.evidence] }
    }

    /// The template's context: plain dictionaries and arrays.
    static func context(_ document: PrioritizationReport.Document, reportCommand: String, limits: Limits, css: String) -> [String: Any] {
        let caseInfo = document.case
        var context: [String: Any] = [
            "css": css,
            "title": "Criba \(document.mode == "hereditary-cancer" ? "hereditary-cancer" : "rare-disease") report: \(caseInfo.id.isEmpty ? caseInfo.proband : caseInfo.id)",
            "modeLabel": document.mode == "hereditary-cancer" ? "Hereditary cancer" : "Rare disease",
            "caseId": caseInfo.id, "proband": caseInfo.proband, "date": document.criba.date, "version": document.criba.version,
            "command": document.criba.command, "reportCommand": reportCommand, "schemaVersion": document.schemaVersion,
            "notes": document.notes.filter { !$0.contains("Human Phenotype Ontology") },
            "hpoAttribution": document.notes.contains { $0.contains("Human Phenotype Ontology") },
        ]
        context["members"] = caseInfo.members.map { text -> [String: Any] in
            let parts = text.split(separator: " ").map(String.init)
            let sex = parts.first { $0.hasPrefix("sex=") }.map { ["1": "male", "2": "female"][String($0.dropFirst(4))] ?? "sex unknown" } ?? "sex unknown"
            let affected = parts.first { $0.hasPrefix("affected=") }.map { String($0.dropFirst(9)) } ?? "unknown"
            return ["id": parts.first ?? text, "sex": sex, "status": affected == "yes" ? "affected" : affected == "no" ? "unaffected" : "status unknown"]
        }
        context["observed"] = caseInfo.observed
        context["excluded"] = caseInfo.excluded
        context["hasPhenotype"] = !caseInfo.observed.isEmpty
        context["hasExcluded"] = !caseInfo.excluded.isEmpty

        // Rare-disease candidates.
        let shown = Array(document.genes.prefix(limits.genes))
        var summary: [[String: Any]] = []
        context["candidates"] = shown.enumerated().map { index, gene -> [String: Any] in
            let variants = gene.variants
            let rows = variants.enumerated().map { position, variant -> [String: Any] in
                var row: [String: Any] = [
                    "hgvs": hgvs(variant), "id": variant.id, "consequence": variant.consequences.first?.replacingOccurrences(of: "_", with: " ") ?? "—",
                    "genotypes": variant.genotypes.sorted { $0.key < $1.key }.map { ["member": $0.key, "genotype": $0.value] },
                    "frequency": frequency(variant.frequency), "clinvar": clinvar(variant), "acmgClass": variant.acmgClass.rawValue,
                    "classSlug": slug(variant.acmgClass.rawValue), "points": variant.acmgPoints, "criteria": criteria(variant.criteria),
                    "hasCriteria": !variant.criteria.isEmpty, "withoutReferenceSequence": variant.withoutReferenceSequence == true,
                ]
                if position == 0 {
                    row["first"] = ["rows": variants.count, "rank": gene.rank, "gene": gene.gene, "mode": gene.mode,
                                    "modeFit": gene.modeFit, "score": number(gene.score)] as [String: Any]
                }
                return row
            }
            if index < 5, let top = variants.first {
                var item: [String: Any] = ["gene": gene.gene, "hgvs": hgvs(top), "acmgClass": top.acmgClass.rawValue,
                                           "classSlug": slug(top.acmgClass.rawValue), "score": number(gene.score)]
                if let name = gene.diseaseName { item["disease"] = "\(name) (\(gene.diseaseId ?? ""))" }
                summary.append(item)
            }
            var entry: [String: Any] = [
                "rank": gene.rank, "gene": gene.gene, "score": number(gene.score), "phenotypeScore": number(gene.phenotypeScore),
                "genotypePart": number(gene.genotypePart), "inheritancePart": number(gene.inheritancePart), "variants": rows,
                "open": index < limits.openEvidence, "hasTerms": !gene.matchedTerms.isEmpty,
                "terms": gene.matchedTerms.map { term -> [String: Any] in
                    ["term": term.term, "name": term.name, "matched": term.matched ?? "—", "matchedName": term.matchedName ?? "",
                     "lr": number(term.log10Ratio), "excluded": term.excluded]
                },
            ]
            if let name = gene.diseaseName { entry["diseaseName"] = name; entry["diseaseId"] = gene.diseaseId ?? "" }
            if !gene.diseaseInheritance.isEmpty { entry["diseaseInheritance"] = gene.diseaseInheritance.joined(separator: "/") }
            return entry
        }
        context["hasCandidates"] = !shown.isEmpty
        context["shownGenes"] = shown.count
        context["totalGenes"] = document.genes.count
        if !shown.isEmpty {
            context["scoreChart"] = SVGChart.scoreDistribution(scores: document.genes.map(\.score),
                                                               marked: shown.prefix(5).map { ($0.gene, $0.score) })
        }

        // Hereditary cancer and secondary findings.
        if let panel = document.panel {
            let (rows, omitted) = classifiedRows(panel.variants, limits: limits)
            let order = ["Pathogenic", "Likely pathogenic", "Uncertain significance", "Likely benign", "Benign"]
            var section: [String: Any] = [
                "name": panel.name, "genes": panel.genes, "version": panel.version, "variantsAssessed": panel.variantsAssessed,
                "trust": panel.clinvarTrust, "conflicts": panel.conflicts, "opposite": panel.oppositeDirectionConflicts,
                "counts": order.compactMap { name in panel.classCounts[name].map { ["name": name, "slug": slug(name), "count": $0] } },
                "rows": rows, "hasRows": !rows.isEmpty,
            ]
            if omitted > 0 { section["omitted"] = omitted }
            context["panel"] = section
            if summary.isEmpty {
                summary = panel.variants.filter { $0.finalClass == .pathogenic || $0.finalClass == .likelyPathogenic }.prefix(10).map { item in
                    ["gene": item.gene, "hgvs": hgvs(item.variant), "acmgClass": item.finalClass.rawValue, "classSlug": slug(item.finalClass.rawValue)]
                }
            }
        }
        if let findings = document.secondaryFindings {
            let (rows, _) = classifiedRows(findings.findings, limits: limits)
            var section: [String: Any] = [
                "version": findings.version, "genes": findings.genes, "variantsAssessed": findings.variantsAssessed,
                "rows": rows, "hasRows": !rows.isEmpty,
            ]
            if findings.withheldMonoallelicRecessive > 0 { section["withheld"] = findings.withheldMonoallelicRecessive }
            context["secondaryFindings"] = section
        }
        context["summary"] = summary
        context["hasSummary"] = !summary.isEmpty
        context["emptySummary"] = document.mode == "hereditary-cancer"
            ? "No pathogenic or likely pathogenic variant in the panel's genes." : "No candidate to report."

        if let quality = document.qc {
            var qc: [String: Any] = [
                "records": quality.records, "passRecords": quality.passRecords, "snvs": quality.snvs, "indels": quality.indels,
                "tsTv": number(quality.tsTv),
                "members": quality.members.map { member -> [String: Any] in
                    ["id": member.id, "heterozygous": member.heterozygous, "homozygous": member.homozygousAlternate,
                     "ratio": number(member.hetHomRatio), "chrX": number(member.chrXHeterozygosity), "sexCheck": member.sexCheck,
                     "sexClass": member.sexCheck.hasPrefix("mismatch") ? "mismatch" : member.sexCheck == "consistent" ? "consistent" : ""]
                },
                "contigChart": SVGChart.perContig(quality.probandVariantsPerContig.map { ($0.contig, $0.count) }),
            ]
            if let mendelian = quality.mendelian {
                qc["mendelian"] = ["errors": mendelian.errors, "sites": mendelian.sitesChecked, "rate": String(format: "%.2f%%", mendelian.rate * 100)]
            }
            context["qc"] = qc
        }
        context["sources"] = document.sources.map { source -> [String: Any] in
            ["name": source["name"] ?? "", "path": source["path"] ?? "—", "version": source["version"] ?? source["provenance"] ?? "—",
             "sha256": source["sha256"] ?? "", "md5": source["md5"].map { "md5 \($0)" } ?? "", "command": source["command"] ?? ""]
        }
        return context
    }

    /// Rows of classified variants: P/LP/VUS first, up to the limit; the rest counted.
    static func classifiedRows(_ variants: [ClassifiedVariant], limits: Limits) -> ([[String: Any]], Int) {
        let listed = variants.prefix(limits.classifiedVariants)
        let rows = listed.enumerated().map { index, item -> [String: Any] in
            var row: [String: Any] = [
                "finalClass": item.finalClass.rawValue, "classSlug": slug(item.finalClass.rawValue), "gene": item.gene,
                "mechanism": item.mechanism, "inheritance": item.inheritance, "hgvs": hgvs(item.variant), "id": item.variant.id,
                "genotype": item.probandGenotype, "consequence": item.variant.consequences.first?.replacingOccurrences(of: "_", with: " ") ?? "—",
                "frequency": frequency(item.variant.frequency), "clinvar": clinvar(item.variant), "cribaClass": item.cribaClass.rawValue,
                "cribaPoints": item.cribaPoints, "basis": item.basis, "criteria": criteria(item.variant.criteria),
                "hasCriteria": !item.variant.criteria.isEmpty,
                "open": index < limits.openEvidence && (item.finalClass == .pathogenic || item.finalClass == .likelyPathogenic),
            ]
            if let conflict = item.conflict { row["conflict"] = conflict }
            return row
        }
        return (rows, variants.count - listed.count)
    }
}

/// A report that cannot be made: one line naming the file and the problem.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
