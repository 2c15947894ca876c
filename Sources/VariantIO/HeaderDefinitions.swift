/// A `##contig` line: name and length (nil when the header gives none).
public struct ContigDefinition: Hashable, Sendable {
    /// Contig name, e.g. `chr1`.
    public var name: String
    /// Length in bases, when declared.
    public var length: Int?
    /// Creates a definition.
    public init(name: String, length: Int?) { self.name = name; self.length = length }
}

/// The value type of an INFO or FORMAT field.
public enum FieldType: String, Sendable {
    /// `Type=Flag`
    case flag = "Flag"
    /// `Type=Integer`
    case integer = "Integer"
    /// `Type=Float`
    case float = "Float"
    /// `Type=String` or `Type=Character`
    case string = "String"
}

/// The `Number=` of an INFO or FORMAT field.
public enum FieldNumber: Hashable, Sendable, CustomStringConvertible {
    /// A fixed count (`Number=1`, `Number=0` for flags).
    case fixed(Int)
    /// One value per ALT allele (`Number=A`).
    case perAlternateAllele
    /// One value per allele including REF (`Number=R`).
    case perAllele
    /// One value per possible genotype (`Number=G`).
    case perGenotype
    /// Any number (`Number=.`).
    case variable

    /// The VCF spelling.
    public var description: String {
        switch self {
        case .fixed(let count): return String(count)
        case .perAlternateAllele: return "A"
        case .perAllele: return "R"
        case .perGenotype: return "G"
        case .variable: return "."
        }
    }
}

/// An `##INFO` or `##FORMAT` definition.
public struct FieldDefinition: Hashable, Sendable {
    /// The tag, e.g. `DP`.
    public var id: String
    /// `Number=`.
    public var number: FieldNumber
    /// `Type=`.
    public var type: FieldType
    /// `Description=` without quotes.
    public var description: String
    /// Creates a definition.
    public init(id: String, number: FieldNumber, type: FieldType, description: String) {
        self.id = id; self.number = number; self.type = type; self.description = description
    }
}

/// A `##FILTER` definition.
public struct FilterDefinition: Hashable, Sendable {
    /// The filter name, e.g. `LowQual`.
    public var id: String
    /// `Description=` without quotes.
    public var description: String
    /// Creates a definition.
    public init(id: String, description: String) { self.id = id; self.description = description }
}
