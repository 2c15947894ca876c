import Foundation

/// An exclusive lock on an output folder (`flock` on `.criba-run.lock`), so two runs never
/// write the same cases at once. The kernel releases it when the process ends, even by
/// `kill -9`, so a killed run never blocks the next.
public final class RunLock {
    private let descriptor: Int32

    /// Takes the lock on `directory`, or throws naming the process that holds it.
    public init(directory: String) throws(WorkflowError) {
        let path = (directory as NSString).appendingPathComponent(".criba-run.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WorkflowError("\(path): cannot create the run lock: \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(descriptor, &buffer, buffer.count)
            let holder = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw WorkflowError("\(directory): another criba run (pid \(holder.isEmpty ? "?" : holder)) is using this output folder")
        }
        ftruncate(descriptor, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
