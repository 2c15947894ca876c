/// The effect of one allele on one transcript: consequence terms plus the positions,
/// amino acids, codons and HGVS names that VEP reports.
///
/// The text columns are spans of the predictor's text buffer (`ConsequencePredictor.text`),
/// written as bytes while the allele is annotated: no `String` is built per record. They are
/// valid until the predictor annotates the next allele.
public struct TranscriptAnnotation: Sendable {
    /// Index of the transcript in `GeneModel.transcripts`.
    public var transcriptIndex: Int
    /// The consequence terms.
    public var terms = ConsequenceSet()
    /// 1-based exon number(s) touched, with the exon count (`"3/12"`, `"3-4/12"`).
    public var exon: TextSpan?
    /// 1-based intron number(s) touched, with the intron count.
    public var intron: TextSpan?
    /// HGVS coding/non-coding name (`ENST…:c.123G>A`).
    public var hgvsc: TextSpan?
    /// HGVS protein name (`ENSP…:p.(Arg41Trp)`).
    public var hgvsp: TextSpan?
    /// cDNA position(s).
    public var cdnaPosition: TextSpan?
    /// CDS position(s).
    public var cdsPosition: TextSpan?
    /// Protein position(s).
    public var proteinPosition: TextSpan?
    /// Reference/alternate amino acids (`R/W`, or `L` when synonymous).
    public var aminoAcids: TextSpan?
    /// Reference/alternate codons, changed bases in upper case (`cGg/cAg`).
    public var codons: TextSpan?
    /// Distance to the transcript for upstream/downstream variants.
    public var distance: Int?
    /// Bases the allele was shifted 3′ for HGVS.
    public var hgvsOffset: Int?

    /// Creates an empty annotation for a transcript.
    public init(transcriptIndex: Int) { self.transcriptIndex = transcriptIndex }
}

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

    /// The span's text in `buffer`.
    public func string(in buffer: [UInt8]) -> String { String(decoding: buffer[start..<end], as: UTF8.self) }
}

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

    /// Appends `a` (when `a == b`) or `a-b`: a position or a range of positions.
    mutating func appendPositionRange(_ a: Int, _ b: Int) {
        appendDecimal(a)
        if a != b {
            append(UInt8(ascii: "-"))
            appendDecimal(b)
        }
    }
}
