import CHTSlib
import Foundation
import VariantModel

/// Reads VCF, BGZF-compressed VCF, gzip VCF, BCF or uncompressed BCF from a path or
/// `-` (standard input), the format detected from the bytes (`hts_detect_format`).
///
/// Every htslib return code passes through one place: end of file ends the loop,
/// any other failure throws a `VariantIOError` naming the file and line (VCF text)
/// or `contig:position`, and a record whose `errcode` is set is an error.
///
/// ```swift
/// let reader = try VariantReader(path: "trio.vcf.gz")
/// try reader.setRegions([GenomicRegion(contig: "1", start: 10_000, end: 20_000)])
/// let record = VariantRecord()
/// while try reader.read(into: record) { … }
/// ```
public final class VariantReader {
    /// The path as given (`-` for standard input).
    public let path: String
    /// The detected format.
    public let format: VariantFileFormat
    /// The header. It gains `##contig` lines when VCF text uses undeclared contigs.
    public private(set) var header: VariantHeader

    let file: UnsafeMutablePointer<htsFile>
    private var line = kstring_t(l: 0, m: 0, s: nil)
    /// The 1-based line number of the last line read (VCF text only; 0 for BCF).
    public private(set) var lineNumber = 0
    private var index: IndexHandle?
    private var cursor: RegionCursor?
    private var lastContig: [CChar] = []
    /// Kept so the pool outlives the file it decompresses for.
    private let threadPool: ThreadPool?
    private var projector: LineProjector?
    /// Numeric INFO/FORMAT values checked on the text (built on the first VCF record).
    private var numericCheck: NumericFieldCheck?

    /// The fields to decode from VCF text (default: all). See `FieldSelection`.
    public var fieldSelection = FieldSelection.all {
        didSet { projector = LineProjector(fieldSelection) }
    }
    private var lastContigIndex: Int32 = 0
    private var lastPosition = 0

    /// Opens `path` and reads its header.
    ///
    /// - Parameter threadPool: decompresses BGZF blocks on these threads.
    public init(path: String, threadPool: ThreadPool? = nil) throws(VariantIOError) {
        HTSLibrary.configure()
        self.path = path
        self.threadPool = threadPool
        try VariantReader.checkPath(path)
        guard let file = hts_open(path, "r") else {
            let reason = String(cString: strerror(errno))
            throw VariantIOError(.cannotOpen, path: path, "cannot open: \(reason)")
        }
        self.file = file
        do throws(VariantIOError) {
            self.format = try VariantReader.detectFormat(file, path: path)
            // The end-of-file check runs before the thread pool is attached: htslib's
            // multi-threaded reader waits forever on a file cut inside a block.
            if format == .vcfBGZF || format == .bcf {
                if bgzf_check_EOF(hts_get_bgzfp(file)) == 0 {
                    throw VariantIOError(.truncated, path: path, "the BGZF end-of-file marker is missing: the file is truncated or still being written")
                }
            }
            if let threadPool { hts_set_thread_pool(file, threadPool.pool) }
            if format.isBCF {
                guard let header = bcf_hdr_read(file) else {
                    throw VariantIOError(.malformedHeader, path: path, "cannot read the BCF header (corrupt or truncated file)")
                }
                self.header = VariantHeader(handle: HeaderHandle(owning: header))
            } else {
                self.header = VariantHeader(handle: try VariantReader.readTextHeader(file, path: path, line: &line, lineNumber: &lineNumber))
            }
        } catch {
            free(line.s)
            hts_close(file)
            throw error
        }
    }

    deinit {
        cursor = nil
        free(line.s)
        hts_close(file)
    }

    // MARK: Opening

