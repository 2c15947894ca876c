/// Parses the ninth column of GFF3 (`key=value;…`, percent-encoded) and GTF
/// (`key "value"; …`) into a dictionary. Repeated GTF keys (`tag`) are joined by commas.
enum FeatureAttributes {
    /// GFF3 attributes.
    static func gff3(_ text: Substring) -> [Substring: String] {
        var result: [Substring: String] = [:]
        // Split on UTF-8 bytes: Character-wise splitting dominated loading a genome's models.
        for fieldBytes in text.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            guard let equals = fieldBytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            var keyBytes = fieldBytes[fieldBytes.startIndex..<equals]
            while keyBytes.first == UInt8(ascii: " ") { keyBytes = keyBytes.dropFirst() }
            let valueBytes = fieldBytes[fieldBytes.index(after: equals)...]
            let value = Substring(valueBytes)
            result[Substring(keyBytes)] = valueBytes.contains(UInt8(ascii: "%")) ? percentDecoded(value) : String(value)
        }
        return result
    }

    /// GTF attributes.
    static func gtf(_ text: Substring) -> [Substring: String] {
        var result: [Substring: String] = [:]
        for field in text.split(separator: ";", omittingEmptySubsequences: true) {
            let trimmed = field.drop { $0 == " " }
            guard let space = trimmed.firstIndex(of: " ") else { continue }
            let key = trimmed[trimmed.startIndex..<space]
            var value = trimmed[trimmed.index(after: space)...]
            while value.last == " " { value = value.dropLast() }
            if value.first == "\"" { value = value.dropFirst() }
            if value.last == "\"" { value = value.dropLast() }
            if let existing = result[key] { result[key] = existing + "," + value } else { result[key] = String(value) }
        }
        return result
    }

    /// Decodes `%3B`-style escapes.
    static func percentDecoded(_ value: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(value.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }
}
