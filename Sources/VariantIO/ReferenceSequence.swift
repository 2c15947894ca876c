import CHTSlib
import Foundation

/// A reference genome in FASTA (plain or bgzipped) read through htslib's `faidx`.
///
/// The `.fai` index (and `.gzi` for bgzipped files) is built on first use when it is
/// missing, as `samtools faidx` would. One instance is not thread-safe: each worker
/// opens its own (opening reads only the index).
///
/// ```swift
/// let reference = try ReferenceSequence(path: "GRCh38.fa.gz")
/// let bases = try reference.bases(contig: "chr1", start: 1_000_000, end: 1_000_009)
/// ```
public final class ReferenceSequence: @unchecked Sendable {
    /// The FASTA path as given.
    public let path: String
    /// Sequence names with their lengths, in file order.
    public let contigs: [ContigDefinition]
    private let lengths: [String: Int]
    private let index: OpaquePointer
    let rangeReader: FastaRangeReader?

    /// Opens `path` and its index.
    public init(path: String) throws(VariantIOError) {
        HTSLibrary.configure()
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VariantIOError(.fileNotFound, path: path, "reference FASTA not found")
        }
        guard !isDirectory.boolValue else { throw VariantIOError(.isDirectory, path: path, "is a directory, not a FASTA file") }
        if let problem = ReferenceSequence.compressionProblem(path: path) {
            throw VariantIOError(.notBGZF, path: path, problem)
        }
        guard let index = fai_load3(path, nil, nil, Int32(bitPattern: FAI_CREATE.rawValue)) else {
            throw VariantIOError(.cannotOpen, path: path, "cannot open or index the reference FASTA (is it FASTA, and is its directory writable for the .fai?)")
        }
        self.index = index
        var contigs: [ContigDefinition] = []
        var lengths: [String: Int] = [:]
        let count = faidx_nseq(index)
        for position in 0..<count {
            guard let name = faidx_iseq(index, position) else { continue }
            let text = String(cString: name)
            let length = Int(faidx_seq_len(index, name))
            contigs.append(ContigDefinition(name: text, length: length))
            lengths[text] = length
        }
        guard !contigs.isEmpty else {
            fai_destroy(index)
            throw VariantIOError(.malformedHeader, path: path, "the reference FASTA has no sequences")
        }
        self.contigs = contigs
        self.lengths = lengths
        rangeReader = FastaRangeReader(path: path, lengths: lengths, isCompressed: ReferenceSequence.isCompressed(path: path))
    }

    /// True when the file starts with the gzip magic bytes.
    static func isCompressed(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = [UInt8](handle.readData(ofLength: 2))
        return magic == [0x1f, 0x8b]
    }

    /// Opens another handle on the same file (for another worker thread).
    public func reopened() throws(VariantIOError) -> ReferenceSequence { try ReferenceSequence(path: path) }

    deinit { fai_destroy(index) }

    /// The length of `contig`, or nil when the FASTA lacks it.
    public func length(of contig: String) -> Int? { lengths[contig] }

    /// True for a plain (uncompressed) FASTA mapped into memory: `mappedBase(contig:at:)`
    /// reads single bases in place, with no copy.
    public var isMemoryMapped: Bool { rangeReader?.isMapped ?? false }

    /// The upper-case base at `position` (1-based) of `contig`, `N` beyond its ends; nil when
    /// the contig is absent or the file is not memory-mapped (`isMemoryMapped`).
    @inline(__always)
    public func mappedBase(contig: String, at position: Int) -> UInt8? {
        rangeReader?.base(contig: contig, at: position)
    }

    /// Starts loading the base at `position` of `contig` into the CPU cache when the file is
    /// memory-mapped (a hint: no effect otherwise).
    @inline(__always)
    public func prefetch(contig: String, at position: Int) {
        rangeReader?.prefetch(contig: contig, at: position)
    }

    /// Upper-case bases `start...end` (1-based, inclusive) of `contig`, clipped to the
    /// contig's end. Throws when the contig is absent.
    public func bases(contig: String, start: Int, end: Int) throws(VariantIOError) -> [UInt8] {
        var buffer: [UInt8] = []
        try fetch(contig: contig, start: start, end: end, into: &buffer)
        return buffer
    }

    /// Like `bases(contig:start:end:)`, reusing `buffer`.
    public func fetch(contig: String, start: Int, end: Int, into buffer: inout [UInt8]) throws(VariantIOError) {
        buffer.removeAll(keepingCapacity: true)
        guard let length = lengths[contig] else {
            throw VariantIOError(.unknownContig, path: path, location: contig, "the reference has no sequence named '\(contig)'")
        }
        let first = max(start, 1), last = min(end, length)
        guard first <= last else { return }
        if let rangeReader, rangeReader.read(contig: contig, first: first, last: last, into: &buffer) { return }
        buffer.removeAll(keepingCapacity: true)
        var fetched: hts_pos_t = 0
        guard let sequence = faidx_fetch_seq64(index, contig, hts_pos_t(first - 1), hts_pos_t(last - 1), &fetched) else {
            throw VariantIOError(.readFailed, path: path, location: "\(contig):\(first)-\(last)", "cannot read the reference sequence")
        }
        defer { free(sequence) }
        guard fetched >= 0 else {
            throw VariantIOError(.readFailed, path: path, location: "\(contig):\(first)-\(last)", "cannot read the reference sequence")
        }
        sequence.withMemoryRebound(to: UInt8.self, capacity: Int(fetched)) { bytes in
            buffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(fetched)))
        }
        for position in buffer.indices where buffer[position] >= 97 { buffer[position] &-= 32 }
    }

    /// A message when the file is gzip- but not BGZF-compressed (faidx cannot index it).
    static func compressionProblem(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let magic = [UInt8](handle.readData(ofLength: 16))
        guard magic.count >= 4, magic[0] == 0x1f, magic[1] == 0x8b else { return nil }
        // BGZF: gzip with FEXTRA and a 'BC' subfield.
        let isBGZF = magic.count >= 14 && magic[3] & 4 != 0 && magic[12] == 66 && magic[13] == 67
        return isBGZF ? nil : "the reference is compressed with plain gzip; recompress it with bgzip (bgzip -d < in.fa.gz | bgzip > out.fa.gz) so it can be indexed"
    }
}