    private static func checkPath(_ path: String) throws(VariantIOError) {
        guard path != "-" else { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw VariantIOError(.fileNotFound, path: path, "no such file")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw VariantIOError(.isDirectory, path: path, "is a directory, not a VCF/BCF file")
        }
        if (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0 {
            throw VariantIOError(.emptyFile, path: path, "is empty (0 bytes): expected VCF or BCF")
        }
        guard access(path, R_OK) == 0 else {
            throw VariantIOError(.cannotOpen, path: path, "permission denied")
        }
    }

    private static func detectFormat(_ file: UnsafeMutablePointer<htsFile>, path: String) throws(VariantIOError) -> VariantFileFormat {
        let detected = hts_get_format(file).pointee
        switch (detected.format, detected.compression) {
        case (vcf, no_compression): return .vcf
        case (vcf, bgzf): return .vcfBGZF
        case (vcf, gzip): return .vcfGzip
        case (bcf, bgzf): return .bcf
        case (bcf, no_compression): return .bcfUncompressed
        default:
            var description = "unknown"
            if let text = hts_format_description(&file.pointee.format) {
                description = String(cString: text)
                free(text)
            }
            if detected.format == empty_format {
                throw VariantIOError(.emptyFile, path: path, "is empty: expected VCF or BCF")
            }
            throw VariantIOError(.notVariantFile, path: path, "is not VCF or BCF (detected: \(description))")
        }
    }

    /// Reads `##` lines and the `#CHROM` line itself, so that errors can name lines.
    private static func readTextHeader(_ file: UnsafeMutablePointer<htsFile>, path: String, line: inout kstring_t, lineNumber: inout Int) throws(VariantIOError) -> HeaderHandle {
        var text = ""
        while true {
            let status = hts_getline(file, criba_line_separator(), &line)
            if status < -1 {
                throw VariantIOError(.truncated, path: path, location: "line \(lineNumber + 1)", "cannot read the header: the compressed data is corrupt or truncated")
            }
            if status == -1 {
                throw VariantIOError(.malformedHeader, path: path, "the header ends without a #CHROM line")
            }
            lineNumber += 1
            let content = String(cString: line.s)
            if lineNumber == 1 && !content.hasPrefix("##fileformat=VCF") {
                throw VariantIOError(.malformedHeader, path: path, location: "line 1", "the first line must be ##fileformat=VCFv4.x")
            }
            if content.hasPrefix("##") {
                text += content
                text += "\n"
                continue
            }
            guard content.hasPrefix("#CHROM") else {
                throw VariantIOError(.malformedHeader, path: path, location: "line \(lineNumber)", "expected a ## header line or the #CHROM line")
            }
            let columns = content.split(separator: "\t", omittingEmptySubsequences: false)
            let fixed = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]
            guard columns.count >= 8, Array(columns.prefix(8).map(String.init)) == fixed else {
                throw VariantIOError(.malformedHeader, path: path, location: "line \(lineNumber)", "the #CHROM line must have the tab-separated columns \(fixed.joined(separator: " ")) [FORMAT samples…]")
            }
            if columns.count > 8 {
                guard columns[8] == "FORMAT" else {
                    throw VariantIOError(.malformedHeader, path: path, location: "line \(lineNumber)", "the ninth column of the #CHROM line must be FORMAT")
                }
                var seen = Set<Substring>()
                for sample in columns.dropFirst(9) {
                    if sample.isEmpty {
                        throw VariantIOError(.malformedHeader, path: path, location: "line \(lineNumber)", "empty sample name in the #CHROM line")
                    }
                    if !seen.insert(sample).inserted {
                        throw VariantIOError(.malformedHeader, path: path, location: "line \(lineNumber)", "duplicate sample name '\(sample)'")
                    }
                }
            }
            text += content
            text += "\n"
            break
        }
        guard let header = bcf_hdr_init("r") else {
            throw VariantIOError(.readFailed, path: path, "out of memory")
        }
        let buffer = strdup(text)
        defer { free(buffer) }
        if bcf_hdr_parse(header, buffer) != 0 {
            bcf_hdr_destroy(header)
            throw VariantIOError(.malformedHeader, path: path, "the header cannot be parsed (a malformed ## line)")
        }
        return HeaderHandle(owning: header)
    }

    // MARK: Regions

    /// True when a `.csi`/`.tbi` index can be loaded for this file.
    public var hasIndex: Bool {
        if index != nil { return true }
        return (try? loadIndex()) != nil
    }

