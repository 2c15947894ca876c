/// A genotype summarised the way `bcftools stats` does (`bcf_gt_type`).
///
/// `./1` and other partially missing diploid calls count as missing, as in htslib.
public enum GenotypeClass: UInt8, Sendable, CaseIterable {
    /// `0/0`
    case homozygousReference
    /// `1/1`, `2/2`
    case homozygousAlternate
    /// `0/1`
    case heterozygousReferenceAlternate
    /// `1/2`
    case heterozygousAlternateAlternate
    /// haploid `0`
    case haploidReference
    /// haploid `1`
    case haploidAlternate
    /// `./.`, `.`, `./1`, or no GT field
    case missing

    /// True for the two heterozygous classes.
    public var isHeterozygous: Bool {
        self == .heterozygousReferenceAlternate || self == .heterozygousAlternateAlternate
    }
}

/// The class of one sample's genotype at a record, with the ALT alleles it carries.
public struct GenotypeCall: Sendable, Equatable {
    /// The genotype class.
    public var genotypeClass: GenotypeClass
    /// The first non-reference allele index (1-based ALT number), or 0.
    public var firstAlternate: Int32
    /// The second non-reference allele (for `1/2`), or 0.
    public var secondAlternate: Int32

    /// Creates a call.
    public init(genotypeClass: GenotypeClass, firstAlternate: Int32 = 0, secondAlternate: Int32 = 0) {
        self.genotypeClass = genotypeClass
        self.firstAlternate = firstAlternate
        self.secondAlternate = secondAlternate
    }
}
