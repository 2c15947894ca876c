import CHTSlib
import Foundation

/// Reads base ranges of a FASTA file straight from the byte layout that its `.fai`
/// index describes: one positioned read (or one BGZF seek and bulk read through the
/// `.gzi` index) per range, line ends skipped by stride. htslib's `faidx_fetch_seq64`
/// copies byte by byte through `bgzf_getc` and `isgraph`, which made it the largest
/// single cost of annotating a genome; this reader returns the same bases.
///
/// One instance per thread. It is only built when the `.fai` parses and agrees with
/// htslib's index; otherwise `ReferenceSequence` keeps using `faidx`.
final class FastaRangeReader {
    /// Where one sequence lies in the file (the five `.fai` columns).
    struct Entry {
        /// Number of bases.
        var length: Int
        /// Offset of the first base in the (uncompressed) file.
        var offset: Int
        /// Bases per full line.
        var lineBases: Int
        /// Bytes per full line, line end included.
        var lineWidth: Int
    }

    private let entries: [String: Entry]
    private let compressed: UnsafeMutablePointer<BGZF>?
    private let descriptor: Int32
    private var raw: [UInt8] = []
    /// A plain file mapped read-only: bases are read in place, with no copy through the
    /// kernel (on this class of machine, `pread` of a whole genome cost ~6 s of system time;
    /// touching the mapped pages costs ~0.2 s).
    private let mapped: UnsafePointer<UInt8>?
    private let mappedLength: Int
    private var lastContig = "\u{0}"
    private var lastEntry: Entry?
    /// Mapped pages before this offset have been handed back (see `releasePages(below:)`).
    private var releasedBelow = 0
    /// The next offset at which to hand pages back.
    private var nextRelease = FastaRangeReader.residentSpan * 2
    /// Bytes of the mapping kept resident behind the furthest offset read: pages further
    /// back are unmapped from this process (they stay in the page cache, and a later read
    /// maps them again), so the resident size stays bounded on a whole genome.
    static let residentSpan = 64 << 20