    @discardableResult
    func loadIndex() throws(VariantIOError) -> IndexHandle {
        if let index { return index }
        let loaded = try IndexHandle.load(path: path, format: format)
        index = loaded
        // Contigs known to a tabix index but not declared in the header become header
        // lines, in index order, so every reader of the file assigns the same ids.
        if let tabix = loaded.tabix {
            var count: Int32 = 0
            if let names = tbx_seqnames(tabix, &count) {
                defer { free(names) }
                for position in 0..<Int(count) {
                    guard let cName = names[position] else { continue }
                    let name = String(cString: cName)
                    if header.handle.contigID(name) == nil {
                        try header.handle.append(line: "##contig=<ID=\(name)>")
                        header = VariantHeader(handle: header.handle)
                    }
                }
            }
        }
        return loaded
    }

    /// The contigs holding records, in file order, from the index.
    public func indexedContigs() throws(VariantIOError) -> [IndexedContig] {
        try loadIndex().contigs(header: header.handle)
    }

    /// Restricts reading to records overlapping `regions` (by their REF span, as
    /// `bcftools view -r` does): contigs in the order first given, regions within a
    /// contig sorted and merged, each record returned once. Needs an index.
    public func setRegions(_ regions: [GenomicRegion]) throws(VariantIOError) {
        let index = try loadIndex()
        var order: [String] = []
        var byContig: [String: [GenomicRegion]] = [:]
        for region in regions {
            if byContig[region.contig] == nil { order.append(region.contig) }
            byContig[region.contig, default: []].append(region)
        }
        var spans: [RegionCursor.Span] = []
        for contig in order {
            guard let indexID = index.contigID(contig, header: header.handle) else {
                if header.handle.contigID(contig) != nil { continue }  // declared, no records
                throw VariantIOError(.unknownContig, path: path, "region contig '\(contig)' is not in the header or index (contigs: \(header.contigs.prefix(5).map(\.name).joined(separator: ", "))\(header.contigs.count > 5 ? ", …" : ""))")
            }
            let sorted = byContig[contig]!.sorted { $0.start < $1.start }
            var merged: [(Int, Int)] = []
            for region in sorted {
                let end = region.end ?? Int(criba_pos_max())
                if let last = merged.last, region.start <= last.1 {
                    merged[merged.count - 1].1 = max(last.1, end)
                } else {
                    merged.append((region.start, end))
                }
            }
            for (position, span) in merged.enumerated() {
                spans.append(RegionCursor.Span(indexID: indexID, contigID: header.handle.contigID(contig) ?? -1, start: span.0, end: span.1, ownership: .overlap(previousEnd: position > 0 ? merged[position - 1].1 : nil)))
            }
        }
        cursor = RegionCursor(spans: spans)
    }

    /// Restricts reading to records whose POS lies in `start...end` of `contig`
    /// (a shard: records are owned by the shard holding their start). Needs an index.
    public func setShard(contig: String, start: Int, end: Int) throws(VariantIOError) {
        let index = try loadIndex()
        guard let indexID = index.contigID(contig, header: header.handle) else {
            throw VariantIOError(.unknownContig, path: path, "contig '\(contig)' is not in the index")
        }
        cursor = RegionCursor(spans: [RegionCursor.Span(indexID: indexID, contigID: header.handle.contigID(contig) ?? -1, start: start, end: end, ownership: .start)])
    }

    // MARK: Reading

