import Foundation
import VariantIO

/// A gene model converted once into a compact binary file (`criba db genes`), which loads
/// in a fraction of the time its GFF3/GTF/genePred source takes to parse — what SnpEff's
/// database and VEP's cache are to those tools. `-g` accepts it wherever a gene model goes.
///
/// Layout (little-endian): the 16-byte magic, the format version (UInt32), the source's
/// description, a table of distinct strings, the transcripts (string-table indexes,
/// strand, tags, CDS bounds and exons), then the SHA-256 (64 hex characters) of every byte
/// before it, so that a damaged or truncated file is refused rather than misread.
///
/// ```swift
/// let transcripts = try GeneModelReader.read(path: "MANE.gff3.gz")
/// try GeneModelCache.write(transcripts: transcripts, source: .init(path: "MANE.gff3.gz", sha256: digest,
///                          format: "gff3"), to: "MANE.genes")
/// let model = try GeneModel(path: "MANE.genes")
/// ```
public enum GeneModelCache {
    /// The first bytes of every cache file.
    public static let magic = Array("CRIBA-GENEMODEL\n".utf8)
    /// The layout version this build writes and reads.
    public static let formatVersion: UInt32 = 1

    /// The gene model a cache was built from.
    public struct Source: Sendable, Equatable {
        /// The source file's name as given when the cache was built.
        public var path: String
        /// The SHA-256 of the source file.
        public var sha256: String
        /// Its format (`gff3`, `gtf`, `genePred`).
        public var format: String

        /// Describes a source.
        public init(path: String, sha256: String, format: String) {
            self.path = path
            self.sha256 = sha256
            self.format = format
        }
    }

