import CHTSlib
import Foundation

/// MD5 checksums through htslib (`hts_md5_*`), for provenance lines.
public enum FileChecksum {
    /// The MD5 of the first `limit` bytes of `path` (the whole file when nil), as lowercase hex.
    public static func md5(path: String, limit: Int? = nil) throws(VariantIOError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VariantIOError(.cannotOpen, path: path, "cannot open to compute its checksum")
        }
        defer { try? handle.close() }
        guard let context = hts_md5_init() else { throw VariantIOError(.readFailed, path: path, "out of memory") }
        defer { hts_md5_destroy(context) }
        var remaining = limit ?? Int.max
        while remaining > 0 {
            let chunk = handle.readData(ofLength: min(remaining, 1 << 20))
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { bytes in hts_md5_update(context, bytes.baseAddress, UInt(bytes.count)) }
            remaining -= chunk.count
        }
        var digest = [UInt8](repeating: 0, count: 16)
        hts_md5_final(&digest, context)
        var hex = [CChar](repeating: 0, count: 33)
        hts_md5_hex(&hex, digest)
        return String(decoding: hex.prefix(32).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The MD5 of a string's UTF-8 bytes, as lowercase hex.
    public static func md5(text: String) -> String {
        guard let context = hts_md5_init() else { return "" }
        defer { hts_md5_destroy(context) }
        var bytes = Array(text.utf8)
        hts_md5_update(context, &bytes, UInt(bytes.count))
        var digest = [UInt8](repeating: 0, count: 16)
        hts_md5_final(&digest, context)
        var hex = [CChar](repeating: 0, count: 33)
        hts_md5_hex(&hex, digest)
        return String(decoding: hex.prefix(32).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
