/// A compiled filter expression, optionally named (`rare: INFO/gnomad_AF < 0.001`),
/// ready to be evaluated on records by a `FilterEvaluator`.
///
/// ```swift
/// let schema = FilterSchema(header: reader.header)
/// let rare = try FilterExpression("rare: (INFO/gnomad_AF ?? 0) < 0.001 && QUAL >= 30", schema: schema)
/// rare.label   // "rare"
/// ```
public struct FilterExpression: @unchecked Sendable {
    /// The name before the colon, if any (used for soft FILTER and INFO flags).
    public let label: String?
    /// The text as given.
    public let text: String
    /// The compiled condition, lowered.
    let program: FilterProgram
    /// Regular expressions by slot, compiled per evaluator.
    let patterns: [String]

    /// Parses and type-checks `text` against `schema`.
    public init(_ text: String, schema: FilterSchema) throws(FilterError) {
        self.text = text
        let (label, bodyStart) = FilterExpression.splitLabel(text)
        self.label = label
        let characters = Array(text)
        let body = String(characters[bodyStart...])
        if body.allSatisfy(\.isWhitespace) {
            throw FilterError(label == nil ? "the expression is empty" : "the expression after '\(label!):' is empty",
                              expression: text, columns: bodyStart..<(bodyStart + 1))
        }
        let tokens = try FilterLexer(body, displayed: text, offset: bodyStart).tokens()
        var parser = FilterParser(tokens: tokens, expression: text)
        let syntax = try parser.parse()
        var compiler = FilterCompiler(schema: schema, expression: text)
        self.program = FilterProgram(try compiler.compilePredicate(syntax))
        self.patterns = compiler.patterns
    }

    /// A `label:` prefix: letters, digits, `_`, `.` and `-`, starting with a letter or `_`.
    static func splitLabel(_ text: String) -> (String?, Int) {
        let characters = Array(text)
        guard let colon = characters.firstIndex(of: ":") else { return (nil, 0) }
        // A colon inside quotes is not a label separator.
        if characters[..<colon].contains(where: { $0 == "\"" || $0 == "'" }) { return (nil, 0) }
        let candidate = String(characters[..<colon]).trimmingCharacters(in: .whitespaces)
        guard let first = candidate.first, first.isLetter || first == "_",
              candidate.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else { return (nil, 0) }
        return (candidate, colon + 1)
    }
}