    /// Reads the next record into `record`; returns false at the end of the input
    /// (or of the regions set).
    public func read(into record: VariantRecord) throws(VariantIOError) -> Bool {
        let handle = header.handle
        if record.header !== handle { record.header = handle }
        if cursor != nil { return try readFromRegions(into: record) }
        if format.isBCF {
            let status = criba_bcf_read_record(file, header.handle.pointer, record.pointer)
            if status == -1 { return false }
            if status == -3 { try checkRecord(record) }
            if status < -1 {
                throw VariantIOError(.truncated, path: path, location: afterLocation(), "cannot read the next record: the file is corrupt or truncated")
            }
            lastContigIndex = record.pointer.pointee.rid
            lastPosition = record.position
            return true
        }
        while true {
            let status = hts_getline(file, criba_line_separator(), &line)
            if status == -1 { return false }
            if status < -1 {
                throw VariantIOError(.truncated, path: path, location: "line \(lineNumber + 1)", "cannot read: the compressed data is corrupt or truncated")
            }
            lineNumber += 1
            if line.l == 0 { continue }
            try parseLine(into: record, lineNumber: lineNumber)
            return true
        }
    }

    /// Reads up to `limit` raw VCF text lines into `batch` (for parallel parsing).
    /// Returns false when no line was read. Undeclared contigs are added to the header.
    func readLines(into batch: LineBatch, limit: Int) throws(VariantIOError) -> Bool {
        batch.clear(firstLine: lineNumber + 1)
        while batch.count < limit {
            let status = hts_getline(file, criba_line_separator(), &line)
            if status == -1 { break }
            if status < -1 {
                throw VariantIOError(.truncated, path: path, location: "line \(lineNumber + 1)", "cannot read: the compressed data is corrupt or truncated")
            }
            lineNumber += 1
            if line.l == 0 { batch.appendEmpty(); continue }
            try registerContig(of: line)
            batch.append(line.s, length: Int(line.l))
        }
        return batch.count > 0
    }

    /// Reads up to `limit` BCF records into `batch` (for parallel processing of a stream).
    func readRecords(into batch: RecordBatch, limit: Int) throws(VariantIOError) -> Bool {
        batch.removeAll()
        while batch.count < limit {
            let record = batch.nextSlot()
            guard try read(into: record) else { break }
            batch.commitSlot()
        }
        return batch.count > 0
    }

    /// Reads the spans of the cursor. Each span costs one index query, for the file
    /// offset of its first chunk; from there records are read sequentially (no index
    /// iterator per record, no tabix re-parse of each line) until the contig changes or
    /// POS passes the span's end. The file is sorted, so nothing after that can belong.
    private func readFromRegions(into record: VariantRecord) throws(VariantIOError) -> Bool {
        guard let cursor, let index else { return false }
        let isBCF = format.isBCF
        let headerPointer = header.handle.pointer
        while let span = cursor.current {
            if !cursor.positioned {
                guard let offset = try firstOffset(of: span, index: index) else {
                    cursor.advance()
                    continue
                }
                guard bgzf_seek(hts_get_bgzfp(file), Int64(bitPattern: offset), SEEK_SET) == 0 else {
                    throw VariantIOError(.truncated, path: path, "cannot seek to the region \(span.start)-\(span.end): the file is corrupt or truncated")
                }
                cursor.positioned = true
            }
            // Read sequentially within the span; only ints are touched per record.
            while true {
                let status: Int32
                if isBCF {
                    status = criba_bcf_read_record(file, headerPointer, record.pointer)
                    if status == -3 { try checkRecord(record) }
                } else {
                    status = hts_getline(file, criba_line_separator(), &line)
                    if status >= 0 { try parseLine(into: record, lineNumber: 0) }
                }
                if status == -1 { break }
                if status < -1 {
                    throw VariantIOError(.truncated, path: path, location: afterLocation(), "cannot read the next record: the file is corrupt or truncated")
                }
                let rid = record.pointer.pointee.rid
                let position = Int(record.pointer.pointee.pos) + 1
                lastContigIndex = rid
                lastPosition = position
                if rid != span.contigID || position > span.end { break }
                if span.keeps(position: position, end: position + Int(record.pointer.pointee.rlen) - 1) { return true }
            }
            cursor.advance()
        }
        return false
    }