    /// Opens `path` with the layout of `path.fai`; nil when the index cannot be read or the
    /// file cannot be opened (the caller falls back to `faidx`).
    init?(path: String, lengths: [String: Int], isCompressed: Bool) {
        guard let text = try? String(contentsOfFile: path + ".fai", encoding: .utf8) else { return nil }
        var entries: [String: Entry] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 5, let length = Int(columns[1]), let offset = Int(columns[2]),
                  let lineBases = Int(columns[3]), let lineWidth = Int(columns[4]),
                  lineBases > 0, lineWidth >= lineBases else { return nil }
            entries[String(columns[0])] = Entry(length: length, offset: offset, lineBases: lineBases, lineWidth: lineWidth)
        }
        // The layout must describe exactly the sequences htslib indexed.
        guard entries.count == lengths.count, lengths.allSatisfy({ entries[$0.key]?.length == $0.value }) else { return nil }
        self.entries = entries
        if isCompressed {
            guard let handle = bgzf_open(path, "r") else { return nil }
            guard bgzf_index_load(handle, path, ".gzi") == 0 else {
                _ = bgzf_close(handle)
                return nil
            }
            // Keep recently inflated blocks: windows overlap, and transcript layouts read
            // exons behind and ahead of the window.
            bgzf_set_cache_size(handle, 32 << 20)
            compressed = handle
            descriptor = -1
            mapped = nil
            mappedLength = 0
        } else {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            compressed = nil
            self.descriptor = descriptor
            var status = stat()
            let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
            // One past the last base of every sequence.
            var end = 0
            for entry in entries.values {
                let last = entry.length - 1
                let afterLastBase = last < 0 ? entry.offset : entry.offset + last / entry.lineBases * entry.lineWidth + last % entry.lineBases + 1
                end = max(end, afterLastBase)
            }
            // Mapped only when the file holds every base the index promises (else pread,
            // which reports a short read as a failure instead of faulting).
            if size > 0, end <= size, let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), address != MAP_FAILED {
                mapped = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
                mappedLength = size
            } else {
                mapped = nil
                mappedLength = 0
            }
        }
    }

    deinit {
        if let compressed { _ = bgzf_close(compressed) }
        if let mapped { munmap(UnsafeMutableRawPointer(mutating: mapped), mappedLength) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// True when bases can be read in place (`base(contig:at:)`).
    var isMapped: Bool { mapped != nil }

    /// The layout of `contig` (the last one asked for is kept: records come contig by contig).
    @inline(__always)
    private func entry(_ contig: String) -> Entry? {
        if contig == lastContig { return lastEntry }
        lastContig = contig
        lastEntry = entries[contig]
        return lastEntry
    }

    /// The upper-case base at `position` (1-based) of `contig` read in place from the mapped
    /// file, `N` outside the sequence; nil when the contig is unknown. Only for mapped files.
    @inline(__always)
    func base(contig: String, at position: Int) -> UInt8? {
        guard let mapped, let entry = entry(contig) else { return nil }
        guard position >= 1, position <= entry.length else { return UInt8(ascii: "N") }
        let offset = entry.offset + (position - 1) / entry.lineBases * entry.lineWidth + (position - 1) % entry.lineBases
        guard offset < mappedLength else { return UInt8(ascii: "N") }
        if offset >= nextRelease { releasePages(below: offset) }
        let byte = mapped[offset]
        return byte >= 97 ? byte &- 32 : byte
    }

    /// Starts loading the mapped byte of `position` of `contig` into the CPU cache (no
    /// effect for an unmapped file, an unknown contig or a position outside it).
    @inline(__always)
    func prefetch(contig: String, at position: Int) {
        guard let mapped, let entry = entry(contig), position >= 1, position <= entry.length else { return }
        let offset = entry.offset + (position - 1) / entry.lineBases * entry.lineWidth + (position - 1) % entry.lineBases
        guard offset < mappedLength else { return }
        criba_prefetch(mapped + offset)
    }

    /// Appends upper-case bases `first...last` (1-based, inclusive, within the sequence)
    /// of `contig` to `buffer`; false when the read fails.
    func read(contig: String, first: Int, last: Int, into buffer: inout [UInt8]) -> Bool {
        guard let entry = entry(contig), first >= 1, last <= entry.length, first <= last else { return false }
        let startOffset = entry.offset + (first - 1) / entry.lineBases * entry.lineWidth + (first - 1) % entry.lineBases
        let endOffset = entry.offset + (last - 1) / entry.lineBases * entry.lineWidth + (last - 1) % entry.lineBases
        let count = endOffset - startOffset + 1
        if let mapped {
            guard endOffset < mappedLength else { return false }
            if endOffset >= nextRelease { releasePages(below: endOffset) }
            append(UnsafeBufferPointer(start: mapped + startOffset, count: count), entry: entry, first: first, last: last, into: &buffer)
            return true
        }
        if raw.count < count { raw = [UInt8](repeating: 0, count: count) }
        let ok = raw.withUnsafeMutableBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            if let compressed {
                guard bgzf_useek(compressed, off_t(startOffset), SEEK_SET) == 0 else { return false }
                return bgzf_read(compressed, base, count) == count
            }
            var done = 0
            while done < count {
                let got = pread(descriptor, base + done, count - done, off_t(startOffset + done))
                if got <= 0 { return false }
                done += got
            }
            return true
        }
        guard ok else { return false }
        raw.withUnsafeBufferPointer { source in
            append(UnsafeBufferPointer(rebasing: source[0..<count]), entry: entry, first: first, last: last, into: &buffer)
        }
        return true
    }

    /// Unmaps (MADV_DONTNEED) the mapped pages more than `residentSpan` bytes before `offset`,
    /// which reads reached: the resident size then counts only recent pages.
    private func releasePages(below offset: Int) {
        guard let mapped else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (offset - FastaRangeReader.residentSpan) / pageSize * pageSize
        if end > releasedBelow {
            let start = releasedBelow / pageSize * pageSize
            _ = madvise(UnsafeMutableRawPointer(mutating: mapped + start), end - start, MADV_DONTNEED)
            releasedBelow = end
        }
        nextRelease = offset + FastaRangeReader.residentSpan
    }

    /// Appends the bases `first...last` held in `source` (the file bytes from the first
    /// base's offset on) to `buffer`, without line ends, upper case.
    private func append(_ source: UnsafeBufferPointer<UInt8>, entry: Entry, first: Int, last: Int, into buffer: inout [UInt8]) {
        // Copy line by line: the bases left on the first line, then full lines at the stride.
        let wanted = last - first + 1
        let oldCount = buffer.count
        buffer.reserveCapacity(oldCount + wanted)
        var position = 0
        var remaining = wanted
        var column = (first - 1) % entry.lineBases
        while remaining > 0 {
            let take = min(entry.lineBases - column, remaining)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: source[position..<(position + take)]))
            remaining -= take
            position += take + (entry.lineWidth - entry.lineBases)
            column = 0
        }
        buffer.withUnsafeMutableBufferPointer { bases in
            for index in oldCount..<bases.count where bases[index] >= 97 { bases[index] &-= 32 }
        }
    }
}
