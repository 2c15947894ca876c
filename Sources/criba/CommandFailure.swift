import ArgumentParser
import Filtering
import Foundation
import Workflow
import VariantIO
import VariantModel

/// Runs a command body, turning every known failure into one line on standard error
/// (`criba <command>: error: …`) and exit code 1. Temporary outputs are removed by
/// their writers; a signal removes them through `TemporaryFiles`.
func reportingFailures(of command: String, _ body: () throws -> Void) throws {
    TemporaryFiles.installSignalHandlers()
    TemporaryFiles.exitWithParent()
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as VariantIOError {
        fail(command, error.description)
    } catch let error as RegionParseError {
        fail(command, error.description)
    } catch let error as FilterError {
        // One line naming the place, then the expression with a caret under it.
        let lines = error.description.split(separator: "\n", maxSplits: 1)
        let rest = lines.count > 1 ? "\n" + lines[1] : ""
        FileHandle.standardError.write(Data("criba \(command): error: \(lines[0]) (at column \(error.columns.lowerBound + 1) of '\(error.expression)')\(rest)\n".utf8))
        throw ExitCode(64)
    } catch let error as PedigreeError {
        fail(command, error.description)
    } catch let error as FilterPresetError {
        FileHandle.standardError.write(Data("criba \(command): error: \(error.message)\n".utf8))
        throw ExitCode(64)
    } catch let error as WorkflowError {
        fail(command, error.description)
    } catch let error as UsageFailure {
        FileHandle.standardError.write(Data("criba \(command): error: \(error.message)\n".utf8))
        throw ExitCode(64)
    } catch {
        fail(command, String(describing: error))
    }
}

private func fail(_ command: String, _ message: String) -> Never {
    FileHandle.standardError.write(Data("criba \(command): error: \(message)\n".utf8))
    TemporaryFiles.shared.removeAll()
    exit(1)
}

/// A command-line mistake found after parsing (exit code 64).
struct UsageFailure: Error {
    var message: String
}

/// Options every command that reads variants shares.
struct ThreadOptions: ParsableArguments {
    @Option(name: .long, help: "Worker threads, shared with htslib's (de)compression (default: all cores).")
    var threads: Int?

    var resolvedThreads: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }
}

/// The command line as typed, for provenance lines.
var commandLineArguments: [String] { Array(CommandLine.arguments.dropFirst()) }

/// A comma-separated option value (HPO terms) as its trimmed, non-empty items.
func split(_ list: String?) -> [String] {
    (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
