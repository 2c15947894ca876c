import Foundation

/// Runs one stage as a `criba` child process, its standard output and error appended to the
/// case log. The child learns the parent's pid (`CRIBA_PARENT_PID`) and exits, removing its
/// temporary files, if the parent dies: nothing outlives a killed run.
public enum StageProcess {
    /// How a stage ended.
    public struct Outcome: Sendable {
        /// The exit code (128 + signal when killed).
        public var exitCode: Int32
        /// Wall-clock seconds.
        public var seconds: Double
        /// The last `error:` line the stage wrote (or its last line).
        public var message: String?
    }

    /// Runs `executable arguments`, appending its output to `log`.
    public static func run(executable: String, arguments: [String], log: String) throws(WorkflowError) -> Outcome {
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: log) else { throw WorkflowError("\(log): cannot write the case log") }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        let start = handle.offsetInFile
        handle.write(Data("$ criba \(arguments.map(quoted).joined(separator: " "))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CRIBA_PARENT_PID"] = String(getpid())
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let began = Date()
        do {
            try process.run()
        } catch {
            throw WorkflowError("cannot start \(executable): \(error)")
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(began)
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        var message: String?
        if code != 0 {
            let reader = FileHandle(forReadingAtPath: log)
            reader?.seek(toFileOffset: start)
            let text = String(decoding: reader?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            try? reader?.close()
            let lines = text.split(separator: "\n").map(String.init)
            message = lines.last(where: { $0.contains("error:") }) ?? lines.last(where: { !$0.hasPrefix("$ ") })
            if message == nil, process.terminationReason == .uncaughtSignal { message = "killed by signal \(process.terminationStatus)" }
        }
        return Outcome(exitCode: code, seconds: seconds, message: message)
    }

    /// A shell-safe rendering of one argument (for logs and the store).
    public static func quoted(_ argument: String) -> String {
        let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,+@%".contains($0) }
        return safe && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The running `criba` executable.
    public static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
