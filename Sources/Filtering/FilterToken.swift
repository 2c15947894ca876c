/// One lexical token of a filter expression, with the columns it spans.
struct FilterToken: Equatable {
    /// What kind of token.
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// `INFO/TAG` (the tag may contain dots, as VCF allows).
        case infoField(String)
        /// `FORMAT/TAG` or `FMT/TAG`.
        case formatField(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    /// Columns, 0-based half-open, in characters.
    var columns: Range<Int>

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let text): return "\"\(text)\""
        case .identifier(let name): return name
        case .infoField(let name): return "INFO/\(name)"
        case .formatField(let name): return "FORMAT/\(name)"
        case .symbol(let symbol): return symbol
        case .end: return "the end of the expression"
        }
    }
}