    /// True when `path` starts with the cache magic (false for anything unreadable).
    public static func isCache(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: magic.count) else { return false }
        return Array(head) == magic
    }

    /// Writes `transcripts` to `path` (through a temporary file renamed when complete; a
    /// device or pipe is written in place).
    public static func write(transcripts: [Transcript], source: Source, to path: String) throws {
        try TextOutput.write(Data(encode(transcripts: transcripts, source: source)), to: path)
    }

    /// Reads a cache file.
    public static func read(path: String) throws -> (transcripts: [Transcript], source: Source) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GeneModelError(path: path, "cannot read the gene-model cache")
        }
        return try decode(Array(data), path: path)
    }

    /// The cache bytes for `transcripts`.
    public static func encode(transcripts: [Transcript], source: Source) -> [UInt8] {
        var strings: [String] = []
        var indexes: [String: UInt32] = [:]
        func index(_ text: String?) -> UInt32 {
            guard let text else { return UInt32.max }
            if let known = indexes[text] { return known }
            let next = UInt32(strings.count)
            strings.append(text)
            indexes[text] = next
            return next
        }
        var body = ByteWriter()
        body.append(UInt32(transcripts.count))
        for transcript in transcripts {
            for text in [transcript.identifier, transcript.version, transcript.geneIdentifier, transcript.geneSymbol,
                         transcript.hgncIdentifier, transcript.biotype, transcript.contig, transcript.proteinIdentifier,
                         transcript.maneSelectName] {
                body.append(index(text))
            }
            body.append(UInt8(bitPattern: transcript.strand.rawValue))
            body.append(transcript.tags.rawValue)
            body.append(Int64(transcript.codingPhase))
            body.append(Int64(transcript.codingStart ?? -1))
            body.append(Int64(transcript.codingEnd ?? -1))
            body.append(UInt32(transcript.exons.count))
            for exon in transcript.exons {
                body.append(Int64(exon.lowerBound))
                body.append(Int64(exon.upperBound))
            }
        }
        var output = ByteWriter()
        output.bytes = magic
        output.append(formatVersion)
        output.append(text: source.path)
        output.append(text: source.sha256)
        output.append(text: source.format)
        output.append(UInt32(strings.count))
        for text in strings { output.append(text: text) }
        output.bytes += body.bytes
        var digest = SHA256Digest()
        digest.update(output.bytes)
        output.bytes += Array(digest.finalize().utf8)
        return output.bytes
    }

    /// Decodes cache bytes read from `path` (named in errors).
    public static func decode(_ bytes: [UInt8], path: String) throws -> (transcripts: [Transcript], source: Source) {
        func damaged(_ problem: String) -> GeneModelError {
            GeneModelError(path: path, "damaged gene-model cache (\(problem)): rebuild it with criba db genes")
        }
        guard bytes.count >= magic.count + 4 + 64, Array(bytes.prefix(magic.count)) == magic else {
            throw GeneModelError(path: path, "not a criba gene-model cache")
        }
        let bodyEnd = bytes.count - 64
        var digest = SHA256Digest()
        digest.update(bytes[0..<bodyEnd])
        guard digest.finalize() == String(decoding: bytes[bodyEnd...], as: UTF8.self) else {
            throw damaged("its checksum does not match: truncated or altered")
        }
        var reader = ByteReader(bytes: bytes, position: magic.count, end: bodyEnd)
        guard let version = reader.uint32() else { throw damaged("no version") }
        guard version == formatVersion else {
            throw GeneModelError(path: path, "gene-model cache format \(version), this criba reads format \(formatVersion): rebuild it with criba db genes")
        }
        guard let sourcePath = reader.text(), let sourceSha = reader.text(), let sourceFormat = reader.text(),
              let stringCount = reader.uint32(), Int(stringCount) <= reader.remaining / 4 else { throw damaged("source description") }
        var strings: [String] = []
        strings.reserveCapacity(Int(stringCount))
        for _ in 0..<stringCount {
            guard let text = reader.text() else { throw damaged("string table") }
            strings.append(text)
        }
        func string(_ index: UInt32?, optional: Bool) throws -> String? {
            guard let index else { throw damaged("transcript table") }
            if index == UInt32.max && optional { return nil }
            guard Int(index) < strings.count else { throw damaged("string index \(index) out of range") }
            return strings[Int(index)]
        }
        guard let count = reader.uint32(), Int(count) <= reader.remaining / 47 else { throw damaged("transcript count") }
        var transcripts: [Transcript] = []
        transcripts.reserveCapacity(Int(count))
        for ordinal in 0..<Int(count) {
            let identifier = try string(reader.uint32(), optional: false)!
            let version = try string(reader.uint32(), optional: true)
            let geneIdentifier = try string(reader.uint32(), optional: false)!
            let geneSymbol = try string(reader.uint32(), optional: false)!
            let hgnc = try string(reader.uint32(), optional: true)
            let biotype = try string(reader.uint32(), optional: false)!
            let contig = try string(reader.uint32(), optional: false)!
            let protein = try string(reader.uint32(), optional: true)
            let maneSelectName = try string(reader.uint32(), optional: true)
            guard let strandByte = reader.uint8(), let strand = Strand(rawValue: Int8(bitPattern: strandByte)),
                  let tags = reader.uint8(), let phase = reader.int64(), phase.magnitude < 1 << 31,
                  let codingStart = reader.int64(), let codingEnd = reader.int64(), let exonCount = reader.uint32(),
                  exonCount > 0, Int(exonCount) <= reader.remaining / 16 else { throw damaged("transcript \(ordinal + 1)") }
            var exons: [ClosedRange<Int>] = []
            exons.reserveCapacity(Int(exonCount))
            for _ in 0..<exonCount {
                guard let low = reader.int64(), let high = reader.int64(), low >= 1, low <= high,
                      high <= GeneModelReader.maximumCoordinate else { throw damaged("exons of transcript \(ordinal + 1)") }
                exons.append(Int(low)...Int(high))
            }
            let isCoding = codingStart >= 1
            guard isCoding ? (codingStart <= codingEnd && codingEnd <= GeneModelReader.maximumCoordinate) : (codingStart == -1 && codingEnd == -1) else {
                throw damaged("CDS of transcript \(ordinal + 1)")
            }
            transcripts.append(Transcript(identifier: identifier, version: version, geneIdentifier: geneIdentifier, geneSymbol: geneSymbol,
                                          hgncIdentifier: hgnc, biotype: biotype, contig: contig, strand: strand, exons: exons,
                                          codingStart: isCoding ? Int(codingStart) : nil, codingEnd: isCoding ? Int(codingEnd) : nil,
                                          codingPhase: Int(phase), proteinIdentifier: protein, tags: TranscriptTags(rawValue: tags),
                                          maneSelectName: maneSelectName))
        }
        guard reader.remaining == 0 else { throw damaged("\(reader.remaining) bytes after the last transcript") }
        return (transcripts, Source(path: sourcePath, sha256: sourceSha, format: sourceFormat))
    }
}

/// Little-endian writing for the cache.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(text: String) {
        append(UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
}

/// Bounds-checked little-endian reading for the cache: nil past the end, never a trap.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    var remaining: Int { end - position }

    mutating func uint8() -> UInt8? {
        guard position < end else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[position + shift]) << (8 * shift) }
        position += 4
        return value
    }

    mutating func int64() -> Int64? {
        guard remaining >= 8 else { return nil }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[position + shift]) << (8 * shift) }
        position += 8
        return Int64(bitPattern: value)
    }

    mutating func text() -> String? {
        guard let length = uint32(), Int(length) <= remaining else { return nil }
        defer { position += Int(length) }
        return String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
    }
}
