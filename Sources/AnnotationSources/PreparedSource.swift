import Foundation

/// A source prepared once by `criba db build`: every ALT allele of a VCF/BCF in minimal
/// representation, sorted by contig and position, with the chosen INFO fields as typed
/// columns, in one memory-mapped file (the approach of echtvar). Annotating from it
/// needs no decompression and no text parsing: a binary search per window and array
/// reads per allele.
///
/// Layout (little-endian): the 8-byte magic `CRIBADB1`, the UInt64 offset and UInt64
/// length of the metadata, then the sections the metadata points to (offsets from the
/// start of the file, 8-byte aligned): per contig, `positions` (Int32, ascending), `keys`
/// (UInt64, see `AlleleCode`) and one 4-byte column per field (Float32 with NaN for
/// missing, Int32 with Int32.min, UInt32 string ids with UInt32.max, UInt32 flags); per
/// String field a pool of UTF-8 bytes and its UInt32 offsets; last, the metadata as JSON
/// (`PreparedSource.Metadata`).
public final class PreparedSource: @unchecked Sendable {
    /// The magic bytes that start every prepared source.
    public static let magic = Array("CRIBADB1".utf8)
    /// The format version this build reads and writes.
    public static let formatVersion = 1

    /// What the file holds.
    public struct Metadata: Codable, Sendable {
        /// Format version.
        public var version: Int
        /// The source it was built from.
        public var source: SourceFile
        /// The fields, in column order.
        public var fields: [Field]
        /// The contigs, in file order.
        public var contigs: [Contig]
        /// Criba's version at build time.
        public var builtBy: String
        /// True when indels were left-aligned against a reference at build time.
        public var leftAligned: Bool?
        /// The reference used for left-alignment.
        public var reference: String?
    }

    /// Provenance of the source file.
    public struct SourceFile: Codable, Sendable {
        /// Path as given to `criba db build`.
        public var path: String
        /// Size in bytes.
        public var size: Int
        /// MD5 of the whole source file.
        public var md5: String
        /// `##fileDate`/`##source` of the source header, when present.
        public var version: String
    }

    /// One INFO field.
    public struct Field: Codable, Sendable {
        /// The INFO tag in the source.
        public var name: String
        /// `Integer`, `Float`, `String` or `Flag`.
        public var type: String
        /// The source's Number (`A`, `R`, `1`, `.`, …).
        public var number: String
        /// The source's description.
        public var description: String
        /// For String fields: offsets of the string pool and its UInt32 offset table.
        public var poolOffset: Int?
        /// Bytes in the pool.
        public var poolLength: Int?
        /// Offset of `count + 1` UInt32 string starts.
        public var stringOffsetsOffset: Int?
        /// Number of distinct strings.
        public var stringCount: Int?
    }

    /// One contig's arrays.
    public struct Contig: Codable, Sendable {
        /// Contig name.
        public var name: String
        /// Declared length in the source header, when known.
        public var length: Int?
        /// Entries (ALT alleles).
        public var count: Int
        /// Offset of the Int32 positions.
        public var positionsOffset: Int
        /// Offset of the UInt64 allele codes.
        public var keysOffset: Int
        /// Offset of each field's column.
        public var columnOffsets: [Int]
    }

    /// The metadata.
    public let metadata: Metadata
    /// The path of the prepared file.
    public let path: String
    private let base: UnsafeRawPointer
    private let length: Int
    private let contigIndex: [String: Int]
    /// Per field: the string pool and its offsets (String fields only).
    private let pools: [(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>)?]

    /// True when the file at `path` starts with the prepared-source magic.
    public static func isPrepared(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        // A directory opens but cannot be read: it is not a prepared source.
        guard let data = try? handle.read(upToCount: 8) else { return false }
        return Array(data) == magic
    }

