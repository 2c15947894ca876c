/// A problem of the main job (configuration, manifest, store, a stage), as one line.
public struct WorkflowError: Error, CustomStringConvertible, Sendable {
    /// The message, naming the file and the place.
    public let description: String

    /// An error with its one-line message.
    public init(_ description: String) {
        self.description = description
    }
}
