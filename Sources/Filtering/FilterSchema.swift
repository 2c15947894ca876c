import VariantIO
import VariantModel

/// What an expression may refer to: the header's INFO/FORMAT/FILTER definitions and
/// samples, the CSQ columns the header declares, and the pedigree's roles.
public struct FilterSchema: Sendable {
    /// The header records are read with.
    public let header: VariantHeader
    /// The family, when a PED file was given (for `proband`, `mother`, `father`).
    public let pedigree: Pedigree?
    /// The CSQ columns from the `Format: A|B|…` of the INFO/CSQ description (empty without CSQ).
    public let csqColumns: [String]

    /// Builds the schema of `header`.
    public init(header: VariantHeader, pedigree: Pedigree? = nil) {
        self.header = header
        self.pedigree = pedigree
        self.csqColumns = FilterSchema.csqColumns(description: header.info("CSQ")?.description)
    }

    /// The column names of a VEP-style CSQ description (`… Format: Allele|Consequence|…`).
    public static func csqColumns(description: String?) -> [String] {
        guard let description, let range = description.range(of: "Format: ") else { return [] }
        return description[range.upperBound...].trimmingCharacters(in: .whitespaces).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    /// The index of a sample by name.
    func sampleIndex(_ name: String) -> Int? { header.samples.firstIndex(of: name) }
}
