import VariantIO

/// Lines of a plain or gzipped text file (through htslib), one `String` each.
enum TextLines {
    static func forEach(path: String, _ body: (String) throws -> Void) throws {
        try TextLineReader.forEachLine(path: path) { bytes, _ in try body(String(decoding: bytes, as: UTF8.self)) }
    }
}
