import Foundation

/// The parts of a GA4GH Phenopacket (v2) that prioritisation reads: the subject's id and
/// sex, and the HPO terms observed and excluded.
public struct Phenopacket: Sendable, Equatable {
    /// The phenopacket's `id`.
    public var id: String
    /// `subject.id` (the proband's sample name, usually).
    public var subjectId: String?
    /// `subject.sex`: `MALE`, `FEMALE`, `OTHER_SEX` or `UNKNOWN_SEX`.
    public var sex: String?
    /// Observed HPO ids (`phenotypicFeatures` without `excluded: true`).
    public var observed: [String]
    /// Excluded HPO ids.
    public var excluded: [String]

    /// Creates a phenopacket from its parts.
    public init(id: String, subjectId: String? = nil, sex: String? = nil, observed: [String], excluded: [String] = []) {
        self.id = id
        self.subjectId = subjectId
        self.sex = sex
        self.observed = observed
        self.excluded = excluded
    }

    /// Reads a phenopacket JSON file.
    public init(path: String) throws(PhenotypeDataError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PhenotypeDataError("\(path): cannot read the phenopacket")
        }
        try self.init(data: data, source: path)
    }

    /// Parses phenopacket JSON (`source` names it in errors).
    public init(data: Data, source: String) throws(PhenotypeDataError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw PhenotypeDataError("\(source): not JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else { throw PhenotypeDataError("\(source): expected a JSON object (a phenopacket)") }
        guard let features = root["phenotypicFeatures"] as? [[String: Any]] else {
            throw PhenotypeDataError("\(source): no phenotypicFeatures array: not a GA4GH phenopacket, or a case without HPO terms")
        }
        var observed: [String] = [], excluded: [String] = []
        for (index, feature) in features.enumerated() {
            guard let type = feature["type"] as? [String: Any], let id = type["id"] as? String else {
                throw PhenotypeDataError("\(source): phenotypicFeatures[\(index)] has no type.id")
            }
            if (feature["excluded"] as? Bool) == true { excluded.append(id) } else { observed.append(id) }
        }
        let subject = root["subject"] as? [String: Any]
        self.init(id: root["id"] as? String ?? source, subjectId: subject?["id"] as? String, sex: subject?["sex"] as? String,
                  observed: observed, excluded: excluded)
    }

    /// PED sex code: 1 male, 2 female, 0 unknown.
    public var pedigreeSex: Int {
        switch sex?.uppercased() {
        case "MALE": return 1
        case "FEMALE": return 2
        default: return 0
        }
    }
}
