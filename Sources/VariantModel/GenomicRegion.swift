/// A region of one contig in 1-based, fully closed coordinates, as written in
/// `chr1:1000-2000` (positions 1000 through 2000 inclusive).
///
/// `end == nil` means "to the end of the contig".
///
/// ```swift
/// let region = try GenomicRegion(parsing: "chr1:1,000-2,000")
/// region.start // 1000
/// ```
public struct GenomicRegion: Hashable, Sendable, CustomStringConvertible {
    /// Contig name exactly as in the VCF header.
    public var contig: String
    /// First position, 1-based, inclusive.
    public var start: Int
    /// Last position, 1-based, inclusive; `nil` for the end of the contig.
    public var end: Int?

    /// Creates a region; `start` is 1-based and inclusive.
    public init(contig: String, start: Int = 1, end: Int? = nil) {
        self.contig = contig
        self.start = start
        self.end = end
    }

    /// Parses `contig`, `contig:pos`, `contig:start-end` or `contig:start-`
    /// (thousands separators allowed). A single position means that position only.
    /// Contig names that themselves contain `:` (such as `HLA-A*01:01`) are
    /// written in braces: `{HLA-A*01:01}:100-200`.
    public init(parsing text: String) throws(RegionParseError) {
        var contigPart = Substring(text)
        var rangePart: Substring? = nil
        if text.hasPrefix("{"), let close = text.firstIndex(of: "}") {
            contigPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw RegionParseError(text: text, reason: "expected ':' after '}'") }
                rangePart = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            contigPart = text[..<colon]
            rangePart = text[text.index(after: colon)...]
        }
        guard !contigPart.isEmpty else { throw RegionParseError(text: text, reason: "the contig name is empty") }
        self.contig = String(contigPart)
        self.start = 1
        self.end = nil
        guard let range = rangePart else { return }
        let cleaned = range.filter { $0 != "," }
        if let dash = cleaned.firstIndex(of: "-") {
            let startText = cleaned[..<dash], endText = cleaned[cleaned.index(after: dash)...]
            guard let first = Int(startText), first >= 1 else {
                throw RegionParseError(text: text, reason: "the start '\(startText)' is not a positive integer")
            }
            self.start = first
            if !endText.isEmpty {
                guard let last = Int(endText), last >= first else {
                    throw RegionParseError(text: text, reason: "the end '\(endText)' is not an integer at or after the start")
                }
                self.end = last
            }
        } else {
            guard let position = Int(cleaned), position >= 1 else {
                throw RegionParseError(text: text, reason: "the position '\(range)' is not a positive integer")
            }
            self.start = position
            self.end = position
        }
    }

    /// Parses a comma-separated list such as `chr1:1000-2000,chr2` (commas inside
    /// `{…}` belong to the contig name).
    public static func parseList(_ text: String) throws(RegionParseError) -> [GenomicRegion] {
        var pieces: [String] = []
        var piece = ""
        var depth = 0
        for character in text {
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            if character == ",", depth == 0 {
                pieces.append(piece)
                piece = ""
            } else {
                piece.append(character)
            }
        }
        pieces.append(piece)
        var regions: [GenomicRegion] = []
        for piece in pieces {
            guard !piece.isEmpty else { throw RegionParseError(text: text, reason: "empty region in the list") }
            regions.append(try GenomicRegion(parsing: piece))
        }
        return regions
    }

    /// `contig:start-end` (or `contig` for a whole contig).
    public var description: String {
        if start == 1 && end == nil { return contig }
        if let end { return "\(contig):\(start)-\(end)" }
        return "\(contig):\(start)-"
    }
}

/// A region string that could not be parsed.
public struct RegionParseError: Error, Sendable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What is wrong with it.
    public var reason: String
    /// Creates the error.
    public init(text: String, reason: String) { self.text = text; self.reason = reason }
    /// One line: `invalid region 'chr1:x': …`.
    public var description: String { "invalid region '\(text)': \(reason)" }
}
