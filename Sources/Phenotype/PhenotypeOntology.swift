import Foundation

/// The Human Phenotype Ontology read from `hp.obo`: terms, `is_a` parents, `alt_id`s,
/// obsolete terms and their `replaced_by`, with every term's ancestors precomputed.
///
/// Terms are addressed by a dense `Int32` index; `resolve(_:)` maps an identifier as a
/// user or a phenopacket wrote it (primary, alternative or obsolete) to a current term.
///
/// ```swift
/// let ontology = try PhenotypeOntology(path: "hp.obo")
/// if case .term(let seizure) = ontology.resolve("HP:0001250") { … }
/// ```
public final class PhenotypeOntology: Sendable {
    /// One term.
    public struct Term: Sendable {
        /// Primary identifier, `HP:0001250`.
        public let id: String
        /// Label.
        public let name: String
        /// Direct `is_a` parents.
        public let parents: [Int32]
        /// True for obsolete terms.
        public let isObsolete: Bool
        /// `replaced_by` of an obsolete term, when given.
        public let replacedBy: String?
    }

    /// How an identifier resolved.
    public enum Resolution: Sendable, Equatable {
        /// A current term.
        case term(Int32)
        /// An alternative or obsolete identifier mapped to a current term; `note` says how.
        case mapped(Int32, note: String)
        /// Not in the ontology, or obsolete without a replacement.
        case unknown(note: String)
    }

    /// The terms.
    public let terms: [Term]
    /// The ontology's `data-version` line (e.g. `hp/releases/2025-01-16`).
    public let version: String
    /// The index of "Phenotypic abnormality" (HP:0000118), the root used for matching.
    public let phenotypicAbnormality: Int32
    private let primary: [String: Int32]
    private let alternates: [String: Int32]
    private let ancestorStarts: [Int32]
    private let ancestorList: [Int32]

    /// Reads `hp.obo` (plain or gzipped).
    public convenience init(path: String) throws(PhenotypeDataError) {
        try self.init(text: try PhenotypeDataError.readText(path), source: path)
    }

