/// One annotation source as declared in a config file (`[[source]]`, or vcfanno's
/// `[[annotation]]`) or on the command line (`--source`).
public struct SourceDeclaration: Sendable {
    /// The file, resolved against the config file's directory.
    public var file: String
    /// The kind, when declared; otherwise inferred from the file.
    public var kind: SourceKind?
    /// A short name for provenance and messages (default: the file name).
    public var name: String?
    /// Fields to copy: INFO tags of a VCF (or `ID`), column names of a table.
    public var fields: [String]
    /// 1-based column numbers (BED, tables, gene tables), instead of `fields`.
    public var columns: [Int]
    /// Output names, one per field or column (default: the field names).
    public var names: [String]
    /// Operations, one per field or column (default: `first`).
    public var operations: [SourceOperation]
    /// Output types (`Integer`, `Float`, `String`, `Flag`), one per field, when declared.
    public var types: [String]
    /// For a ClinVar VCF: the name of an Integer field with review-status stars (0–4).
    public var starsName: String?
    /// For a gene table: the key column (a name or a 1-based number).
    public var keyColumn: String?
    /// For a gene table: the CSQ column the key is matched against.
    public var geneKey: GeneKey
    /// For a score table: the REF and ALT column names, when not `ref`/`alt`.
    public var referenceColumn: String?
    /// For a score table: the ALT column name.
    public var alternateColumn: String?
    /// Where the declaration came from, for messages (`sources.toml: source 2`).
    public var origin: String
    /// The release the config declares for this file (`version = "…"`), for provenance.
    public var version: String?

    /// Creates a declaration.
    public init(file: String, kind: SourceKind? = nil, name: String? = nil, fields: [String] = [], columns: [Int] = [],
                names: [String] = [], operations: [SourceOperation] = [], types: [String] = [], starsName: String? = nil,
                keyColumn: String? = nil, geneKey: GeneKey = .symbol, referenceColumn: String? = nil,
                alternateColumn: String? = nil, origin: String, version: String? = nil) {
        self.file = file; self.kind = kind; self.name = name; self.fields = fields; self.columns = columns
        self.names = names; self.operations = operations; self.types = types; self.starsName = starsName
        self.keyColumn = keyColumn; self.geneKey = geneKey; self.referenceColumn = referenceColumn
        self.alternateColumn = alternateColumn; self.origin = origin; self.version = version
    }

    /// The name used in messages and provenance.
    public var displayName: String { name ?? (file as NSString).lastPathComponent }
}

import Foundation
