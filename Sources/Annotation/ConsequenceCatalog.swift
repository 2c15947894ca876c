import Foundation

/// The IMPACT classes of Ensembl VEP.
public enum Impact: String, Sendable, Comparable, CaseIterable {
    case high = "HIGH", moderate = "MODERATE", low = "LOW", modifier = "MODIFIER"

    private var order: Int {
        switch self { case .high: 0; case .moderate: 1; case .low: 2; case .modifier: 3 }
    }

    /// HIGH < MODERATE < LOW < MODIFIER (more severe sorts first).
    public static func < (lhs: Impact, rhs: Impact) -> Bool { lhs.order < rhs.order }
}

/// Severity rank, IMPACT and names of every consequence term, read from the versioned
/// data file `consequences.tsv` (the rank is the line order).
public struct ConsequenceCatalog: Sendable {
    /// The catalogue version stated in the file's first line.
    public let version: String
    private let ranks: [Int]
    private let impacts: [Impact]
    private let accessions: [String]
    private let bcftoolsNames: [String?]

    /// The catalogue shipped with Criba.
    public static let standard: ConsequenceCatalog = {
        guard let url = Bundle.module.url(forResource: "consequences", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("the Annotation resource consequences.tsv is missing from the build")
        }
        do { return try ConsequenceCatalog(text: text, source: url.path) } catch { fatalError("\(error)") }
    }()

    /// Parses a catalogue; every `ConsequenceTerm` must appear exactly once.
    public init(text: String, source: String) throws {
        var ranks = [Int](repeating: -1, count: ConsequenceTerm.allCases.count)
        var impacts = [Impact](repeating: .modifier, count: ranks.count)
        var accessions = [String](repeating: "", count: ranks.count)
        var bcftools = [String?](repeating: nil, count: ranks.count)
        var version = "unversioned"
        let byName = Dictionary(uniqueKeysWithValues: ConsequenceTerm.allCases.map { ($0.name, $0) })
        var rank = 0
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") {
                if offset == 0, let range = line.range(of: "version ") {
                    version = String(line[range.upperBound...].prefix { $0 != " " })
                }
                continue
            }
            if line.isEmpty { continue }
            let columns = line.split(separator: "\t")
            guard columns.count == 4, let term = byName[String(columns[0])], let impact = Impact(rawValue: String(columns[1])) else {
                throw GeneModelError(path: source, line: offset + 1, "expected: SO term, IMPACT, accession, bcftools name")
            }
            guard ranks[term.rawValue] < 0 else { throw GeneModelError(path: source, line: offset + 1, "\(term.name) is listed twice") }
            rank += 1
            ranks[term.rawValue] = rank
            impacts[term.rawValue] = impact
            accessions[term.rawValue] = String(columns[2])
            bcftools[term.rawValue] = columns[3] == "-" ? nil : String(columns[3])
        }
        if let missing = ConsequenceTerm.allCases.first(where: { ranks[$0.rawValue] < 0 }) {
            throw GeneModelError(path: source, "\(missing.name) is missing from the consequence catalogue")
        }
        self.version = version
        self.ranks = ranks
        self.impacts = impacts
        self.accessions = accessions
        self.bcftoolsNames = bcftools
    }

    /// 1 for the most severe term.
    public func rank(of term: ConsequenceTerm) -> Int { ranks[term.rawValue] }
    /// The term's IMPACT.
    public func impact(of term: ConsequenceTerm) -> Impact { impacts[term.rawValue] }
    /// The SO accession (`SO:0001583`).
    public func accession(of term: ConsequenceTerm) -> String { accessions[term.rawValue] }
    /// The name bcftools csq gives the same event, if any.
    public func bcftoolsName(of term: ConsequenceTerm) -> String? { bcftoolsNames[term.rawValue] }

    /// The terms of `set`, most severe first.
    public func ordered(_ set: ConsequenceSet) -> [ConsequenceTerm] {
        set.sorted { ranks[$0.rawValue] < ranks[$1.rawValue] }
    }

    /// The most severe term of a non-empty set.
    public func mostSevere(_ set: ConsequenceSet) -> ConsequenceTerm? {
        set.min { ranks[$0.rawValue] < ranks[$1.rawValue] }
    }

    /// The IMPACT of the most severe term.
    public func impact(of set: ConsequenceSet) -> Impact {
        mostSevere(set).map { impacts[$0.rawValue] } ?? .modifier
    }
}
