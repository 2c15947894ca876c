/// A filter expression that cannot be compiled: what is wrong and where, rendered
/// with the expression and a caret under the offending columns.
///
/// ```
/// unknown INFO field 'DPP' (declared: AC, AF, AN, DP, …)
///   INFO/DPP > 10
///   ^~~~~~~~
/// ```
public struct FilterError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// The expression as given (with its label, if any).
    public var expression: String
    /// The offending columns, 0-based, half-open, in characters of `expression`.
    public var columns: Range<Int>

    /// Creates an error at `columns` of `expression`.
    public init(_ message: String, expression: String, columns: Range<Int>) {
        self.message = message
        self.expression = expression
        self.columns = columns
    }

    /// The message, the expression and a caret line, joined by newlines.
    public var description: String {
        let width = max(1, columns.count)
        let marker = String(repeating: " ", count: columns.lowerBound) + "^" + String(repeating: "~", count: width - 1)
        return "\(message)\n  \(expression)\n  \(marker)"
    }
}
