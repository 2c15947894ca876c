import Foundation

/// The temporary output files of this process, removed when the process is
/// interrupted (SIGINT, SIGTERM, SIGHUP) so that nothing partial is left behind.
/// (After SIGKILL a hidden `.name.criba-PID-N.tmp` may remain; the final path never
/// holds a partial file.)
public final class TemporaryFiles: @unchecked Sendable {
    /// The process-wide registry.
    public static let shared = TemporaryFiles()

    private let lock = NSLock()
    private var paths: Set<String> = []

    /// Registers a path to delete on interruption.
    public func register(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.insert(path)
    }

    /// Forgets a path (it was renamed into place or removed).
    public func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.remove(path)
    }

    /// Deletes every registered file (called from the signal handler's thread).
    public func removeAll() {
        lock.lock(); defer { lock.unlock() }
        for path in paths { unlink(path) }
        paths.removeAll()
    }

    /// Installs handlers that delete the registered files and exit with 128+signal.
    public static func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            handlers.append(source)
        }
    }

    /// When the environment names a parent (`CRIBA_PARENT_PID`, set by `criba run` for the
    /// stages it starts), exits, removing the registered files, as soon as that parent is
    /// gone: a stage never outlives a killed run, and never leaves a temporary file behind.
    /// A parent already gone when the stage starts (the run was killed between starting the
    /// stage and this check) ends the stage at once, before it does any work. The variable is
    /// removed from this process's environment, so nothing it starts inherits it.
    public static func exitWithParent() {
        guard let text = ProcessInfo.processInfo.environment["CRIBA_PARENT_PID"], let parent = Int32(text) else { return }
        unsetenv("CRIBA_PARENT_PID")
        guard getppid() == parent else {
            FileHandle.standardError.write(Data("criba: error: the criba run that started this stage (pid \(parent), CRIBA_PARENT_PID) has ended; stopping\n".utf8))
            _exit(128 + SIGKILL)
        }
        Thread.detachNewThread {
            while true {
                usleep(200_000)
                if getppid() != parent {
                    TemporaryFiles.shared.removeAll()
                    _exit(128 + SIGKILL)
                }
            }
        }
    }

    nonisolated(unsafe) private static var handlers: [DispatchSourceSignal] = []
}