    /// The virtual file offset from which sequential reading reaches every record of
    /// the span, or nil when the index holds nothing there. An index query costs in
    /// proportion to its range, so ask first for a 64 kb window at the span's start:
    /// the iterator reaches every record overlapping that window, and the file is
    /// sorted, so everything after them too. Only an empty window needs the whole span.
    private func firstOffset(of span: RegionCursor.Span, index: IndexHandle) throws(VariantIOError) -> UInt64? {
        let windowEnd = min(span.end, span.start - 1 + 65_536)
        if let offset = try queryFirstOffset(span, end: windowEnd, index: index) { return offset }
        guard windowEnd < span.end else { return nil }
        return try queryFirstOffset(span, end: span.end, index: index)
    }

    private func queryFirstOffset(_ span: RegionCursor.Span, end: Int, index: IndexHandle) throws(VariantIOError) -> UInt64? {
        let begin = hts_pos_t(span.start - 1), finish = hts_pos_t(min(end, Int(criba_pos_max())))
        let iterator: UnsafeMutablePointer<hts_itr_t>?
        if let tabix = index.tabix {
            iterator = criba_tbx_itr_queryi(tabix, span.indexID, begin, finish)
        } else {
            iterator = criba_bcf_itr_queryi(index.rawIndex, span.indexID, begin, finish)
        }
        guard let iterator else {
            throw VariantIOError(.readFailed, path: path, "cannot query the index for \(span.start)-\(span.end)")
        }
        defer { hts_itr_destroy(iterator) }
        return iterator.pointee.n_off > 0 ? iterator.pointee.off[0].u : nil
    }

    /// Parses `line` into `record`. `lineNumber` is 0 when unknown (index queries);
    /// the error location is built only when there is an error.
    private func parseLine(into record: VariantRecord, lineNumber: Int) throws(VariantIOError) {
        let headerPointer = header.handle.pointer
        let contigsBefore = criba_hdr_ncontigs(headerPointer)
        let tagsBefore = criba_hdr_nids(headerPointer)
        if cursor == nil { try registerContig(of: line) }
        if numericCheck == nil { numericCheck = NumericFieldCheck(header: header) }
        if let numericCheck, numericCheck.isActive, let text = line.s {
            let problem = text.withMemoryRebound(to: UInt8.self, capacity: Int(line.l)) {
                numericCheck.problem(in: UnsafeBufferPointer(start: $0, count: Int(line.l)))
            }
            if let problem {
                let location = lineNumber > 0 ? "line \(lineNumber)" : "a record"
                throw VariantIOError(.malformedRecord, path: path, location: location, "malformed record: \(problem)")
            }
        }
        let status: Int32
        if let projector {
            var projected = projector.project(line)
            status = vcf_parse(&projected, headerPointer, record.pointer)
        } else {
            status = vcf_parse(&line, headerPointer, record.pointer)
        }
        // htslib reads a non-numeric POS as 0 without complaint: reject it here.
        let positionValid = record.pointer.pointee.pos >= 0
        if criba_hdr_nids(headerPointer) == tagsBefore && status == 0 && record.pointer.pointee.errcode == 0 && positionValid {
            if criba_hdr_ncontigs(headerPointer) != contigsBefore { header = VariantHeader(handle: header.handle) }
            return
        }
        let location = lineNumber > 0 ? "line \(lineNumber)" : "\(record.contig):\(record.position)"
        if criba_hdr_nids(headerPointer) != tagsBefore {
            let tag = String(cString: criba_hdr_id_key(headerPointer, tagsBefore))
            throw VariantIOError(.undeclared, path: path, location: location, "tag '\(tag)' is used but not declared in the header (add an ##INFO/##FORMAT/##FILTER line)")
        }
        if status == 0 && record.pointer.pointee.errcode == 0 && !positionValid {
            throw VariantIOError(.malformedRecord, path: path, location: location, "malformed record: POS is not a positive integer")
        }
        throw VariantIOError(.malformedRecord, path: path, location: location, VariantReader.explain(errcode: record.pointer.pointee.errcode, line: nil))
    }

