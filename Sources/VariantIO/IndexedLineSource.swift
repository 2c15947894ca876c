import CHTSlib
import Foundation

/// A sorted, indexed annotation file read one region at a time as text lines:
/// a bgzipped tab-delimited file with a tabix index (VCF.gz, BED.gz, a score table)
/// or a BCF with a CSI index, whose records are formatted as VCF lines.
///
/// One instance per thread. Lines are views of an internal buffer, valid until the
/// next call to `next()`.
///
/// ```swift
/// let source = try IndexedLineSource(path: "gnomad.vcf.gz")
/// if try source.query(contig: "1", start: 10_000, end: 20_000) {
///     while let line = try source.next() { … }
/// }
/// ```
public final class IndexedLineSource {
    /// The path as given.
    public let path: String
    /// True for a BCF source (lines come from `vcf_format`).
    public let isBCF: Bool
    /// The header lines (those starting with the index's comment character, e.g. `#`).
    public let headerLines: [String]
    /// The contigs the index knows, in index order.
    public let contigs: [String]
    /// The 1-based column holding the sequence name.
    public let contigColumn: Int
    /// The 1-based column holding the start position.
    public let startColumn: Int
    /// The 1-based column holding the end position (equal to `startColumn` when there is none).
    public let endColumn: Int
    /// True when start positions are 0-based (BED).
    public let isZeroBased: Bool
    /// True when the index was built with the VCF preset (end from REF length).
    public let isVCFLayout: Bool

    private let file: UnsafeMutablePointer<htsFile>
    private let tabix: UnsafeMutablePointer<tbx_t>?
    private let index: OpaquePointer?
    private let header: UnsafeMutablePointer<bcf_hdr_t>?
    private let record: UnsafeMutablePointer<bcf1_t>?
    private var iterator: UnsafeMutablePointer<hts_itr_t>?
    private var line = kstring_t(l: 0, m: 0, s: nil)
    private var contigIDs: [String: Int32] = [:]

