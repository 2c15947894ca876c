/// Recursive-descent parser for the filter language. Precedence, loosest first:
/// `||`; `&&`; `!`; comparisons (`== != < <= > >= in ~ !~`); `??`; `+ -`; `* /`;
/// unary minus; `[index]` and `.member`.
struct FilterParser {
    private var tokens: [FilterToken]
    private var position = 0
    private let expression: String

    init(tokens: [FilterToken], expression: String) {
        self.tokens = tokens
        self.expression = expression
    }

    /// Parses the whole token stream as one expression.
    mutating func parse() throws(FilterError) -> FilterSyntax {
        let node = try parseOr()
        guard case .end = current.kind else {
            throw error("expected an operator or the end of the expression, found \(current.display)", current.columns)
        }
        return node
    }

    private var current: FilterToken { tokens[position] }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.kind { return true }
        return false
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind, name == word { return true }
        return false
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(FilterError) -> FilterToken {
        guard isSymbol(symbol) else { throw error("expected '\(symbol)' \(context), found \(current.display)", current.columns) }
        defer { position += 1 }
        return current
    }

    private func span(_ left: Range<Int>, _ right: Range<Int>) -> Range<Int> {
        min(left.lowerBound, right.lowerBound)..<max(left.upperBound, right.upperBound)
    }

    private mutating func parseOr() throws(FilterError) -> FilterSyntax {
        var left = try parseAnd()
        while isSymbol("||") || isSymbol("|") {
            if isSymbol("|") { throw error("'|' is not an operator here: write '||' (and any()/all() for per-sample logic)", current.columns) }
            position += 1
            let right = try parseAnd()
            left = .binary("||", left, right, span(left.columns, right.columns))
        }
        return left
    }

    private mutating func parseAnd() throws(FilterError) -> FilterSyntax {
        var left = try parseNot()
        while isSymbol("&&") || isSymbol("&") {
            if isSymbol("&") { throw error("'&' is not an operator here: write '&&' (and any()/all() for per-sample logic)", current.columns) }
            position += 1
            let right = try parseNot()
            left = .binary("&&", left, right, span(left.columns, right.columns))
        }
        return left
    }

    private mutating func parseNot() throws(FilterError) -> FilterSyntax {
        if isSymbol("!") {
            let start = current.columns
            position += 1
            let operand = try parseNot()
            return .unary("!", operand, span(start, operand.columns))
        }
        return try parseComparison()
    }

    private static let comparisons = ["==", "=", "!=", "<", "<=", ">", ">=", "~", "!~"]

    private mutating func parseComparison() throws(FilterError) -> FilterSyntax {
        let left = try parseCoalesce()
        if case .symbol(let symbol) = current.kind, FilterParser.comparisons.contains(symbol) {
            position += 1
            let right = try parseCoalesce()
            let node = FilterSyntax.binary(symbol == "=" ? "==" : symbol, left, right, span(left.columns, right.columns))
            if case .symbol(let next) = current.kind, FilterParser.comparisons.contains(next) {
                throw error("comparisons do not chain: join them with && or ||", current.columns)
            }
            return node
        }
        if isKeyword("in") {
            position += 1
            let right = try parseCoalesce()
            return .binary("in", left, right, span(left.columns, right.columns))
        }
        if isKeyword("not") {
            let start = current.columns
            position += 1
            guard isKeyword("in") else { throw error("expected 'in' after 'not'", start) }
            position += 1
            let right = try parseCoalesce()
            let membership = FilterSyntax.binary("in", left, right, span(left.columns, right.columns))
            return .unary("!", membership, membership.columns)
        }
        return left
    }

    private mutating func parseCoalesce() throws(FilterError) -> FilterSyntax {
        var left = try parseAdditive()
        while isSymbol("??") {
            position += 1
            let right = try parseAdditive()
            left = .binary("??", left, right, span(left.columns, right.columns))
        }
        return left
    }

    private mutating func parseAdditive() throws(FilterError) -> FilterSyntax {
        var left = try parseMultiplicative()
        while isSymbol("+") || isSymbol("-") {
            guard case .symbol(let symbol) = current.kind else { break }
            position += 1
            let right = try parseMultiplicative()
            left = .binary(symbol, left, right, span(left.columns, right.columns))
        }
        return left
    }

    private mutating func parseMultiplicative() throws(FilterError) -> FilterSyntax {
        var left = try parseNegation()
        while isSymbol("*") || isSymbol("/") {
            guard case .symbol(let symbol) = current.kind else { break }
            position += 1
            let right = try parseNegation()
            left = .binary(symbol, left, right, span(left.columns, right.columns))
        }
        return left
    }

    private mutating func parseNegation() throws(FilterError) -> FilterSyntax {
        if isSymbol("-") {
            let start = current.columns
            position += 1
            let operand = try parseNegation()
            if case .number(let value, let range) = operand { return .number(-value, span(start, range)) }
            return .unary("-", operand, span(start, operand.columns))
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(FilterError) -> FilterSyntax {
        var node = try parsePrimary()
        while true {
            if isSymbol("[") {
                position += 1
                guard case .number(let value) = current.kind, value >= 0, value == value.rounded() else {
                    throw error("expected a 0-based index (0, 1, …) inside [ ], found \(current.display)", current.columns)
                }
                position += 1
                let close = try expect("]", "after the index")
                node = .index(node, Int(value), span(node.columns, close.columns))
            } else if isSymbol(".") {
                position += 1
                guard case .identifier(let member) = current.kind else {
                    throw error("expected a field name after '.', found \(current.display)", current.columns)
                }
                let end = current.columns
                position += 1
                node = .member(node, member, span(node.columns, end))
            } else {
                return node
            }
        }
    }

    private mutating func parsePrimary() throws(FilterError) -> FilterSyntax {
        let token = current
        switch token.kind {
        case .number(let value):
            position += 1
            return .number(value, token.columns)
        case .string(let text):
            position += 1
            return .string(text, token.columns)
        case .infoField(let tag):
            position += 1
            return .info(tag, token.columns)
        case .formatField(let tag):
            position += 1
            return .format(tag, token.columns)
        case .identifier(let name):
            position += 1
            if isSymbol("(") {
                position += 1
                var arguments: [FilterSyntax] = []
                if !isSymbol(")") {
                    arguments.append(try parseOr())
                    while isSymbol(",") {
                        position += 1
                        arguments.append(try parseOr())
                    }
                }
                let close = try expect(")", "to close the arguments of \(name)(")
                return .call(name, arguments, span(token.columns, close.columns))
            }
            return .name(name, token.columns)
        case .symbol("("):
            position += 1
            let inner = try parseOr()
            _ = try expect(")", "to close the parenthesis opened at column \(token.columns.lowerBound + 1)")
            return inner
        case .symbol("["):
            position += 1
            var items: [FilterSyntax] = []
            if !isSymbol("]") {
                items.append(try parseCoalesce())
                while isSymbol(",") {
                    position += 1
                    items.append(try parseCoalesce())
                }
            }
            let close = try expect("]", "to close the list")
            return .list(items, span(token.columns, close.columns))
        case .end:
            throw error("the expression ends where a value was expected", token.columns)
        case .symbol(let symbol):
            throw error("expected a value, found '\(symbol)'", token.columns)
        }
    }

    private func error(_ message: String, _ columns: Range<Int>) -> FilterError {
        FilterError(message, expression: expression, columns: columns)
    }
}