    /// Adds a `##contig` line for a CHROM the header does not declare (as htslib would,
    /// but before parsing, so that every header copy agrees on contig ids).
    private func registerContig(of line: kstring_t) throws(VariantIOError) {
        guard let text = line.s else { return }
        var length = 0
        while length < Int(line.l), text[length] != 9 /* tab */ { length += 1 }
        if length == lastContig.count - 1, memcmp(text, lastContig, length) == 0 { return }
        lastContig = Array(UnsafeBufferPointer(start: text, count: length)) + [0]
        let name = String(decoding: lastContig.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if header.handle.contigID(name) != nil { return }
        guard !name.isEmpty, !name.contains(where: { $0 == "," || $0 == "<" || $0 == ">" || $0 == "=" || $0 == " " }) else {
            throw VariantIOError(.malformedRecord, path: path, location: "line \(lineNumber)", "invalid contig name '\(name)'")
        }
        try header.handle.append(line: "##contig=<ID=\(name)>")
        header = VariantHeader(handle: header.handle)
    }

    private func checkRecord(_ record: VariantRecord) throws(VariantIOError) {
        let code = record.pointer.pointee.errcode
        guard code != 0 else { return }
        throw VariantIOError(.malformedRecord, path: path, location: "\(record.contig):\(record.position)", VariantReader.explain(errcode: code, line: nil))
    }

    /// "after contig:position" of the last record read, for failures between records.
    private func afterLocation() -> String? {
        guard lastPosition > 0 else { return nil }
        let name = String(cString: criba_hdr_contig_name(header.handle.pointer, lastContigIndex))
        return "after \(name):\(lastPosition)"
    }

    static func explain(errcode: Int32, line: kstring_t?) -> String {
        var reasons: [String] = []
        if errcode & BCF_ERR_CTG_UNDEF != 0 { reasons.append("the contig is not declared in the header") }
        if errcode & BCF_ERR_TAG_UNDEF != 0 { reasons.append("a tag is not declared in the header") }
        if errcode & BCF_ERR_NCOLS != 0 { reasons.append("the number of columns does not match the header's samples") }
        if errcode & BCF_ERR_LIMITS != 0 { reasons.append("a value exceeds htslib's limits (too many alleles, samples or values)") }
        if errcode & BCF_ERR_CHAR != 0 { reasons.append("an invalid character") }
        if errcode & BCF_ERR_CTG_INVALID != 0 { reasons.append("an invalid contig") }
        if errcode & BCF_ERR_TAG_INVALID != 0 { reasons.append("an INFO/FORMAT value does not match its declared type") }
        if !reasons.isEmpty { return "malformed record: " + reasons.joined(separator: "; ") }
        if let line, let text = line.s {
            let columns = String(cString: text).split(separator: "\t", omittingEmptySubsequences: false).count
            if columns < 8 { return "malformed record: \(columns) tab-separated columns, at least 8 expected" }
        }
        return "malformed record (a field does not parse: check POS, REF/ALT, QUAL and the INFO/FORMAT values against their declared types)"
    }
}

/// The regions a reader walks, with the rule that decides which records each keeps.
final class RegionCursor {
    struct Span {
        enum Ownership {
            /// Keep records overlapping the span, except those already kept by the
            /// previous span on the contig (start ≤ its end).
            case overlap(previousEnd: Int?)
            /// Keep records whose POS lies in the span (shards).
            case start
        }
        /// The contig's id in the index (tabix keeps its own list).
        var indexID: Int32
        /// The contig's id in the header (what records carry).
        var contigID: Int32
        var start: Int
        var end: Int
        var ownership: Ownership

        func keeps(position: Int, end recordEnd: Int) -> Bool {
            switch ownership {
            case .start:
                return position >= start && position <= end
            case .overlap(let previousEnd):
                guard position <= end && max(recordEnd, position) >= start else { return false }
                if let previousEnd, position <= previousEnd { return false }
                return true
            }
        }
    }

    var spans: [Span]
    var position = 0
    /// True once the file has been positioned at the current span's first chunk.
    var positioned = false

    init(spans: [Span]) { self.spans = spans }

    var current: Span? { position < spans.count ? spans[position] : nil }

    func advance() {
        positioned = false
        position += 1
    }
}
