/// A failure reading or writing a variant file, always naming the file and, where
/// known, the line or `contig:position` of the record.
///
/// `description` is the one line the CLI prints after `criba: error: `.
public struct VariantIOError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The path does not exist.
        case fileNotFound
        /// The path is a directory.
        case isDirectory
        /// The file exists but cannot be opened (permissions, …).
        case cannotOpen
        /// The file is empty.
        case emptyFile
        /// The file is not VCF or BCF.
        case notVariantFile
        /// The header is malformed.
        case malformedHeader
        /// A data line is malformed.
        case malformedRecord
        /// A record names a contig, INFO or FORMAT tag the header does not declare.
        case undeclared
        /// BGZF data ends early or is corrupt.
        case truncated
        /// A read failed below the record level.
        case readFailed
        /// The operation needs an index and none was found.
        case missingIndex
        /// The index is older than the data file.
        case staleIndex
        /// The input is compressed with plain gzip where BGZF is required.
        case notBGZF
        /// A region names a contig that is not in the header or index.
        case unknownContig
        /// A sample named on the command line is not in the file.
        case unknownSample
        /// A region or sample list is malformed.
        case invalidArgument
        /// Writing the output failed.
        case writeFailed
    }

    /// What went wrong.
    public var kind: Kind
    /// The file concerned (`-` for standard input/output).
    public var path: String
    /// The line number (1-based) or `contig:position`, when known.
    public var location: String?
    /// The explanation, in words a user can act on.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, location: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.location = location
        self.message = message
    }

    /// `file: location: message` on one line.
    public var description: String {
        let name = path == "-" ? "<stdin>" : path
        if let location { return "\(name): \(location): \(message)" }
        return "\(name): \(message)"
    }
}
