import VariantIO

/// Moves an indel to its leftmost equivalent position against the reference (what
/// `bcftools norm -f` does for simple indels), so a source and an input that place the
/// same insertion or deletion at different points of a repeat still match.
///
/// Only simple indels are shifted: after trimming, one allele is the single anchor base and
/// the other starts with it. SNVs, MNVs and complex substitutions keep their trimmed form.
/// One instance per worker (it owns a reference handle and a cached stretch of sequence).
final class IndelLeftAligner {
    private let reference: ReferenceSequence
    private var cache: [UInt8] = []
    private var cacheContig = ""
    private var cacheStart = 0
    private var inserted: [UInt8] = []
    private static let chunk = 512

    init(reference: ReferenceSequence) throws(SourceError) {
        do { self.reference = try reference.reopened() } catch { throw SourceError(error.description) }
    }

    /// The reference base at `position` (1-based), or nil outside the contig.
    private func base(_ contig: String, _ position: Int) throws -> UInt8? {
        if contig != cacheContig || position < cacheStart || position >= cacheStart + cache.count {
            cacheContig = contig
            cacheStart = max(1, position - IndelLeftAligner.chunk + 1)
            try reference.fetch(contig: contig, start: cacheStart, end: position + 1, into: &cache)
        }
        let offset = position - cacheStart
        return offset >= 0 && offset < cache.count ? cache[offset] : nil
    }

    /// The left-aligned form of `allele` when it is a simple indel that can move, its
    /// alleles stored in `arena` (valid until the arena is reset); `allele` otherwise.
    func leftAligned(_ allele: MinimalAllele, contig: String, arena: ByteArena, hashed: Bool) throws -> MinimalAllele {
        guard let shifted = try shift(allele, contig: contig) else { return allele }
        let reference = arena.append(shifted.reference), alternate = arena.append(shifted.alternate)
        return MinimalAllele(position: shifted.position, reference: reference, alternate: alternate, hashed: hashed)
    }

    private var shiftedReference: [UInt8] = []
    private var shiftedAlternate: [UInt8] = []

    private func shift(_ allele: MinimalAllele, contig: String) throws -> (position: Int, reference: [UInt8], alternate: [UInt8])? {
        let reference = allele.reference, alternate = allele.alternate
        guard reference.count != alternate.count, min(reference.count, alternate.count) == 1,
              MinimalAllele.upper(reference[0]) == MinimalAllele.upper(alternate[0]) else { return nil }
        let isDeletion = reference.count > alternate.count
        let longer = isDeletion ? reference : alternate
        inserted.removeAll(keepingCapacity: true)
        for byte in longer.dropFirst() { inserted.append(MinimalAllele.upper(byte)) }
        var position = allele.position
        var anchor = MinimalAllele.upper(longer[0])
        var moved = false
        // Rotate while the indel's last base equals the base before it.
        while position > 1, let last = inserted.last, last == anchor, let previous = try base(contig, position - 1) {
            inserted.removeLast()
            inserted.insert(anchor, at: 0)
            position -= 1
            anchor = previous
            moved = true
        }
        guard moved else { return nil }
        shiftedReference.removeAll(keepingCapacity: true)
        shiftedAlternate.removeAll(keepingCapacity: true)
        shiftedReference.append(anchor)
        shiftedAlternate.append(anchor)
        if isDeletion { shiftedReference.append(contentsOf: inserted) } else { shiftedAlternate.append(contentsOf: inserted) }
        return (position, shiftedReference, shiftedAlternate)
    }
}

/// Bytes that stay at one address until `reset`: left-aligned alleles are kept here while
/// the hash of a window's input alleles points at them. A full block is retired, not
/// moved, so earlier views stay valid.
final class ByteArena {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private var retired: [UnsafeMutablePointer<UInt8>] = []

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
        for block in retired { block.deallocate() }
    }

    /// Forgets every stored byte (views taken before become invalid).
    func reset() {
        for block in retired { block.deallocate() }
        retired.removeAll(keepingCapacity: true)
        used = 0
    }

    /// Copies `bytes` in and returns their view, valid until `reset`.
    func append(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
        if used + bytes.count > capacity {
            retired.append(storage)
            capacity = max(2 * capacity, bytes.count)
            storage = .allocate(capacity: capacity)
            used = 0
        }
        let start = storage + used
        bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: bytes.count) }
        used += bytes.count
        return UnsafeBufferPointer(start: start, count: bytes.count)
    }
}
