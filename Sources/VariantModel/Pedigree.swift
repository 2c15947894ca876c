import Foundation

/// A family from a PED file (six whitespace-separated columns: family, individual,
/// father, mother, sex, phenotype; `0` for an unknown parent), with the roles that
/// expressions and inheritance checks refer to.
///
/// ```swift
/// let pedigree = try Pedigree(path: "trio.ped")
/// pedigree.proband?.id     // "HG002"
/// pedigree.sample(forRole: "mother")   // "HG004"
/// ```
public struct Pedigree: Sendable, Equatable {
    /// One individual of the PED file.
    public struct Member: Sendable, Equatable {
        /// Family ID (column 1).
        public var family: String
        /// Individual ID (column 2), matched against VCF sample names.
        public var id: String
        /// Father's ID, nil when unknown (`0`).
        public var father: String?
        /// Mother's ID, nil when unknown (`0`).
        public var mother: String?
        /// Sex: 1 male, 2 female, 0 unknown.
        public var sex: Int
        /// Affection: true affected (`2`), false unaffected (`1`), nil unknown.
        public var affected: Bool?

        /// Creates a member (sex: 1 male, 2 female, 0 unknown).
        public init(family: String, id: String, father: String? = nil, mother: String? = nil, sex: Int, affected: Bool?) {
            self.family = family
            self.id = id
            self.father = father
            self.mother = mother
            self.sex = sex
            self.affected = affected
        }
    }

    /// Members in file order.
    public let members: [Member]
    /// The index case: the proband named on the command line, else the first affected
    /// member with both parents listed, else the first affected member.
    public let proband: Member?

    /// A pedigree of one affected individual (a singleton case without a PED file).
    public init(singleton id: String, sex: Int) {
        let member = Member(family: id, id: id, sex: sex, affected: true)
        members = [member]
        proband = member
    }

    /// Reads a PED file; `proband` names the index case explicitly.
    public init(path: String, proband: String? = nil) throws(PedigreeError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PedigreeError(path: path, line: nil, message: "cannot read the file")
        }
        try self.init(text: text, path: path, proband: proband)
    }

    /// Parses PED text (`path` is used in error messages only).
    public init(text: String, path: String = "-", proband: String? = nil) throws(PedigreeError) {
        var members: [Member] = []
        var seen = Set<String>()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard columns.count >= 6 else {
                throw PedigreeError(path: path, line: offset + 1, message: "expected 6 columns (family, individual, father, mother, sex, phenotype), found \(columns.count)")
            }
            let id = columns[1]
            guard seen.insert(id).inserted else {
                throw PedigreeError(path: path, line: offset + 1, message: "individual '\(id)' is listed twice")
            }
            let affected: Bool?
            switch columns[5] {
            case "2": affected = true
            case "1": affected = false
            case "0", "-9": affected = nil
            default:
                throw PedigreeError(path: path, line: offset + 1, message: "phenotype must be 1 (unaffected), 2 (affected), 0 or -9 (unknown), not '\(columns[5])'")
            }
            let sex: Int
            switch columns[4] {
            case "1": sex = 1
            case "2": sex = 2
            case "0", "-9", "other": sex = 0
            default:
                throw PedigreeError(path: path, line: offset + 1, message: "sex must be 1 (male), 2 (female) or 0 (unknown), not '\(columns[4])'")
            }
            members.append(Member(family: columns[0], id: id, father: columns[2] == "0" ? nil : columns[2],
                                  mother: columns[3] == "0" ? nil : columns[3], sex: sex, affected: affected))
        }
        guard !members.isEmpty else { throw PedigreeError(path: path, line: nil, message: "no individuals") }
        for member in members {
            for parent in [member.father, member.mother].compactMap({ $0 }) where !seen.contains(parent) {
                throw PedigreeError(path: path, line: nil, message: "parent '\(parent)' of '\(member.id)' is not listed as an individual")
            }
        }
        // No one may be their own ancestor.
        let byId = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for member in members {
            var chain = [member.id]
            var frontier = [member.father, member.mother].compactMap { $0 }
            var visited: Set<String> = []
            while let next = frontier.popLast() {
                if next == member.id {
                    throw PedigreeError(path: path, line: nil, message: "'\(member.id)' is their own ancestor (a loop through \((chain + [next]).joined(separator: " → ")))")
                }
                guard visited.insert(next).inserted, let parent = byId[next] else { continue }
                if chain.count < 8 { chain.append(next) }
                frontier += [parent.father, parent.mother].compactMap { $0 }
            }
        }
        self.members = members
        if let proband {
            guard let member = members.first(where: { $0.id == proband }) else {
                throw PedigreeError(path: path, line: nil, message: "proband '\(proband)' is not in the pedigree")
            }
            self.proband = member
        } else {
            self.proband = members.first { $0.affected == true && $0.father != nil && $0.mother != nil }
                ?? members.first { $0.affected == true }
        }
    }

    /// The member with this ID.
    public func member(_ id: String) -> Member? { members.first { $0.id == id } }

    /// The sample that plays `role` (`proband`, `mother`, `father`), if any.
    public func sample(forRole role: String) -> String? {
        switch role {
        case "proband": return proband?.id
        case "mother": return proband?.mother
        case "father": return proband?.father
        default: return nil
        }
    }

    /// The role names expressions may use.
    public static let roles = ["proband", "mother", "father"]
}

/// A PED file that cannot be used.
public struct PedigreeError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// The 1-based line, when the problem is on one line.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// `trio.ped:3: expected 6 columns …`
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
