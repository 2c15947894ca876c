import Foundation
import VariantIO

/// Every source of one `criba annotate` run, resolved against the input header:
/// position-indexed sources (VCF/BCF, BED, score tables) and gene tables.
public struct SourceSet: Sendable {
    /// Position-indexed sources.
    public let plans: [SourcePlan]
    /// Gene tables joined to CSQ, when any.
    public let geneColumns: CSQGeneColumns?
    /// Output names already in the input header: their old values are removed first.
    public let overwritten: [String]
    private let outputLines: [String]
    private let provenanceLines: [String]
    private let csqLine: String?

    /// Resolves every declaration; `computesCSQ` says whether this run writes its own
    /// CSQ (otherwise gene tables need the input's).
    public init(declarations: [SourceDeclaration], input: VariantHeader, computesCSQ: Bool,
                csqHeaderLine: String? = nil, csqColumns: [String]? = nil) throws(SourceError) {
        var plans: [SourcePlan] = []
        var tables: [GeneTable] = []
        for declaration in declarations {
            if declaration.kind == .genes {
                tables.append(try GeneTable(declaration))
            } else {
                plans.append(try SourcePlan(declaration, input: input))
            }
        }
        var seen: [String: String] = [:]
        var overwritten: [String] = []
        for plan in plans {
            for output in plan.outputs {
                if let other = seen[output.name] {
                    throw SourceError("\(plan.declaration.origin): output name \(output.name) is also written by \(other); give one of them another name")
                }
                seen[output.name] = plan.declaration.origin
                if input.info(output.name) != nil { overwritten.append(output.name) }
            }
        }
        self.plans = plans
        self.overwritten = overwritten
        outputLines = plans.flatMap { $0.outputs.map(\.headerLine) }
        provenanceLines = plans.map(\.provenanceLine) + tables.map(\.provenanceLine)
        if tables.isEmpty {
            geneColumns = nil
            csqLine = nil
        } else {
            let line: String, columns: [String]
            if computesCSQ, let csqHeaderLine, let csqColumns {
                line = csqHeaderLine; columns = csqColumns
            } else if let definition = input.info("CSQ") {
                line = "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"\(definition.description)\">"
                guard let range = definition.description.range(of: "Format: ") else {
                    throw SourceError("the input's INFO/CSQ header has no 'Format: ' list of columns, so gene tables cannot be joined")
                }
                columns = definition.description[range.upperBound...].split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }
            } else {
                throw SourceError("\(tables[0].declaration.origin): a gene table is joined to INFO/CSQ, which the input lacks: add -g/-f to compute consequences in the same run")
            }
            let extended = try CSQGeneColumns(tables: tables, csqHeaderLine: line, csqColumns: columns)
            geneColumns = extended
            csqLine = extended.headerLine
        }
    }

    /// `header` with every output declared (replacing same-named INFO lines), the CSQ
    /// line extended by gene-table columns, and one `##criba_source` line per source.
    public func outputHeader(_ header: VariantHeader) throws(VariantIOError) -> VariantHeader {
        var result = header
        for (line, name) in zip(outputLines, plans.flatMap { $0.outputs.map(\.name) }) {
            result = overwritten.contains(name) ? try result.replacingInfo(name, with: line) : try result.adding(lines: [line])
        }
        if let csqLine { result = try result.replacingInfo("CSQ", with: csqLine) }
        return try result.adding(lines: provenanceLines)
    }

    /// After the run: an input contig naming that matched nothing in a source is an
    /// error (the output would silently lack every value); otherwise a summary line.
    public func report(annotators: [SourceAnnotator]) throws(SourceError) {
        for (index, plan) in plans.enumerated() {
            let annotated = annotators.reduce(0) { $0 + $1.annotatedRecords[index] }
            let missing = annotators.reduce(into: Set<String>()) { $0.formUnion($1.missingContigs[index]) }
            if annotated == 0, let contig = missing.sorted().first {
                let renamed = contig.hasPrefix("chr") ? String(contig.dropFirst(3)) : "chr" + contig
                if plan.contigs.contains(renamed) {
                    throw SourceError("\(plan.declaration.origin): contig naming differs: the input has '\(contig)' but the source has '\(renamed)'; rename one side (bcftools annotate --rename-chrs)")
                }
            }
        }
    }
}
