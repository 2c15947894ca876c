/// A run of bytes in a text buffer: `buffer[start..<end]`.
public struct TextSpan: Sendable, Equatable {
    /// The first byte.
    public var start: Int
    /// One past the last byte.
    public var end: Int

    /// Creates the span `start..<end`.
    @inline(__always)
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
}

/// Writing text as bytes (the CSQ columns of `ConsequencePredictor` and `CSQWriter`).
extension Array where Element == UInt8 {
    /// Appends ASCII text known at compile time.
    @inline(__always)
    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a decimal integer without building a `String`.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Appends `bytes`, or `-` when there are none (an empty side of the Codons and
    /// Amino_acids columns).
    mutating func appendOrDash(_ bytes: [UInt8]) {
        if bytes.isEmpty { append(UInt8(ascii: "-")) } else { append(contentsOf: bytes) }
    }

    /// Appends `a` (when `a == b`) or `a-b`: a position or a range of positions.
    mutating func appendPositionRange(_ a: Int, _ b: Int) {
        appendDecimal(a)
        if a != b {
            append(UInt8(ascii: "-"))
            appendDecimal(b)
        }
    }
}
