/// Translation tables: the standard code, and the vertebrate mitochondrial code for
/// `MT`/`chrM` transcripts. Amino acids are one-letter bytes, `*` for a stop and `X`
/// for a codon with an ambiguous base.
public struct GeneticCode: Sendable {
    private let table: [UInt8]   // 64 entries, index = 16*b1 + 4*b2 + b3 with T=0 C=1 A=2 G=3

    /// NCBI table 1.
    public static let standard = GeneticCode(
        table: Array("FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG".utf8))
    /// NCBI table 2 (vertebrate mitochondrial).
    public static let vertebrateMitochondrial = GeneticCode(
        table: Array("FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSS**VVVVAAAADDEEGGGG".utf8))

    /// The code for a contig: mitochondrial for `MT`, `M`, `chrM`, `chrMT`.
    public static func forContig(_ contig: String) -> GeneticCode {
        switch contig { case "MT", "M", "chrM", "chrMT": .vertebrateMitochondrial; default: .standard }
    }

    @inline(__always)
    private static func code(_ base: UInt8) -> Int {
        switch base {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "U"): 0
        case UInt8(ascii: "C"), UInt8(ascii: "c"): 1
        case UInt8(ascii: "A"), UInt8(ascii: "a"): 2
        case UInt8(ascii: "G"), UInt8(ascii: "g"): 3
        default: -1
        }
    }

    /// The amino acid of one codon.
    @inline(__always)
    public func translate(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt8 {
        let a = GeneticCode.code(first), b = GeneticCode.code(second), c = GeneticCode.code(third)
        guard a >= 0, b >= 0, c >= 0 else { return UInt8(ascii: "X") }
        return table[a * 16 + b * 4 + c]
    }

    /// Per byte: the base's 2-bit code (T/U 0, C 1, A 2, G 3, either case), or 4 for anything else.
    private static let baseCodes: [UInt8] = (0..<256).map { byte in
        let code = GeneticCode.code(UInt8(byte))
        return code < 0 ? 4 : UInt8(code)
    }

    /// Translates whole codons of `bases` (a trailing partial codon is dropped);
    /// stops after the first stop codon when `untilStop`.
    public func translate<C: RandomAccessCollection>(_ bases: C, untilStop: Bool = false) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        if let protein = bases.withContiguousStorageIfAvailable({ translate(buffer: $0, untilStop: untilStop) }) { return protein }
        return Array(bases).withUnsafeBufferPointer { translate(buffer: $0, untilStop: untilStop) }
    }

    /// Translates contiguous bases through the byte table (a transcript layout translates
    /// its whole CDS once per worker).
    private func translate(buffer: UnsafeBufferPointer<UInt8>, untilStop: Bool) -> [UInt8] {
        let codonCount = buffer.count / 3
        var protein: [UInt8] = []
        protein.reserveCapacity(codonCount)
        GeneticCode.baseCodes.withUnsafeBufferPointer { codes in
            table.withUnsafeBufferPointer { table in
                var index = 0
                for _ in 0..<codonCount {
                    let a = codes[Int(buffer[index])], b = codes[Int(buffer[index + 1])], c = codes[Int(buffer[index + 2])]
                    let residue = (a | b | c) > 3 ? UInt8(ascii: "X") : table[Int(a) &* 16 &+ Int(b) &* 4 &+ Int(c)]
                    protein.append(residue)
                    if untilStop && residue == UInt8(ascii: "*") { break }
                    index += 3
                }
            }
        }
        return protein
    }

    /// Three-letter names used by HGVS (`Ter` for a stop, `Xaa` for unknown).
    public static func threeLetter(_ residue: UInt8) -> String {
        switch residue {
        case UInt8(ascii: "A"): "Ala"; case UInt8(ascii: "R"): "Arg"; case UInt8(ascii: "N"): "Asn"
        case UInt8(ascii: "D"): "Asp"; case UInt8(ascii: "C"): "Cys"; case UInt8(ascii: "E"): "Glu"
        case UInt8(ascii: "Q"): "Gln"; case UInt8(ascii: "G"): "Gly"; case UInt8(ascii: "H"): "His"
        case UInt8(ascii: "I"): "Ile"; case UInt8(ascii: "L"): "Leu"; case UInt8(ascii: "K"): "Lys"
        case UInt8(ascii: "M"): "Met"; case UInt8(ascii: "F"): "Phe"; case UInt8(ascii: "P"): "Pro"
        case UInt8(ascii: "S"): "Ser"; case UInt8(ascii: "T"): "Thr"; case UInt8(ascii: "W"): "Trp"
        case UInt8(ascii: "Y"): "Tyr"; case UInt8(ascii: "V"): "Val"; case UInt8(ascii: "U"): "Sec"
        case UInt8(ascii: "*"): "Ter"
        default: "Xaa"
        }
    }
}

/// Base complements and reverse complements of upper-case DNA.
public enum DNA {
    /// The code of an unknown base (a gap in the reference, or no sequence at all).
    public static let unknown = UInt8(ascii: "N")

    /// The complement of one base (N and others map to themselves).
    @inline(__always)
    public static func complement(_ base: UInt8) -> UInt8 {
        switch base {
        case UInt8(ascii: "A"): UInt8(ascii: "T")
        case UInt8(ascii: "T"): UInt8(ascii: "A")
        case UInt8(ascii: "C"): UInt8(ascii: "G")
        case UInt8(ascii: "G"): UInt8(ascii: "C")
        case UInt8(ascii: "a"): UInt8(ascii: "t")
        case UInt8(ascii: "t"): UInt8(ascii: "a")
        case UInt8(ascii: "c"): UInt8(ascii: "g")
        case UInt8(ascii: "g"): UInt8(ascii: "c")
        default: base
        }
    }

    /// The reverse complement.
    public static func reverseComplement<C: BidirectionalCollection>(_ bases: C) -> [UInt8] where C.Element == UInt8 {
        bases.reversed().map(complement)
    }

    /// Appends the reverse complement of `bases` to `output`.
    public static func appendReverseComplement(_ bases: [UInt8], to output: inout [UInt8]) {
        for base in bases.reversed() { output.append(complement(base)) }
    }

    /// The reverse complement of an array, written in one pass into a new array (transcript
    /// layouts of minus-strand genes reverse every exon).
    public static func reverseComplement(_ bases: [UInt8]) -> [UInt8] {
        let count = bases.count
        return [UInt8](unsafeUninitializedCapacity: count) { result, initialized in
            bases.withUnsafeBufferPointer { source in
                for index in 0..<count { result[index] = complement(source[count - 1 - index]) }
            }
            initialized = count
        }
    }
}
