import Foundation

/// Writes a small text output (a report, a statistics table) to a path or `-`,
/// through a temporary file renamed into place, so the path never holds a partial file.
public enum TextOutput {
    /// Writes `text` to `path` (`-` for standard output).
    public static func write(_ text: String, to path: String) throws(VariantIOError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` (`-` for standard output), the same way.
    public static func write(_ data: Data, to path: String) throws(VariantIOError) {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        if OutputPath.isSpecialFile(path) {
            // A device or pipe is written in place: a rename would replace it with a file.
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw VariantIOError(.writeFailed, path: path, "cannot open for writing: \(String(cString: strerror(errno)))")
            }
            defer { try? handle.close() }
            do { try handle.write(contentsOf: data) } catch {
                throw VariantIOError(.writeFailed, path: path, "cannot write: \(error.localizedDescription)")
            }
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VariantIOError(.writeFailed, path: path, "the output directory \(directory) does not exist")
        }
        let temporary = "\(directory)/.\(url.lastPathComponent).criba-\(getpid()).tmp"
        TemporaryFiles.shared.register(temporary)
        defer { TemporaryFiles.shared.unregister(temporary) }
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw VariantIOError(.writeFailed, path: path, "cannot write to \(directory): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw VariantIOError(.writeFailed, path: path, "cannot move the output into place: \(String(cString: strerror(errno)))")
        }
    }
}

/// How output paths are written.
public enum OutputPath {
    /// True when `path` exists and is neither a regular file nor a directory: a device
    /// (`/dev/null`, `/dev/stdout`), a FIFO or a socket. Such outputs are written in place;
    /// regular files go through a temporary file renamed into place.
    public static func isSpecialFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }
}
