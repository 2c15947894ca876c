/// Left-aligns and trims the alleles of one record against the reference, as
/// `bcftools norm -f` does: the base shared at the right end of every allele is dropped
/// (an allele left empty takes the reference base before it, moving the record one base
/// left) for as long as the right ends agree; then bases shared at the left are dropped
/// while every allele keeps at least one. A multiallelic record is normalised as a whole.
/// Records with a symbolic, breakend, `*` or missing ALT are left as they are.
public struct AlleleNormalizer {
    /// The reference the alleles are shifted along.
    public let reference: ReferenceWindow

    /// Wraps a worker's reference window.
    public init(reference: ReferenceWindow) { self.reference = reference }

    /// The normalised record.
    public struct Result: Equatable, Sendable {
        /// 1-based position of the first base of the alleles.
        public var position: Int
        /// REF first, then the ALT alleles.
        public var alleles: [[UInt8]]
    }

    /// True when normalisation does not apply to these alleles (symbolic, breakend, `*`, `.`).
    public static func isSkipped(_ alleles: [[UInt8]]) -> Bool {
        guard alleles.count >= 2 else { return true }
        for allele in alleles {
            if allele.isEmpty || allele[0] == UInt8(ascii: "<") || allele.contains(UInt8(ascii: "["))
                || allele.contains(UInt8(ascii: "]")) { return true }
            if allele.count == 1 && (allele[0] == UInt8(ascii: "*") || allele[0] == UInt8(ascii: ".")) { return true }
        }
        return false
    }

    /// The normalised form of `alleles` at `position` on `contig`, or nil when nothing changes
    /// (or normalisation does not apply).
    public func normalized(contig: String, position: Int, alleles: [[UInt8]]) throws -> Result? {
        guard !AlleleNormalizer.isSkipped(alleles) else { return nil }
        var working = alleles
        var start = position
        @inline(__always) func upper(_ byte: UInt8) -> UInt8 { byte >= 97 && byte <= 122 ? byte - 32 : byte }
        // Right end: drop the shared last base; pad from the left when an allele empties.
        while true {
            let last = upper(working[0][working[0].count - 1])
            guard working.allSatisfy({ upper($0[$0.count - 1]) == last }) else { break }
            let shortest = working.map(\.count).min()!
            if shortest <= 1 && start <= 1 { break }   // nothing to pad with at the contig start
            let before = working
            for index in working.indices { working[index].removeLast() }
            if working.contains(where: \.isEmpty) {
                let previous = try reference.base(contig: contig, at: start - 1)
                if previous == UInt8(ascii: "N") {
                    // An unknown base cannot anchor the allele: undo and stop.
                    working = before
                    break
                }
                for index in working.indices { working[index].insert(previous, at: 0) }
                start -= 1
            }
        }
        // Left end: drop shared first bases while every allele keeps one.
        var trim = 0
        while true {
            let shortest = working.map(\.count).min()!
            guard shortest - trim > 1 else { break }
            let first = upper(working[0][trim])
            guard working.allSatisfy({ upper($0[trim]) == first }) else { break }
            trim += 1
        }
        if trim > 0 {
            for index in working.indices { working[index].removeFirst(trim) }
            start += trim
        }
        guard start != position || working != alleles else { return nil }
        return Result(position: start, alleles: working)
    }
}
