/// The strength of one ACMG/AMP criterion.
public enum EvidenceStrength: String, Sendable, Codable, CaseIterable {
    case supporting = "Supporting", moderate = "Moderate", strong = "Strong", veryStrong = "VeryStrong", standAlone = "StandAlone"
}

/// The five ACMG/AMP classes.
public enum AcmgClass: String, Sendable, Codable {
    case pathogenic = "Pathogenic"
    case likelyPathogenic = "Likely pathogenic"
    case uncertain = "Uncertain significance"
    case likelyBenign = "Likely benign"
    case benign = "Benign"
}

/// One criterion met by a variant, with its strength, points and the evidence behind it.
public struct AppliedCriterion: Sendable, Codable, Equatable {
    /// `PVS1`, `PM2`, `BP4`…
    public let code: String
    /// Its strength (may differ from the criterion's default).
    public let strength: EvidenceStrength
    /// Signed points (benign criteria negative).
    public let points: Int
    /// Why it applies, in words a clinical scientist can check.
    public let evidence: String

    /// `PM2_Supporting`-style label (the default strength is left out).
    public var label: String {
        let defaultStrength: EvidenceStrength
        switch code.prefix(2) {
        case "PV": defaultStrength = .veryStrong
        case "PS", "BS": defaultStrength = .strong
        case "PM": defaultStrength = .moderate
        case "BA": defaultStrength = .standAlone
        default: defaultStrength = .supporting
        }
        return strength == defaultStrength ? code : "\(code)_\(strength.rawValue)"
    }
}

/// The ACMG/AMP thresholds and points in use, from the versioned table `acmg_rules.tsv`.
public struct AcmgRules: Sendable {
    /// The table they came from (version and checksum go into reports).
    public let table: RuleTable
    private let points: [EvidenceStrength: Int]
    private let classFloors: [(AcmgClass, Int)]
    /// `threshold` rows by name.
    public let thresholds: [String: Double]

    /// Reads the rules from a table.
    public init(table: RuleTable) throws(PrioritizationError) {
        self.table = table
        var points: [EvidenceStrength: Int] = [:]
        for strength in EvidenceStrength.allCases where strength != .standAlone {
            points[strength] = Int(try table.number("points", strength.rawValue))
        }
        points[.standAlone] = 1000
        self.points = points
        var floors: [(AcmgClass, Int)] = []
        for acmgClass in [AcmgClass.pathogenic, .likelyPathogenic, .uncertain, .likelyBenign, .benign] {
            floors.append((acmgClass, Int(try table.number("class", acmgClass.rawValue))))
        }
        classFloors = floors
        var thresholds: [String: Double] = [:]
        for (name, text) in table.rows("threshold") {
            guard let value = Double(text) else { throw PrioritizationError("\(table.source): threshold \(name) is not a number") }
            thresholds[name] = value
        }
        for required in AcmgRules.requiredThresholds where thresholds[required] == nil {
            throw PrioritizationError("\(table.source): no 'threshold\t\(required)' row")
        }
        self.thresholds = thresholds
    }

    /// The rules bundled with Criba.
    public static let bundled: AcmgRules = {
        do { return try AcmgRules(table: .bundled("acmg_rules")) } catch { fatalError("\(error)") }
    }()

    static let requiredThresholds = [
        "BA1_allele_frequency", "BS1_allele_frequency", "PM2_dominant_allele_frequency", "PM2_recessive_allele_frequency",
        "BS2_homozygotes", "REVEL_PP3_Strong", "REVEL_PP3_Moderate", "REVEL_PP3_Supporting", "REVEL_BP4_Supporting",
        "REVEL_BP4_Moderate", "REVEL_BP4_Strong", "REVEL_BP4_VeryStrong", "SpliceAI_PP3", "SpliceAI_BP4",
        "LOEUF_haploinsufficient", "pLI_haploinsufficient", "PP4_phenotype_log10_ratio", "PP1_affected_carriers",
    ]

    /// A threshold by name (validated at load).
    public func threshold(_ name: String) -> Double { thresholds[name] ?? .nan }

    /// A criterion at a strength; benign codes (`B…`) get negative points.
    public func criterion(_ code: String, _ strength: EvidenceStrength, _ evidence: String) -> AppliedCriterion {
        let magnitude = points[strength] ?? 0
        return AppliedCriterion(code: code, strength: strength, points: code.hasPrefix("B") ? -magnitude : magnitude, evidence: evidence)
    }

    /// The class of a set of criteria: BA1 alone makes a variant benign; otherwise the
    /// points total decides (Tavtigian 2020).
    public func classify(_ criteria: [AppliedCriterion]) -> (AcmgClass, Int) {
        if criteria.contains(where: { $0.code == "BA1" }) { return (.benign, criteria.filter { $0.code != "BA1" }.reduce(0) { $0 + $1.points }) }
        let total = criteria.reduce(0) { $0 + $1.points }
        for (acmgClass, floor) in classFloors where total >= floor { return (acmgClass, total) }
        return (.benign, total)
    }
}
