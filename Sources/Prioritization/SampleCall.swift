/// One sample's call for one ALT allele at one variant: what inheritance checks read.
public struct SampleCall: Sendable, Equatable {
    /// Copies of the ALT allele (0, 1, 2; 0 or 1 for a haploid call); nil when missing.
    public var alternateCopies: Int?
    /// 1 for a haploid call (a male's X outside the PARs, chrM), else 2.
    public var ploidy: Int
    /// Read depth, when known.
    public var depth: Int?
    /// Genotype quality, when known.
    public var genotypeQuality: Int?
    /// Fraction of reads supporting the ALT allele, when known.
    public var alternateFraction: Double?
    /// For a phased heterozygous call: the phase set and the haplotype (0 or 1) carrying the ALT.
    public var phase: (set: Int, haplotype: Int)?

    /// Creates a call.
    public init(alternateCopies: Int?, ploidy: Int = 2, depth: Int? = nil, genotypeQuality: Int? = nil,
                alternateFraction: Double? = nil, phase: (set: Int, haplotype: Int)? = nil) {
        self.alternateCopies = alternateCopies; self.ploidy = ploidy; self.depth = depth
        self.genotypeQuality = genotypeQuality; self.alternateFraction = alternateFraction; self.phase = phase
    }

    /// True when the call is missing.
    public var isMissing: Bool { alternateCopies == nil }
    /// True for one ALT copy on a diploid call.
    public var isHeterozygous: Bool { ploidy == 2 && alternateCopies == 1 }
    /// True when every copy is ALT (hemizygous or homozygous).
    public var isHomozygousAlternate: Bool { alternateCopies.map { $0 == ploidy && $0 > 0 } ?? false }
    /// True when the call carries at least one ALT.
    public var carries: Bool { (alternateCopies ?? 0) > 0 }

    public static func == (left: SampleCall, right: SampleCall) -> Bool {
        left.alternateCopies == right.alternateCopies && left.ploidy == right.ploidy && left.depth == right.depth
            && left.genotypeQuality == right.genotypeQuality && left.alternateFraction == right.alternateFraction
            && left.phase?.set == right.phase?.set && left.phase?.haplotype == right.phase?.haplotype
    }
}

/// How far a variant (or pair) fits an inheritance mode in a family.
public enum Compatibility: String, Sendable, Comparable {
    /// A call contradicts the mode.
    case incompatible
    /// No call contradicts it, but a needed call is missing (or a parent is absent).
    case possible
    /// Every needed call is present and fits.
    case compatible

    private var rank: Int { self == .incompatible ? 0 : self == .possible ? 1 : 2 }
    public static func < (left: Compatibility, right: Compatibility) -> Bool { left.rank < right.rank }
}

/// The modes Criba checks.
public enum InheritanceMode: String, Sendable, CaseIterable {
    /// Autosomal dominant: affected members carry it, unaffected ones do not.
    case autosomalDominant = "AD"
    /// Absent from both (confidently genotyped) parents, present in the proband.
    case deNovo = "de_novo"
    /// Autosomal recessive, homozygous in affected members.
    case autosomalRecessiveHomozygous = "AR_hom"
    /// Two variants of one gene on different parental copies (checked on pairs).
    case compoundHeterozygous = "AR_comphet"
    /// X-linked recessive: hemizygous affected males, homozygous affected females.
    case xLinkedRecessive = "XLR"
    /// X-linked dominant: affected members carry it, unaffected ones do not.
    case xLinkedDominant = "XLD"
    /// Mitochondrial: affected members carry it, inherited from the mother.
    case mitochondrial = "MT"
}

/// Where a contig sits for inheritance.
public enum ChromosomeClass: Sendable {
    case autosome, x, y, mitochondrion

    /// Classifies `1`/`chr1`, `X`/`chrX`, `Y`, `MT`/`chrM`/`M`.
    public init(contig: String) {
        let name = contig.hasPrefix("chr") ? String(contig.dropFirst(3)) : contig
        switch name.uppercased() {
        case "X", "23": self = .x
        case "Y", "24": self = .y
        case "M", "MT", "25": self = .mitochondrion
        default: self = .autosome
        }
    }
}
