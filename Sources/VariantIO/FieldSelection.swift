/// The parts of each record a stage reads, so that readers decode only those — the
/// way bcftools compiles a filter and unpacks only what it uses.
///
/// BCF is decoded lazily anyway; for VCF text each line is projected to the selected
/// fields before htslib parses it (`LineProjector`). Fields left out are not parsed,
/// so they are not validated either.
///
/// ```swift
/// let genotypesOnly = FieldSelection(info: false, formatTags: ["GT", "DP"])
/// ```
public struct FieldSelection: Sendable, Equatable {
    /// Parse INFO (INFO/END, which sets a record's span, is always kept).
    public var info: Bool
    /// FORMAT keys to parse; nil for all.
    public var formatTags: Set<String>?

    /// Creates a selection.
    public init(info: Bool, formatTags: Set<String>?) {
        self.info = info
        self.formatTags = formatTags
    }

    /// Every field.
    public static let all = FieldSelection(info: true, formatTags: nil)

    /// True when nothing is left out.
    public var isAll: Bool { info && formatTags == nil }
}
