/// The parsed form of a filter expression, before names are resolved against a header.
indirect enum FilterSyntax {
    case number(Double, Range<Int>)
    case string(String, Range<Int>)
    case list([FilterSyntax], Range<Int>)
    /// A bare name: `QUAL`, `FILTER`, `POS`, a bare INFO tag, a sample or role.
    case name(String, Range<Int>)
    case info(String, Range<Int>)
    case format(String, Range<Int>)
    /// `base.member`: `CSQ.IMPACT`, `proband.DP`, `sample("x").GQ`.
    case member(FilterSyntax, String, Range<Int>)
    /// `value[index]`
    case index(FilterSyntax, Int, Range<Int>)
    case call(String, [FilterSyntax], Range<Int>)
    case unary(String, FilterSyntax, Range<Int>)
    case binary(String, FilterSyntax, FilterSyntax, Range<Int>)

    /// The columns the node spans in the displayed expression.
    var columns: Range<Int> {
        switch self {
        case .number(_, let range), .string(_, let range), .list(_, let range), .name(_, let range), .info(_, let range),
             .format(_, let range), .member(_, _, let range), .index(_, _, let range), .call(_, _, let range),
             .unary(_, _, let range), .binary(_, _, _, let range):
            return range
        }
    }
}
