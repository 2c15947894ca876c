import Foundation

/// Progress of a run on standard error: a bar with rate and ETA, redrawn in place, when
/// standard error is a terminal; one plain line per event otherwise (logs, CI); nothing
/// with `quiet`.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let quiet: Bool
    private let total: Int
    private var done = 0
    private var running: [String: (stage: String, since: Date)] = [:]
    private let started = Date()
    private var timer: DispatchSourceTimer?
    private var lastWidth = 0

    /// A reporter for `total` stage runs.
    public init(total: Int, quiet: Bool, interactive: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = max(1, total)
        self.quiet = quiet
        self.interactive = interactive && !quiet
        if self.interactive {
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        }
    }

    /// A plain message (a line of its own in both modes).
    public func message(_ text: String) {
        guard !quiet else { return }
        lock.withLock {
            clearLine()
            FileHandle.standardError.write(Data("criba run: \(text)\n".utf8))
            if interactive { drawLocked() }
        }
    }

    /// A stage of `caseId` started.
    public func started(caseId: String, stage: String) {
        lock.withLock {
            running[caseId] = (stage, Date())
            if interactive { drawLocked() }
        }
    }

    /// A stage of `caseId` ended.
    public func finished(caseId: String, stage: String, seconds: Double, ok: Bool) {
        guard !quiet else { return }
        lock.withLock {
            done += 1
            running[caseId] = nil
            if interactive {
                drawLocked()
            } else {
                let line = "[\(done)/\(total)] \(caseId): \(stage) \(ok ? "done" : "FAILED") in \(Self.duration(seconds)); \(etaText())"
                FileHandle.standardError.write(Data("criba run: \(line)\n".utf8))
            }
        }
    }

    /// Counts stages that will not run (a case skipped or failed early).
    public func skip(_ count: Int) {
        lock.withLock { done += count }
    }

    /// Stops redrawing and ends the bar's line.
    public func close() {
        timer?.cancel()
        timer = nil
        lock.withLock {
            if interactive {
                drawLocked()
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
    }

    private func redraw() {
        lock.withLock { drawLocked() }
    }

    private func etaText() -> String {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed * 60 : 0
        guard done > 0 else { return "elapsed \(Self.duration(elapsed))" }
        let remaining = elapsed / Double(done) * Double(total - done)
        return String(format: "%.1f stages/min, elapsed %@, ETA %@", rate, Self.duration(elapsed), Self.duration(remaining))
    }

    private func drawLocked() {
        guard interactive else { return }
        let width = 24
        let filled = min(width, done * width / total)
        let current = running.sorted { $0.key < $1.key }.prefix(2)
            .map { "\($0.key):\($0.value.stage) \(Self.duration(Date().timeIntervalSince($0.value.since)))" }.joined(separator: ", ")
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = "[\(bar)] \(done)/\(total) stages  \(etaText())  \(current)"
        clearLine()
        FileHandle.standardError.write(Data(text.utf8))
        lastWidth = text.count
    }

    private func clearLine() {
        guard interactive, lastWidth > 0 else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastWidth) + "\r").utf8))
        lastWidth = 0
    }

    /// `75.2 s`, `3:05`, `1:02:03`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%d:%02d", total / 60, total % 60) }
        return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }
}
