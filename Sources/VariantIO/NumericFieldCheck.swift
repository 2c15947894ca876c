import Foundation

/// Checks, on the text of a VCF line, that every value of an INFO or FORMAT field declared
/// `Integer` or `Float` looks numeric. htslib stores `DP=lots` as a missing value without a
/// word (and bcftools writes `DP=.`); Criba refuses the record instead of silently changing it.
/// The scan touches only the INFO and FORMAT columns and allocates nothing.
struct NumericFieldCheck {
    /// Numeric INFO keys, bucketed by first byte.
    private var infoKeys: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// Numeric FORMAT keys, bucketed by first byte.
    private var formatKeys: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// False when the header declares no numeric field (nothing to check).
    let isActive: Bool

    init(header: VariantHeader) {
        var any = false
        for definition in header.infoDefinitions where definition.type == .integer || definition.type == .float {
            let bytes = Array(definition.id.utf8)
            if let first = bytes.first { infoKeys[Int(first)].append(bytes); any = true }
        }
        for definition in header.formatDefinitions where definition.type == .integer || definition.type == .float {
            let bytes = Array(definition.id.utf8)
            if let first = bytes.first { formatKeys[Int(first)].append(bytes); any = true }
        }
        isActive = any
    }

    /// The first non-numeric value on the line, as `field 'DP' has the non-numeric value 'lots'`.
    func problem(in line: UnsafeBufferPointer<UInt8>) -> String? {
        guard isActive else { return nil }
        // Column starts: 0-based columns 7 (INFO), 8 (FORMAT) and 9… (samples).
        var column = 0
        var start = 0
        var infoRange = 0..<0
        var formatRange = 0..<0
        var index = 0
        var sampleStart = -1
        while index <= line.count {
            if index == line.count || line[index] == 9 {
                if column == 7 { infoRange = start..<index }
                if column == 8 { formatRange = start..<index; sampleStart = index + 1; break }
                column += 1
                start = index + 1
            }
            index += 1
        }
        if let problem = checkPairs(line, infoRange) { return problem }
        guard sampleStart > 0, !formatRange.isEmpty else { return nil }
        return checkSamples(line, format: formatRange, from: sampleStart)
    }

    private static func isNumericByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "+"),
             UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "a"), UInt8(ascii: "A"),
             UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    private func matches(_ keys: [[[UInt8]]], _ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let first = range.first else { return false }
        for key in keys[Int(line[first])] where key.count == range.count {
            var equal = true
            for offset in 0..<key.count where key[offset] != line[first + offset] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }

    private func describe(_ line: UnsafeBufferPointer<UInt8>, key: Range<Int>, value: Range<Int>, kind: String) -> String {
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[key]), as: UTF8.self)
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[value.lowerBound..<min(value.upperBound, value.lowerBound + 40)]), as: UTF8.self)
        return "\(kind) field '\(name)' is declared numeric but has the value '\(text)'"
    }

    private func checkPairs(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var entryStart = range.lowerBound
        var index = range.lowerBound
        while index <= range.upperBound {
            if index == range.upperBound || line[index] == UInt8(ascii: ";") {
                var equals = entryStart
                while equals < index && line[equals] != UInt8(ascii: "=") { equals += 1 }
                if equals < index, matches(infoKeys, line, entryStart..<equals) {
                    for position in (equals + 1)..<index where !Self.isNumericByte(line[position]) {
                        return describe(line, key: entryStart..<equals, value: (equals + 1)..<index, kind: "INFO")
                    }
                }
                entryStart = index + 1
            }
            index += 1
        }
        return nil
    }

    /// The range of the `position`-th key of the FORMAT column (for the message only).
    private static func key(at position: Int, in line: UnsafeBufferPointer<UInt8>, format: Range<Int>) -> Range<Int> {
        var start = format.lowerBound
        var current = 0
        for index in format.lowerBound...format.upperBound where index == format.upperBound || line[index] == UInt8(ascii: ":") {
            if current == position { return start..<index }
            current += 1
            start = index + 1
        }
        return format
    }

    private func checkSamples(_ line: UnsafeBufferPointer<UInt8>, format: Range<Int>, from sampleStart: Int) -> String? {
        // The numeric FORMAT keys by their position in the FORMAT column (up to 64 keys).
        var numeric: UInt64 = 0
        var keyStart = format.lowerBound
        var position = 0
        var index = format.lowerBound
        while index <= format.upperBound {
            if index == format.upperBound || line[index] == UInt8(ascii: ":") {
                if position < 64, matches(formatKeys, line, keyStart..<index) { numeric |= 1 << UInt64(position) }
                position += 1
                keyStart = index + 1
            }
            index += 1
        }
        guard numeric != 0 else { return nil }
        var field = 0
        var valueStart = sampleStart
        index = sampleStart
        while index <= line.count {
            let end = index == line.count
            let byte: UInt8 = end ? 9 : line[index]
            if byte == UInt8(ascii: ":") || byte == 9 {
                if field < 64, numeric & (1 << UInt64(field)) != 0 {
                    for offset in valueStart..<index where !Self.isNumericByte(line[offset]) {
                        return describe(line, key: Self.key(at: field, in: line, format: format), value: valueStart..<index, kind: "FORMAT")
                    }
                }
                field = byte == 9 ? 0 : field + 1
                valueStart = index + 1
            }
            index += 1
        }
        return nil
    }
}