    /// Maps the file and reads its metadata.
    public init(path: String) throws(SourceError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SourceError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= 24 else { throw SourceError("\(path): not a prepared source (too short)") }
        let size = Int(info.st_size)
        length = size
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SourceError("\(path): cannot map the file: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(mapped)
        guard Array(UnsafeRawBufferPointer(start: base, count: 8)) == PreparedSource.magic else {
            munmap(mapped, size)
            throw SourceError("\(path): not a prepared source (build one with `criba db build`)")
        }
        let metadataOffset = Int(base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let metadataLength = Int(base.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        guard metadataLength > 0, metadataOffset >= 24, metadataOffset + metadataLength <= length else {
            munmap(mapped, size)
            throw SourceError("\(path): truncated prepared source (metadata runs past the end)")
        }
        let json = Data(bytes: base + metadataOffset, count: metadataLength)
        do {
            metadata = try JSONDecoder().decode(Metadata.self, from: json)
        } catch {
            munmap(mapped, size)
            throw SourceError("\(path): unreadable prepared-source metadata: \(error)")
        }
        guard metadata.version == PreparedSource.formatVersion else {
            munmap(mapped, size)
            throw SourceError("\(path): prepared-source format \(metadata.version), this Criba reads \(PreparedSource.formatVersion): rebuild it with `criba db build`")
        }
        var index: [String: Int] = [:]
        for (position, contig) in metadata.contigs.enumerated() {
            index[contig.name] = position
            let end = contig.keysOffset + 8 * contig.count
            guard contig.positionsOffset + 4 * contig.count <= size, end <= size,
                  contig.columnOffsets.allSatisfy({ $0 + 4 * contig.count <= size }) else {
                munmap(mapped, size)
                throw SourceError("\(path): truncated prepared source (contig \(contig.name) runs past the end)")
            }
        }
        contigIndex = index
        let mappedBase = base
        pools = metadata.fields.map { field in
            guard let pool = field.poolOffset, let offsets = field.stringOffsetsOffset else { return nil }
            return ((mappedBase + pool).assumingMemoryBound(to: UInt8.self), (mappedBase + offsets).assumingMemoryBound(to: UInt32.self))
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    /// The contig's slot, or nil when the source has none of it.
    func contig(_ name: String) -> Int? { contigIndex[name] }

    /// The positions of contig slot `contig`.
    func positions(_ contig: Int) -> UnsafeBufferPointer<Int32> {
        let entry = metadata.contigs[contig]
        return UnsafeBufferPointer(start: (base + entry.positionsOffset).assumingMemoryBound(to: Int32.self), count: entry.count)
    }

    /// The allele codes of contig slot `contig`.
    func keys(_ contig: Int) -> UnsafeBufferPointer<UInt64> {
        let entry = metadata.contigs[contig]
        return UnsafeBufferPointer(start: (base + entry.keysOffset).assumingMemoryBound(to: UInt64.self), count: entry.count)
    }

    /// A raw column of contig slot `contig`.
    func column(_ contig: Int, field: Int) -> UnsafeRawPointer {
        base + metadata.contigs[contig].columnOffsets[field]
    }

    /// The bytes of string `id` of String field `field`.
    func string(field: Int, id: UInt32) -> UnsafeBufferPointer<UInt8> {
        guard let pool = pools[field] else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = Int(pool.offsets[Int(id)]), end = Int(pool.offsets[Int(id) + 1])
        return UnsafeBufferPointer(start: pool.bytes + start, count: end - start)
    }

    /// The first index whose position is at least `position` (binary search).
    static func lowerBound(_ positions: UnsafeBufferPointer<Int32>, _ position: Int32) -> Int {
        var low = 0, high = positions.count
        while low < high {
            let middle = (low + high) >> 1
            if positions[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A 64-bit code for a trimmed REF/ALT pair: exact for alleles of A/C/G/T up to 27
/// bases in total (top bit clear, lengths in 4 bits each, then 2 bits per base),
/// otherwise a 63-bit FNV-1a hash with the top bit set.
enum AlleleCode {
    static let missingString = UInt32.max
    static let missingInteger = Int32.min
    static let missingFloat = Float.nan

    /// 0–3 for A, C, G, T (either case); 4 for anything else.
    @inline(__always) static func baseBits(_ byte: UInt8) -> UInt64 {
        switch byte {
        case UInt8(ascii: "A"), UInt8(ascii: "a"): return 0
        case UInt8(ascii: "C"), UInt8(ascii: "c"): return 1
        case UInt8(ascii: "G"), UInt8(ascii: "g"): return 2
        case UInt8(ascii: "T"), UInt8(ascii: "t"): return 3
        default: return 4
        }
    }

    static func code(_ allele: MinimalAllele) -> UInt64 {
        let referenceCount = allele.reference.count, alternateCount = allele.alternate.count
        if referenceCount < 16 && alternateCount < 16 && referenceCount + alternateCount <= 27 {
            var code = UInt64(referenceCount) << 59 | UInt64(alternateCount) << 55
            var shift: UInt64 = 52
            var exact = true
            for byte in allele.reference {
                let bits = baseBits(byte)
                if bits > 3 { exact = false; break }
                code |= bits << shift
                shift &-= 2
            }
            if exact {
                for byte in allele.alternate {
                    let bits = baseBits(byte)
                    if bits > 3 { exact = false; break }
                    code |= bits << shift
                    shift &-= 2
                }
            }
            if exact { return code & ~(1 << 63) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in allele.reference { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        hash = (hash ^ 62) &* 0x100_0000_01b3
        for byte in allele.alternate { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        return hash | (1 << 63)
    }
}
