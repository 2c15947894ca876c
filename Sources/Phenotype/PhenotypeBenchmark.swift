import Foundation
import VariantIO

/// Phenotype-only gene ranking on published cases (phenopacket-store): for each case,
/// rank every gene with HPO annotations from the case's observed and excluded terms and
/// record where the causal gene lands.
public enum PhenotypeBenchmark {
    /// One published case.
    public struct Case: Sendable {
        /// Phenopacket id.
        public let id: String
        /// Causal gene symbol.
        public let gene: String
        /// Observed HPO ids.
        public let observed: [String]
        /// Excluded HPO ids.
        public let excluded: [String]

        /// `dev` when the MD5 of the id ends in 0, 1 or 2 (the split tuned on), else `test`.
        public var split: String {
            let last = FileChecksum.md5(text: id).last ?? "f"
            return "012".contains(last) ? "dev" : "test"
        }
    }

    /// Totals for one split.
    public struct Result: Sendable {
        /// Cases that name a causal gene.
        public var cases = 0
        /// Of those, cases whose gene has no HPO disease annotation (cannot be ranked).
        public var geneAbsent = 0
        /// Causal gene ranked first, in the top 3, in the top 10.
        public var top1 = 0, top3 = 0, top10 = 0
        /// HPO ids mapped through alt_id/replaced_by, and ids that could not be used.
        public var mappedTerms = 0, unknownTerms = 0
        /// Wall time for ranking all cases.
        public var seconds = 0.0

        /// `part / cases` as a percentage string.
        public func percent(_ part: Int) -> String { cases == 0 ? "–" : String(format: "%.1f%%", 100 * Double(part) / Double(cases)) }
    }

    /// Reads `phenopacket-store_variants.tsv(.gz)`: one row per variant; a case is kept
    /// once, with the first gene it names.
    public static func loadCases(path: String) throws(PhenotypeDataError) -> [Case] {
        var header: [String: Int] = [:]
        var seen: Set<String> = []
        var cases: [Case] = []
        do {
            try TextLines.forEach(path: path) { line in
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if header.isEmpty {
                    for (index, name) in columns.enumerated() { header[name] = index }
                    return
                }
                guard let id = header["phenopacket_id"], let gene = header["gene"], let present = header["hpo_present"],
                      let absent = header["hpo_excluded"], columns.count > max(id, gene, present, absent) else { return }
                guard !columns[gene].isEmpty, !seen.contains(columns[id]) else { return }
                seen.insert(columns[id])
                cases.append(Case(id: columns[id], gene: columns[gene],
                                  observed: columns[present].split(separator: ",").map(String.init),
                                  excluded: columns[absent].split(separator: ",").map(String.init)))
            }
        } catch {
            throw PhenotypeDataError("\(path): \(error)")
        }
        guard !cases.isEmpty else { throw PhenotypeDataError("\(path): no cases with a causal gene (expected phenopacket_id, gene, hpo_present, hpo_excluded columns)") }
        return cases
    }

    /// Ranks every case of `split` (`dev`, `test` or `all`), on every core.
    public static func run(_ cases: [Case], split: String, matcher: PhenotypeMatcher) -> Result {
        let selected = cases.filter { split == "all" || $0.split == split }
        let started = Date()
        let ranks = Slots(selected.count), mapped = Slots(selected.count), unknown = Slots(selected.count)
        DispatchQueue.concurrentPerform(iterations: selected.count) { index in
            let item = selected[index]
            var mappedCount = 0, unknownCount = 0
            func resolve(_ ids: [String]) -> [Int32] {
                ids.compactMap { id in
                    switch matcher.ontology.resolve(id) {
                    case .term(let term): return term
                    case .mapped(let term, _): mappedCount += 1; return term
                    case .unknown: unknownCount += 1; return nil
                    }
                }
            }
            var rank = -2  // gene absent from the annotations
            if matcher.annotations.diseasesByGene[item.gene] != nil {
                let ranking = matcher.rankGenes(observed: resolve(item.observed), excluded: resolve(item.excluded))
                rank = ranking.firstIndex { $0.gene == item.gene } ?? -1
            }
            ranks[index] = rank; mapped[index] = mappedCount; unknown[index] = unknownCount
        }
        var result = Result()
        result.cases = selected.count
        for index in 0..<selected.count {
            let rank = ranks[index]
            if rank == -2 { result.geneAbsent += 1 }
            if rank >= 0 && rank < 1 { result.top1 += 1 }
            if rank >= 0 && rank < 3 { result.top3 += 1 }
            if rank >= 0 && rank < 10 { result.top10 += 1 }
            result.mappedTerms += mapped[index]
            result.unknownTerms += unknown[index]
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
}
}

/// One Int per case, written by exactly one worker each (disjoint indexes).
private final class Slots: @unchecked Sendable {
    private var values: UnsafeMutableBufferPointer<Int>
    init(_ count: Int) { values = .allocate(capacity: max(1, count)); values.initialize(repeating: 0) }
    deinit { values.deallocate() }
    subscript(index: Int) -> Int {
        get { values[index] }
        set { values[index] = newValue }
    }
}