    /// Opens `path` and loads its index.
    ///
    /// Throws a `VariantIOError` naming the file for a missing file, a file that is
    /// not BGZF (`bgzip` it), and a missing or stale index (with the command to make one).
    public init(path: String) throws(VariantIOError) {
        HTSLibrary.configure()
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw VariantIOError(.fileNotFound, path: path, "no such file") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw VariantIOError(.isDirectory, path: path, "is a directory") }
        guard let file = hts_open(path, "r") else {
            throw VariantIOError(.cannotOpen, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        let format = hts_get_format(file).pointee
        if format.format == bcf {
            isBCF = true
            guard format.compression == bgzf else {
                hts_close(file)
                throw VariantIOError(.notBGZF, path: path, "is uncompressed BCF and cannot be indexed: convert it with `criba view -Ob`")
            }
            guard let header = bcf_hdr_read(file) else {
                hts_close(file)
                throw VariantIOError(.malformedHeader, path: path, "cannot read the BCF header")
            }
            guard let index = bcf_index_load3(path, nil, HTS_IDX_SILENT_FAIL) else {
                bcf_hdr_destroy(header); hts_close(file)
                throw VariantIOError(.missingIndex, path: path, "no index found (looked for \((path as NSString).lastPathComponent).csi); create one with `bcftools index`")
            }
            self.file = file; self.header = header; self.index = index; self.tabix = nil
            record = bcf_init()
            contigColumn = 1; startColumn = 2; endColumn = 2; isZeroBased = false; isVCFLayout = true
            var names: [String] = []
            var count: Int32 = 0
            if let list = bcf_hdr_seqnames(header, &count) {
                for position in 0..<Int(count) { if let name = list[position] { names.append(String(cString: name)) } }
                free(list)
            }
            contigs = names
            var headerText = kstring_t(l: 0, m: 0, s: nil)
            defer { free(headerText.s) }
            if bcf_hdr_format(header, 0, &headerText) == 0, let text = headerText.s {
                headerLines = String(cString: text).split(separator: "\n").map(String.init)
            } else {
                headerLines = []
            }
            for (id, name) in names.enumerated() { contigIDs[name] = Int32(id) }
            return
        }
        isBCF = false
        guard format.compression == bgzf else {
            hts_close(file)
            let how = format.compression == gzip ? "compressed with plain gzip, not BGZF" : "not compressed"
            throw VariantIOError(.notBGZF, path: path, "is \(how): compress it with `bgzip` and index it with `tabix` to use it as a source")
        }
        guard let tabix = tbx_index_load3(path, nil, HTS_IDX_SILENT_FAIL) else {
            hts_close(file)
            throw VariantIOError(.missingIndex, path: path, "no tabix index found (looked for \((path as NSString).lastPathComponent).tbi and .csi); create one with `tabix -p vcf` (VCF), `tabix -p bed` (BED) or `tabix -s1 -b2 -e2` (a table)")
        }
        if let indexTime = Self.indexModificationTime(path), indexTime < info.st_mtim.tv_sec {
            tbx_destroy(tabix); hts_close(file)
            throw VariantIOError(.staleIndex, path: path, "the index is older than the file: the data changed after indexing; rebuild the index with tabix")
        }
        self.file = file; self.tabix = tabix; self.index = nil; self.header = nil; self.record = nil
        let configuration = tabix.pointee.conf
        contigColumn = Int(configuration.sc)
        startColumn = Int(configuration.bc)
        endColumn = configuration.ec > 0 ? Int(configuration.ec) : Int(configuration.bc)
        isZeroBased = (configuration.preset & TBX_UCSC) != 0
        isVCFLayout = (configuration.preset & 0xffff) == TBX_VCF
        var count: Int32 = 0
        var names: [String] = []
        if let list = tbx_seqnames(tabix, &count) {
            for position in 0..<Int(count) { if let name = list[position] { names.append(String(cString: name)) } }
            free(list)
        }
        contigs = names
        for name in names { contigIDs[name] = tbx_name2id(tabix, name) }
        // Header lines: the leading lines that start with the meta character.
        var lines: [String] = []
        let meta = UInt8(truncatingIfNeeded: configuration.meta_char)
        var text = kstring_t(l: 0, m: 0, s: nil)
        defer { free(text.s) }
        while hts_getline(file, Int32(UInt8(ascii: "\n")), &text) >= 0 {
            guard let bytes = text.s, text.l > 0 else { continue }
            let first = UInt8(bitPattern: bytes[0])
            guard first == meta || (configuration.line_skip > 0 && lines.count < Int(configuration.line_skip)) else { break }
            lines.append(String(cString: bytes))
            if lines.count > 100_000 { break }
        }
        headerLines = lines
    }

    deinit {
        if let iterator { hts_itr_destroy(iterator) }
        if let record { bcf_destroy(record) }
        if let header { bcf_hdr_destroy(header) }
        if let tabix { tbx_destroy(tabix) }
        if let index { hts_idx_destroy(index) }
        free(line.s)
        hts_close(file)
    }

    private static func indexModificationTime(_ path: String) -> Int? {
        for candidate in [path + ".tbi", path + ".csi"] {
            var info = stat()
            if stat(candidate, &info) == 0 { return info.st_mtim.tv_sec }
        }
        return nil
    }

    /// The BCF source's header, for BCF sources (nil for text).
    public var variantHeader: VariantHeader? {
        guard let header, let copy = bcf_hdr_dup(header) else { return nil }
        return VariantHeader(handle: HeaderHandle(owning: copy))
    }

    /// Positions the source at the records overlapping `start...end` (1-based, inclusive)
    /// on `contig`. Returns false when the index has no such contig.
    public func query(contig: String, start: Int, end: Int) -> Bool {
        if let iterator { hts_itr_destroy(iterator); self.iterator = nil }
        guard let id = contigIDs[contig] else { return false }
        let begin = hts_pos_t(max(0, start - 1)), stop = hts_pos_t(max(start, end))
        if let tabix {
            iterator = criba_tbx_itr_queryi(tabix, id, begin, stop)
        } else if let index {
            iterator = criba_bcf_itr_queryi(index, id, begin, stop)
        }
        return iterator != nil
    }

    /// The next line of the current query without its newline, or nil at its end.
    public func next() throws(VariantIOError) -> UnsafeBufferPointer<UInt8>? {
        guard let iterator else { return nil }
        if let tabix {
            let status = criba_tbx_itr_next(file, tabix, iterator, &line)
            if status == -1 { return nil }
            guard status >= 0, let bytes = line.s else {
                throw VariantIOError(.truncated, path: path, "cannot read the next line (corrupt BGZF data or an index that does not match the file)")
            }
            return UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: Int(line.l))
        }
        guard let header, let record else { return nil }
        let status = criba_bcf_itr_next(file, iterator, record)
        if status == -1 { return nil }
        guard status >= 0, record.pointee.errcode == 0 else {
            throw VariantIOError(.malformedRecord, path: path, "cannot read the next record (corrupt BCF or an index that does not match the file)")
        }
        line.l = 0
        guard vcf_format(header, record, &line) == 0, let bytes = line.s else {
            throw VariantIOError(.malformedRecord, path: path, "cannot format a record")
        }
        var length = Int(line.l)
        if length > 0, bytes[length - 1] == 10 { length -= 1 }
        return UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: length)
    }
}
