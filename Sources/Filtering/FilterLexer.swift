/// Splits a filter expression into tokens. Identifiers are `[A-Za-z_][A-Za-z0-9_]*`;
/// `INFO/` and `FORMAT/` (or `FMT/`) prefixes read a VCF tag (letters, digits, `_`, `.`);
/// strings are in double or single quotes; `\"` and `\\` are the only escapes.
struct FilterLexer {
    private let characters: [Character]
    private let expression: String
    private let offset: Int

    /// `offset` is the column of the expression's first character in the text shown in errors.
    init(_ expression: String, displayed: String, offset: Int) {
        self.characters = Array(expression)
        self.expression = displayed
        self.offset = offset
    }

    private static let symbols = ["&&", "||", "==", "!=", "<=", ">=", "!~", "??", "<", ">", "=", "!", "~", "(", ")",
                                  "[", "]", ",", ".", "+", "-", "*", "/", "&", "|"]

    func tokens() throws(FilterError) -> [FilterToken] {
        var tokens: [FilterToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            let start = index
            if character.isNumber || (character == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                index = try number(from: index, into: &tokens)
                continue
            }
            if character == "\"" || character == "'" {
                index = try string(from: index, quote: character, into: &tokens)
                continue
            }
            if character.isLetter || character == "_" {
                while index < characters.count, isIdentifierCharacter(characters[index]) { index += 1 }
                let name = String(characters[start..<index])
                let upper = name.uppercased()
                if index < characters.count, characters[index] == "/", ["INFO", "FORMAT", "FMT"].contains(upper) {
                    var tagEnd = index + 1
                    while tagEnd < characters.count, isIdentifierCharacter(characters[tagEnd]) || characters[tagEnd] == "." { tagEnd += 1 }
                    let tag = String(characters[(index + 1)..<tagEnd])
                    guard !tag.isEmpty else {
                        throw error("expected a tag name after '\(name)/'", start..<(index + 1))
                    }
                    tokens.append(FilterToken(kind: upper == "INFO" ? .infoField(tag) : .formatField(tag), columns: shifted(start..<tagEnd)))
                    index = tagEnd
                } else {
                    tokens.append(FilterToken(kind: .identifier(name), columns: shifted(start..<index)))
                }
                continue
            }
            guard let symbol = FilterLexer.symbols.first(where: { matches($0, at: index) }) else {
                throw error("unexpected character '\(character)'", start..<(start + 1))
            }
            index += symbol.count
            tokens.append(FilterToken(kind: .symbol(symbol), columns: shifted(start..<index)))
        }
        tokens.append(FilterToken(kind: .end, columns: shifted(characters.count..<(characters.count + 1))))
        return tokens
    }

    private func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private func matches(_ symbol: String, at index: Int) -> Bool {
        var position = index
        for character in symbol {
            guard position < characters.count, characters[position] == character else { return false }
            position += 1
        }
        return true
    }

    private func number(from start: Int, into tokens: inout [FilterToken]) throws(FilterError) -> Int {
        var index = start
        while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            var exponent = index + 1
            if exponent < characters.count, characters[exponent] == "-" || characters[exponent] == "+" { exponent += 1 }
            if exponent < characters.count, characters[exponent].isNumber {
                index = exponent
                while index < characters.count, characters[index].isNumber { index += 1 }
            }
        }
        if index < characters.count, isIdentifierCharacter(characters[index]) {
            var end = index
            while end < characters.count, isIdentifierCharacter(characters[end]) { end += 1 }
            throw error("malformed number '\(String(characters[start..<end]))'", start..<end)
        }
        let text = String(characters[start..<index])
        guard let value = Double(text), value.isFinite else { throw error("malformed number '\(text)'", start..<index) }
        tokens.append(FilterToken(kind: .number(value), columns: shifted(start..<index)))
        return index
    }

    private func string(from start: Int, quote: Character, into tokens: inout [FilterToken]) throws(FilterError) -> Int {
        var index = start + 1
        var text = ""
        while index < characters.count, characters[index] != quote {
            // `\"` and `\\` are escapes; any other backslash stays (regular expressions need it).
            if characters[index] == "\\", index + 1 < characters.count,
               characters[index + 1] == quote || characters[index + 1] == "\\" {
                index += 1
            }
            text.append(characters[index])
            index += 1
        }
        guard index < characters.count else {
            throw error("unterminated string: no closing \(quote)", start..<characters.count)
        }
        tokens.append(FilterToken(kind: .string(text), columns: shifted(start..<(index + 1))))
        return index + 1
    }

    private func shifted(_ range: Range<Int>) -> Range<Int> { (range.lowerBound + offset)..<(range.upperBound + offset) }

    private func error(_ message: String, _ range: Range<Int>) -> FilterError {
        FilterError(message, expression: expression, columns: shifted(range))
    }
}
