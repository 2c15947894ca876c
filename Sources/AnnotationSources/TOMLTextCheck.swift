/// Checks TOML text for what the parser underneath (toml++ inside TOMLKit) cannot take
/// safely, before it sees it: control characters (it reads NUL as the end of the text),
/// non-ASCII characters outside strings and comments, and a key or a value that starts with
/// a character no key or value can start with (toml++ stops on an assertion there, e.g.
/// `[(a]` or `["a", }"b"]`, instead of reporting an error). Valid TOML always passes.
public enum TOMLTextCheck {
    private enum Expect { case lineStart, key, keyOrClose, value, arrayValue, none }

    /// The first problem as `LINE: explanation`, or nil.
    public static func problem(in text: String) -> String? {
        let characters = Array(text.unicodeScalars)
        var line = 1
        var index = 0
        var stack: [Character] = []
        var expect = Expect.lineStart
        var inKey = false
        func isKeyStart(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x80 && (Character(scalar).isLetter || Character(scalar).isNumber)) || scalar == "_" || scalar == "-"
                || scalar == "\"" || scalar == "'"
        }
        func isValueStart(_ scalar: Unicode.Scalar) -> Bool {
            "\"'[{+-tfin".unicodeScalars.contains(scalar) || (scalar.value < 0x80 && Character(scalar).isNumber)
        }
        func skipString(_ quote: Unicode.Scalar) -> Bool {
            let triple = index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote
            if triple {
                index += 3
                while index + 2 < characters.count {
                    if characters[index] == "\n" { line += 1 }
                    if quote == "\"" && characters[index] == "\\" { index += 2; continue }
                    if characters[index] == quote && characters[index + 1] == quote && characters[index + 2] == quote { index += 3; return true }
                    index += 1
                }
                return false
            }
            index += 1
            while index < characters.count, characters[index] != "\n" {
                if quote == "\"" && characters[index] == "\\" { index += 2; continue }
                if characters[index] == quote { index += 1; return true }
                index += 1
            }
            return false
        }
        while index < characters.count {
            let scalar = characters[index]
            if (scalar.value < 0x20 && scalar != "\t" && scalar != "\r" && scalar != "\n") || scalar.value == 0x7F {
                return "\(line): a control character (U+\(hex(scalar.value))) is not allowed in TOML"
            }
            if scalar == "\r", index + 1 >= characters.count || characters[index + 1] != "\n" {
                return "\(line): a carriage return not followed by a line feed (TOML allows CR only in CRLF line ends)"
            }
            if scalar == "\n" {
                if stack.isEmpty && (expect == .key || expect == .value) {
                    return "\(line): the line ends where a \(expect == .key ? "key" : "value") is expected"
                }
                line += 1
                index += 1
                if stack.isEmpty { expect = .lineStart; inKey = false }
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\r" { index += 1; continue }
            if scalar == "#" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if scalar.value > 0x7F && scalar != "\u{FEFF}" {
                return "\(line): '\(Character(scalar))' outside a string: TOML keys and values other than strings are ASCII"
            }
            switch expect {
            case .lineStart:
                if scalar == "[" {
                    index += 1
                    if index < characters.count, characters[index] == "[" { index += 1 }
                    expect = .key
                    inKey = true
                    continue
                }
                if scalar == "\u{FEFF}" { index += 1; continue }
                guard isKeyStart(scalar) else { return "\(line): a key must start with a letter, digit, _, - or a quote, not '\(Character(scalar))'" }
                inKey = true
                expect = .none
            case .key, .keyOrClose:
                if expect == .keyOrClose, scalar == "}" { stack.removeLast(); expect = .none; index += 1; continue }
                guard isKeyStart(scalar) else { return "\(line): a key must start with a letter, digit, _, - or a quote, not '\(Character(scalar))'" }
                inKey = true
                expect = .none
            case .value, .arrayValue:
                if expect == .arrayValue, scalar == "]" { stack.removeLast(); expect = .none; index += 1; continue }
                guard isValueStart(scalar) else { return "\(line): a value must start with a quote, a digit, a sign, true, false, inf, nan, [ or {, not '\(Character(scalar))'" }
                expect = .none
                if scalar == "[" { stack.append("["); expect = .arrayValue; index += 1; continue }
                if scalar == "{" { stack.append("{"); expect = .keyOrClose; index += 1; continue }
            case .none:
                break
            }
            // Inside a key, a value or between them.
            if scalar == "\"" || scalar == "'" {
                guard skipString(scalar) else { return "\(line): a string is not closed" }
                continue
            }
            switch scalar {
            case "=" where inKey:
                inKey = false
                expect = .value
            case "." where inKey:
                expect = .key
            case "," where stack.last == "[":
                expect = .arrayValue
            case "," where stack.last == "{":
                expect = .key
                inKey = false
            case "]" where stack.last == "[":
                stack.removeLast()
            case "}" where stack.last == "{":
                stack.removeLast()
            default:
                break
            }
            index += 1
        }
        if expect == .key || expect == .value { return "\(line): the text ends where a \(expect == .key ? "key" : "value") is expected" }
        return nil
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
