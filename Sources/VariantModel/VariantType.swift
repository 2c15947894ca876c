/// The kinds of change an ALT allele makes against REF, as htslib classifies them
/// (`bcf_get_variant_type`): a record can carry several kinds at once.
///
/// ```swift
/// let kinds: VariantType = [.snv, .indel]   // e.g. REF=A ALT=G,AT
/// kinds.contains(.snv)                      // true
/// ```
public struct VariantType: OptionSet, Hashable, Sendable {
    /// The raw bit set (htslib's `VCF_*` bits).
    public let rawValue: Int
    /// Creates a set from htslib's `VCF_*` bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Single-nucleotide change (`VCF_SNP`).
    public static let snv = VariantType(rawValue: 1 << 0)
    /// Multi-nucleotide change of equal length (`VCF_MNP`).
    public static let mnp = VariantType(rawValue: 1 << 1)
    /// Insertion or deletion (`VCF_INDEL`).
    public static let indel = VariantType(rawValue: 1 << 2)
    /// Anything else: symbolic alleles, complex changes (`VCF_OTHER`).
    public static let other = VariantType(rawValue: 1 << 3)
    /// Breakend notation (`VCF_BND`).
    public static let breakend = VariantType(rawValue: 1 << 4)
    /// The `*` allele of an overlapping deletion (`VCF_OVERLAP`).
    public static let overlap = VariantType(rawValue: 1 << 5)
    /// Insertion (`VCF_INS`, implies `.indel`).
    public static let insertion = VariantType(rawValue: 1 << 6)
    /// Deletion (`VCF_DEL`, implies `.indel`).
    public static let deletion = VariantType(rawValue: 1 << 7)

    /// No ALT allele differs from REF (`VCF_REF`).
    public var isReferenceOnly: Bool { rawValue == 0 }
}
