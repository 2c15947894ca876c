import CHTSlib
import Foundation

/// Reads a plain, gzip or BGZF text file line by line through htslib, handing each
/// line to the caller as bytes (no `String` per line) with its 1-based line number.
///
/// ```swift
/// try TextLineReader.forEachLine(path: "genes.gff3.gz") { line, number in ... }
/// ```
public enum TextLineReader {
    /// Calls `body` for every line (without its newline and any trailing `\r`).
    public static func forEachLine(path: String, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        HTSLibrary.configure()
        var isDirectory: ObjCBool = false
        guard path == "-" || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VariantIOError(.fileNotFound, path: path, "file not found")
        }
        guard !isDirectory.boolValue else { throw VariantIOError(.isDirectory, path: path, "is a directory") }
        guard let file = hts_open(path, "r") else {
            throw VariantIOError(.cannotOpen, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { hts_close(file) }
        var line = kstring_t(l: 0, m: 0, s: nil)
        defer { free(line.s) }
        var number = 0
        while true {
            let status = hts_getline(file, criba_line_separator(), &line)
            if status == -1 { break }
            guard status >= 0 else {
                throw VariantIOError(.truncated, path: path, location: "line \(number + 1)", "cannot read (truncated or corrupt compressed data)")
            }
            number += 1
            var length = Int(line.l)
            guard let text = line.s else { continue }
            try text.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                if length > 0 && bytes[length - 1] == 13 { length -= 1 }
                try body(UnsafeBufferPointer(start: bytes, count: length), number)
            }
        }
    }
}
