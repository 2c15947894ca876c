/// The container and compression of a variant file, detected from its bytes
/// (htslib's `hts_detect_format`), never from its name.
public enum VariantFileFormat: String, Sendable, CaseIterable {
    /// Uncompressed VCF text.
    case vcf
    /// VCF text compressed with BGZF (indexable, `.vcf.gz`).
    case vcfBGZF
    /// VCF text compressed with plain gzip (readable, not indexable).
    case vcfGzip
    /// BGZF-compressed BCF.
    case bcf
    /// Uncompressed BCF.
    case bcfUncompressed

    /// True for the two BCF forms.
    public var isBCF: Bool { self == .bcf || self == .bcfUncompressed }

    /// The `-O` letter that writes this format (`v`, `z`, `b`, `u`).
    public var outputLetter: Character {
        switch self {
        case .vcf: return "v"
        case .vcfBGZF, .vcfGzip: return "z"
        case .bcf: return "b"
        case .bcfUncompressed: return "u"
        }
    }

    /// The format written for an `-O` letter, or `nil` for an unknown letter.
    public init?(outputLetter: Character) {
        switch outputLetter {
        case "v": self = .vcf
        case "z": self = .vcfBGZF
        case "b": self = .bcf
        case "u": self = .bcfUncompressed
        default: return nil
        }
    }

    /// The htslib `hts_open` mode for writing this format.
    var writeMode: String {
        switch self {
        case .vcf: return "w"
        case .vcfBGZF, .vcfGzip: return "wz"
        case .bcf: return "wb"
        case .bcfUncompressed: return "wbu"
        }
    }
}
