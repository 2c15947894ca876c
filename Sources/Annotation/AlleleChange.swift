/// One REF→ALT change reduced to the bases that differ, in 1-based genomic
/// coordinates: `reference` replaces bases `start...end`. An insertion has an empty
/// `reference` and sits between `start - 1` and `start` (so `end == start - 1`).
public struct AlleleChange: Sendable, Hashable {
    /// The contig.
    public var contig: String
    /// The first affected reference base (for an insertion, the base after it).
    public var start: Int
    /// The replaced reference bases (empty for an insertion).
    public var reference: [UInt8]
    /// The new bases (empty for a deletion).
    public var alternate: [UInt8]

    /// Creates a change.
    public init(contig: String, start: Int, reference: [UInt8], alternate: [UInt8]) {
        self.contig = contig
        self.start = start
        self.reference = reference
        self.alternate = alternate
    }

    /// The last affected reference base (`start - 1` for an insertion).
    public var end: Int { start + reference.count - 1 }
    /// True for a pure insertion.
    public var isInsertion: Bool { reference.isEmpty && !alternate.isEmpty }
    /// True for a pure deletion.
    public var isDeletion: Bool { alternate.isEmpty && !reference.isEmpty }
    /// Length change (ALT minus REF).
    public var lengthChange: Int { alternate.count - reference.count }

    /// Trims the bases REF and ALT share at the end, then at the start (the VCF padding
    /// base included), giving the minimal representation.
    public static func trimmed(contig: String, position: Int, reference: [UInt8], alternate: [UInt8]) -> AlleleChange {
        var referenceEnd = reference.count, alternateEnd = alternate.count
        while referenceEnd > 0, alternateEnd > 0, reference[referenceEnd - 1] == alternate[alternateEnd - 1] {
            referenceEnd -= 1; alternateEnd -= 1
        }
        var prefix = 0
        while prefix < referenceEnd, prefix < alternateEnd, reference[prefix] == alternate[prefix] { prefix += 1 }
        return AlleleChange(contig: contig, start: position + prefix,
                            reference: Array(reference[prefix..<referenceEnd]), alternate: Array(alternate[prefix..<alternateEnd]))
    }

    /// Makes this the trimmed change of `reference` → `alternate` (as `trimmed`), reusing
    /// the storage of its base arrays: no allocation per record once they have grown.
    public mutating func setTrimmed(contig: String, position: Int, reference: [UInt8], alternate: [UInt8]) {
        var referenceEnd = reference.count, alternateEnd = alternate.count
        while referenceEnd > 0, alternateEnd > 0, reference[referenceEnd - 1] == alternate[alternateEnd - 1] {
            referenceEnd -= 1; alternateEnd -= 1
        }
        var prefix = 0
        while prefix < referenceEnd, prefix < alternateEnd, reference[prefix] == alternate[prefix] { prefix += 1 }
        self.contig = contig
        start = position + prefix
        self.reference.removeAll(keepingCapacity: true)
        self.reference.append(contentsOf: reference[prefix..<referenceEnd])
        self.alternate.removeAll(keepingCapacity: true)
        self.alternate.append(contentsOf: alternate[prefix..<alternateEnd])
    }

    /// The change moved as far left as the reference allows (what `bcftools norm`
    /// does); only pure insertions and deletions move.
    public func leftAligned(_ reference: ReferenceWindow) throws -> AlleleChange {
        try leftAligned(reference, limit: 1)
    }

    /// The change moved as far right as the reference allows, but not past `limit`
    /// (the last base of the exon or intron it lies in): the 3′ rule of HGVS for
    /// forward-strand transcripts.
    public func rightAligned(_ reference: ReferenceWindow, limit: Int) throws -> AlleleChange {
        guard isInsertion || isDeletion else { return self }
        var moved = self
        var sequence = isInsertion ? alternate : self.reference
        while true {
            let nextPosition = isInsertion ? moved.start : moved.end + 1
            guard nextPosition <= limit else { break }
            let next = try reference.base(contig: contig, at: nextPosition)
            guard next == sequence[0], next != UInt8(ascii: "N") else { break }
            sequence.removeFirst()
            sequence.append(next)
            moved.start += 1
        }
        if isInsertion { moved.alternate = sequence } else { moved.reference = sequence }
        return moved
    }

    /// The change moved as far left as the reference allows, but not before `limit`:
    /// the 3′ rule for reverse-strand transcripts.
    public func leftAligned(_ reference: ReferenceWindow, limit: Int) throws -> AlleleChange {
        guard isInsertion || isDeletion else { return self }
        var moved = self
        var sequence = isInsertion ? alternate : self.reference
        while moved.start - 1 >= limit {
            let previous = try reference.base(contig: contig, at: moved.start - 1)
            guard previous == sequence[sequence.count - 1], previous != UInt8(ascii: "N") else { break }
            sequence.removeLast()
            sequence.insert(previous, at: 0)
            moved.start -= 1
        }
        if isInsertion { moved.alternate = sequence } else { moved.reference = sequence }
        return moved
    }
}