    /// Parses OBO text; `source` names it in errors.
    public init(text: String, source: String) throws(PhenotypeDataError) {
        var ids: [String] = [], names: [String] = [], parentIDs: [[String]] = [], obsolete: [Bool] = [], replaced: [String?] = []
        var alternateIDs: [(String, Int)] = []
        var version = ""
        var inTerm = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.hasPrefix("[") {
                inTerm = line == "[Term]"
                if inTerm { ids.append(""); names.append(""); parentIDs.append([]); obsolete.append(false); replaced.append(nil) }
                continue
            }
            if !inTerm {
                if line.hasPrefix("data-version: ") { version = String(line.dropFirst(14)) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            var value = line[line.index(after: colon)...].drop { $0 == " " }
            if let comment = value.range(of: " ! ") { value = value[..<comment.lowerBound] }
            let last = ids.count - 1
            switch key {
            case "id": ids[last] = String(value)
            case "name": names[last] = String(value)
            case "is_a": parentIDs[last].append(String(value.prefix { $0 != " " }))
            case "alt_id": alternateIDs.append((String(value), last))
            case "is_obsolete": obsolete[last] = value == "true"
            case "replaced_by": replaced[last] = String(value)
            default: break
            }
        }
        guard !ids.isEmpty else { throw PhenotypeDataError("\(source): no [Term] stanzas: not an OBO ontology") }
        var primary: [String: Int32] = [:]
        for (index, id) in ids.enumerated() { primary[id] = Int32(index) }
        var terms: [Term] = []
        terms.reserveCapacity(ids.count)
        for index in ids.indices {
            let parents = parentIDs[index].compactMap { primary[$0] }
            terms.append(Term(id: ids[index], name: names[index], parents: parents, isObsolete: obsolete[index], replacedBy: replaced[index]))
        }
        var alternates: [String: Int32] = [:]
        for (id, term) in alternateIDs { alternates[id] = Int32(term) }
        guard let root = primary["HP:0000118"] else {
            throw PhenotypeDataError("\(source): no HP:0000118 (Phenotypic abnormality): not the Human Phenotype Ontology")
        }
        // Ancestors (self included), sorted, in one flat array; computed by memoised DFS.
        // An is_a cycle would recurse forever: it is an error naming the terms.
        var memo = [[Int32]?](repeating: nil, count: terms.count)
        var visiting = [Bool](repeating: false, count: terms.count)
        func ancestors(_ term: Int) throws(PhenotypeDataError) -> [Int32] {
            if let known = memo[term] { return known }
            if visiting[term] {
                throw PhenotypeDataError("\(source): \(terms[term].id) is its own ancestor (an is_a cycle): not a valid ontology")
            }
            visiting[term] = true
            var set: Set<Int32> = [Int32(term)]
            for parent in terms[term].parents { set.formUnion(try ancestors(Int(parent))) }
            visiting[term] = false
            let sorted = set.sorted()
            memo[term] = sorted
            return sorted
        }
        var starts: [Int32] = [0], list: [Int32] = []
        for term in terms.indices {
            list.append(contentsOf: try ancestors(term))
            starts.append(Int32(list.count))
        }
        self.terms = terms
        self.version = version
        self.primary = primary
        self.alternates = alternates
        self.ancestorStarts = starts
        self.ancestorList = list
        self.phenotypicAbnormality = root
    }

    /// The ancestors of `term`, itself included, in ascending index order.
    public func ancestors(of term: Int32) -> ArraySlice<Int32> {
        ancestorList[Int(ancestorStarts[Int(term)])..<Int(ancestorStarts[Int(term) + 1])]
    }

    /// True when `ancestor` is `term` or one of its ancestors.
    public func isAncestor(_ ancestor: Int32, of term: Int32) -> Bool {
        let slice = ancestors(of: term)
        var low = slice.startIndex, high = slice.endIndex
        while low < high {
            let middle = (low + high) / 2
            if slice[middle] < ancestor { low = middle + 1 } else { high = middle }
        }
        return low < slice.endIndex && slice[low] == ancestor
    }

    /// True when `term` lies under "Phenotypic abnormality" (not a mode of inheritance,
    /// onset, frequency or modifier term).
    public func isPhenotypicAbnormality(_ term: Int32) -> Bool { isAncestor(phenotypicAbnormality, of: term) }

    /// Maps an identifier to a current term: alternative identifiers to their term,
    /// obsolete terms through `replaced_by`; anything else is unknown (with the reason).
    public func resolve(_ id: String) -> Resolution {
        if let index = primary[id] {
            let term = terms[Int(index)]
            guard term.isObsolete else { return .term(index) }
            if let replacement = term.replacedBy, let target = primary[replacement], !terms[Int(target)].isObsolete {
                return .mapped(target, note: "\(id) is obsolete; replaced by \(replacement) (\(terms[Int(target)].name))")
            }
            return .unknown(note: "\(id) (\(term.name)) is obsolete and has no replacement")
        }
        if let index = alternates[id] {
            return .mapped(index, note: "\(id) is an alternative identifier of \(terms[Int(index)].id) (\(terms[Int(index)].name))")
        }
        return .unknown(note: "\(id) is not in the HPO (\(version))")
    }
}

/// A problem reading HPO data files: one line naming the file and, where known, the line.
public struct PhenotypeDataError: Error, Sendable, CustomStringConvertible {
    /// The explanation.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// The text of a plain or gzipped file.
    static func readText(_ path: String) throws(PhenotypeDataError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw PhenotypeDataError("\(path): no such file") }
        var text = ""
        do {
            try TextLines.forEach(path: path) { line in text += line; text += "\n" }
        } catch {
            throw PhenotypeDataError("\(path): \(error)")
        }
        return text
    }
}
