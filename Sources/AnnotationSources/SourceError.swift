/// A problem with an annotation source or its declaration, found before any record
/// is written: one line naming the config entry, the file and what to do.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// The explanation.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
