/// An exon, CDS or stop_codon line of a GFF3 file, read in place from its bytes (no
/// `String` per column). Built only for the plain case: exactly nine columns, valid
/// coordinates and strand, a `Parent` without percent escapes. Any other line returns
/// nil and goes through `GeneModelReader`'s general path, which reports problems.
struct GFF3PartLine {
    /// The kinds of part lines.
    enum Kind {
        case exon, coding, stopCodon

        /// The GFF3 type name.
        var name: String {
            switch self {
            case .exon: return "exon"
            case .coding: return "CDS"
            case .stopCodon: return "stop_codon"
            }
        }
    }

    /// Column 1.
    var contig: Range<Int>
    /// The kind of part.
    var kind: Kind
    /// 1-based start (at least 1 on this path).
    var start: Int
    /// 1-based inclusive end.
    var end: Int
    /// The strand.
    var strand: Strand
    /// The CDS phase (0 when absent).
    var phase: Int
    /// The comma-separated Parent values.
    var parents: [Range<Int>]
    /// The `protein_id` value, for CDS lines.
    var proteinIdentifier: Range<Int>?

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Column boundaries: exactly eight tabs.
        var tabs = InlineArray<8, Int>(repeating: 0)
        var found = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\t") {
            guard found < 8 else { return nil }
            tabs[found] = index
            found += 1
        }
        guard found == 8 else { return nil }
        func column(_ k: Int) -> Range<Int> { (k == 0 ? 0 : tabs[k - 1] + 1)..<(k == 8 ? bytes.count : tabs[k]) }
        let type = UnsafeBufferPointer(rebasing: bytes[column(2)])
        if type.elementsEqual("exon".utf8) { kind = .exon }
        else if type.elementsEqual("CDS".utf8) { kind = .coding }
        else if type.elementsEqual("stop_codon".utf8) { kind = .stopCodon }
        else { return nil }
        guard let start = GFF3PartLine.integer(bytes, column(3)), let end = GFF3PartLine.integer(bytes, column(4)),
              start >= 1, start <= end, end <= GeneModelReader.maximumCoordinate else { return nil }
        let strandColumn = column(6)
        guard strandColumn.count == 1 else { return nil }
        switch bytes[strandColumn.lowerBound] {
        case UInt8(ascii: "+"): strand = .forward
        case UInt8(ascii: "-"): strand = .reverse
        default: return nil
        }
        let phaseColumn = column(7)
        if phaseColumn.count == 1, bytes[phaseColumn.lowerBound] >= UInt8(ascii: "0"), bytes[phaseColumn.lowerBound] <= UInt8(ascii: "2") {
            phase = Int(bytes[phaseColumn.lowerBound] - UInt8(ascii: "0"))
        } else {
            phase = 0
        }
        contig = column(0)
        self.start = start
        self.end = end
        // Attributes: Parent (required) and protein_id.
        var parent: Range<Int>?
        var protein: Range<Int>?
        let attributes = column(8)
        var fieldStart = attributes.lowerBound
        while fieldStart < attributes.upperBound {
            var fieldEnd = fieldStart
            while fieldEnd < attributes.upperBound && bytes[fieldEnd] != UInt8(ascii: ";") { fieldEnd += 1 }
            var keyStart = fieldStart
            while keyStart < fieldEnd && bytes[keyStart] == UInt8(ascii: " ") { keyStart += 1 }
            var equals = keyStart
            while equals < fieldEnd && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            if equals < fieldEnd {
                let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<equals])
                let value = (equals + 1)..<fieldEnd
                if key.elementsEqual("Parent".utf8) { parent = value } else if key.elementsEqual("protein_id".utf8) { protein = value }
            }
            fieldStart = fieldEnd + 1
        }
        guard let parent, !parent.isEmpty else { return nil }
        for index in attributes where bytes[index] == UInt8(ascii: "%") { return nil }
        var parents: [Range<Int>] = []
        var pieceStart = parent.lowerBound
        for index in parent where bytes[index] == UInt8(ascii: ",") {
            if index > pieceStart { parents.append(pieceStart..<index) }
            pieceStart = index + 1
        }
        if parent.upperBound > pieceStart { parents.append(pieceStart..<parent.upperBound) }
        guard !parents.isEmpty else { return nil }
        self.parents = parents
        proteinIdentifier = kind == .coding ? protein : nil
    }

    /// The bytes of column 3 (the feature type), or nil for a line with fewer than four columns.
    static func typeColumn(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var tabs = 0, start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\t") {
            tabs += 1
            if tabs == 2 { start = index + 1 } else if tabs == 3 { return UnsafeBufferPointer(rebasing: bytes[start..<index]) }
        }
        return nil
    }

    /// A non-negative decimal integer filling `range`, or nil.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 12 else { return nil }
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
