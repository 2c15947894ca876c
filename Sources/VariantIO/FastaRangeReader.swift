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
        } else {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            compressed = nil
            self.descriptor = descriptor
        }
    }

    deinit {
        if let compressed { _ = bgzf_close(compressed) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends upper-case bases `first...last` (1-based, inclusive, within the sequence)
    /// of `contig` to `buffer`; false when the read fails.
    func read(contig: String, first: Int, last: Int, into buffer: inout [UInt8]) -> Bool {
        guard let entry = entries[contig], first >= 1, last <= entry.length, first <= last else { return false }
        let startOffset = entry.offset + (first - 1) / entry.lineBases * entry.lineWidth + (first - 1) % entry.lineBases
        let endOffset = entry.offset + (last - 1) / entry.lineBases * entry.lineWidth + (last - 1) % entry.lineBases
        let count = endOffset - startOffset + 1
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
        // Copy line by line: the bases left on the first line, then full lines at the stride.
        let wanted = last - first + 1
        let oldCount = buffer.count
        buffer.reserveCapacity(oldCount + wanted)
        raw.withUnsafeBufferPointer { source in
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
        }
        buffer.withUnsafeMutableBufferPointer { bases in
            for index in oldCount..<bases.count where bases[index] >= 97 { bases[index] &-= 32 }
        }
        return true
    }
}
