/// How the values of several hits (matching alleles, overlapping regions) become one
/// output value. `self` (vcfanno's name for the matching allele's value) is `first`.
public enum SourceOperation: String, Sendable, CaseIterable {
    /// The value of the first hit, in file order.
    case first
    /// The largest numeric value.
    case max
    /// The smallest numeric value.
    case min
    /// The arithmetic mean of the numeric values.
    case mean
    /// The sum of the numeric values.
    case sum
    /// The number of hits.
    case count
    /// Every value, comma-separated, in file order.
    case concat
    /// Every distinct value, comma-separated, in first-seen order.
    case uniq
    /// A Flag set when there is at least one hit.
    case flag

    /// Parses a config name; `self` is accepted as `first`.
    public init?(configName: String) {
        if configName == "self" { self = .first; return }
        self.init(rawValue: configName)
    }

    /// True for operations that read values as numbers.
    var isNumeric: Bool { self == .max || self == .min || self == .mean || self == .sum }
}

/// What kind of file a source is, which decides how its records are matched.
public enum SourceKind: String, Sendable {
    /// A VCF/BCF: matched by allele after splitting and trimming both sides.
    case vcf
    /// A BED file: matched by overlap with the variant's REF span.
    case bed
    /// A tab-delimited table with chrom, pos, ref and alt columns: matched by allele.
    case table
    /// A table keyed by gene, joined to each CSQ entry's gene.
    case genes
}

/// Which CSQ column a gene table's key is matched against.
public enum GeneKey: String, Sendable {
    /// HGNC gene symbol (`SYMBOL`).
    case symbol
    /// HGNC identifier (`HGNC_ID`, with or without the `HGNC:` prefix).
    case hgnc
    /// Ensembl gene ID (`Gene`, compared without the version suffix).
    case ensembl

    /// The CSQ column holding this key.
    var csqColumn: String {
        switch self {
        case .symbol: return "SYMBOL"
        case .hgnc: return "HGNC_ID"
        case .ensembl: return "Gene"
        }
    }
}
