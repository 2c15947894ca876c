import VariantIO

/// A cached window of one worker's reference handle: records arrive in position
/// order, so most lookups fall in the window already fetched.
public final class ReferenceWindow {
    /// The reference read from.
    public let reference: ReferenceSequence
    private var contig = ""
    private var windowStart = 1
    private var bases: [UInt8] = []
    private let windowSize: Int
    /// When true, a contig the reference lacks reads as `N` (unknown bases) instead of
    /// being an error: `criba annotate --missing-reference-contig structure-only`.
    public let unknownContigsReadAsN: Bool

    /// A memory-mapped plain FASTA: bases are read in place, no window is filled.
    private let direct: Bool

    /// Wraps a reference handle (not shared with other threads).
    public init(reference: ReferenceSequence, windowSize: Int = 1 << 18, unknownContigsReadAsN: Bool = false) {
        self.reference = reference
        self.windowSize = windowSize
        self.unknownContigsReadAsN = unknownContigsReadAsN
        direct = reference.isMemoryMapped
    }

    /// A base read in place from a memory-mapped reference (`N` beyond the contig's ends).
    @inline(__always)
    private func mappedBase(_ contig: String, _ position: Int) throws(VariantIOError) -> UInt8 {
        if let base = reference.mappedBase(contig: contig, at: position) { return base }
        guard unknownContigsReadAsN else {
            throw VariantIOError(.unknownContig, path: reference.path, location: contig, "the reference has no sequence named '\(contig)'")
        }
        return DNA.unknown
    }

    /// The contig length, or nil when the reference lacks it (the last answer is kept:
    /// records come contig by contig).
    public func length(of contig: String) -> Int? {
        if contig == lastLengthContig { return lastLength }
        lastLengthContig = contig
        lastLength = reference.length(of: contig)
        return lastLength
    }
    private var lastLengthContig = "\u{0}"
    private var lastLength: Int?

    private func ensure(contig: String, start: Int, end: Int) throws(VariantIOError) {
        if contig == self.contig, start >= windowStart, end < windowStart + bases.count { return }
        guard let length = reference.length(of: contig) else {
            guard unknownContigsReadAsN else {
                throw VariantIOError(.unknownContig, path: reference.path, location: contig, "the reference has no sequence named '\(contig)'")
            }
            // Unknown bases cost nothing to "read": a small window, rebuilt when left.
            let first = max(1, start - 2048)
            let count = max(end + 2048, first + 16_384) - first + 1
            if bases.count != count || bases.first != DNA.unknown { bases = [UInt8](repeating: DNA.unknown, count: count) }
            self.contig = contig
            windowStart = first
            return
        }
        let first = max(1, start - 2048)
        let last = min(length, max(end + 2048, first + windowSize))
        try reference.fetch(contig: contig, start: first, end: last, into: &bases)
        self.contig = contig
        windowStart = first
    }

    /// A hint that the base at `position` of `contig` is read soon: for a mapped reference,
    /// its cache line starts loading now (no effect otherwise).
    @inline(__always)
    public func prefetch(contig: String, at position: Int) {
        if direct { reference.prefetch(contig: contig, at: position) }
    }

    /// The base at `position` (1-based), or `N` beyond the contig's ends.
    public func base(contig: String, at position: Int) throws(VariantIOError) -> UInt8 {
        if direct { return try mappedBase(contig, position) }
        try ensure(contig: contig, start: position, end: position)
        let offset = position - windowStart
        return offset >= 0 && offset < bases.count ? bases[offset] : UInt8(ascii: "N")
    }

    /// Bases `start...end` read straight from the reference into `buffer`, leaving the
    /// window where it is (so that building a transcript's layout, which reads exons
    /// far ahead, does not make the next record's lookup reload the window).
    public func fetchPastWindow(contig: String, start: Int, end: Int, into buffer: inout [UInt8]) throws(VariantIOError) {
        if unknownContigsReadAsN && length(of: contig) == nil {
            buffer = [UInt8](repeating: DNA.unknown, count: max(0, end - start + 1))
            return
        }
        try reference.fetch(contig: contig, start: start, end: end, into: &buffer)
        let missing = (end - start + 1) - buffer.count
        if missing > 0 { buffer.append(contentsOf: repeatElement(UInt8(ascii: "N"), count: missing)) }
    }

    /// True when `bases` (upper case) equal the reference from `start` on; `N` on either
    /// side matches anything (beyond the contig's ends the reference reads `N`).
    public func matches(contig: String, start: Int, bases: [UInt8]) throws(VariantIOError) -> Bool {
        guard !bases.isEmpty else { return true }
        if direct {
            for index in bases.indices {
                let expected = try mappedBase(contig, start + index), given = bases[index]
                if expected != given && given != DNA.unknown && expected != DNA.unknown { return false }
            }
            return true
        }
        let end = start + bases.count - 1
        if end - start > windowSize / 2 {
            let expected = try sequence(contig: contig, start: start, end: end)
            return zip(bases, expected).allSatisfy { $0 == $1 || $0 == UInt8(ascii: "N") || $1 == UInt8(ascii: "N") }
        }
        try ensure(contig: contig, start: start, end: end)
        let offset = start - windowStart
        return self.bases.withUnsafeBufferPointer { window in
            for index in 0..<bases.count {
                let at = offset + index
                let expected = at >= 0 && at < window.count ? window[at] : UInt8(ascii: "N"), given = bases[index]
                if expected != given && given != UInt8(ascii: "N") && expected != UInt8(ascii: "N") { return false }
            }
            return true
        }
    }

    /// Bases `start...end` (1-based, inclusive), `N` beyond the contig's ends.
    public func sequence(contig: String, start: Int, end: Int) throws(VariantIOError) -> [UInt8] {
        guard start <= end else { return [] }
        if direct {
            var result: [UInt8] = []
            result.reserveCapacity(end - start + 1)
            for position in start...end { result.append(try mappedBase(contig, position)) }
            return result
        }
        if end - start > windowSize / 2 {
            var result: [UInt8] = []
            try fetchPastWindow(contig: contig, start: start, end: end, into: &result)
            return result
        }
        try ensure(contig: contig, start: start, end: end)
        var result: [UInt8] = []
        result.reserveCapacity(end - start + 1)
        for position in start...end {
            let offset = position - windowStart
            result.append(offset >= 0 && offset < bases.count ? bases[offset] : UInt8(ascii: "N"))
        }
        return result
    }
}
