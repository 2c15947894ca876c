import Foundation
import XCTest

/// Nothing lost: commands killed at random points (SIGTERM and SIGKILL) never leave an
/// incomplete file at the final output path; the output is either absent or whole.
final class InterruptionTests: XCTestCase {
    typealias Commands = CribaCommandTests

    func testKilledCommandsNeverLeaveAPartialOutput() throws {
        let directory = try Commands.temporaryDirectory()
        let complete = try Commands.run(Commands.criba, ["view", "-H", Commands.trio]).recordCount
        var generator = SystemRandomNumberGenerator()
        var absent = 0, whole = 0
        for trial in 0..<24 {
            let output = directory + "/trial\(trial).vcf.gz"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Commands.criba)
            // Alternate a compressing view and an annotation with sources (two writers).
            process.arguments = trial % 2 == 0
                ? ["view", "-Oz", "--write-index", "-o", output, Commands.trio]
                : ["annotate", "--source", Commands.root.appendingPathComponent("testdata/sources/exac_GRCh37.vcf.gz").path + ":AF=exac_AF",
                   "-Oz", "-o", output, Commands.trio]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...1_500_000, using: &generator))
            kill(process.processIdentifier, trial % 3 == 0 ? SIGKILL : SIGTERM)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: output) {
                // It finished before the signal: the file must be whole.
                let check = try Commands.run(Commands.criba, ["view", "-H", output])
                XCTAssertEqual(check.status, 0, "trial \(trial): \(check.error)")
                XCTAssertEqual(check.recordCount, complete, "trial \(trial): a partial output at the final path")
                whole += 1
            } else {
                absent += 1
                if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { continue }
                // SIGTERM removes the temporary files too.
                let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains("trial\(trial).") }
                XCTAssertEqual(left, [], "trial \(trial): temporary files left after SIGTERM")
            }
        }
        XCTAssertGreaterThan(absent, 0, "no trial was interrupted: the delays are too long for this machine")
        print("interruption trials: \(absent) interrupted (no output), \(whole) finished before the signal (whole output)")
    }

    /// A stage whose run died before the stage started watching it (the run was killed right
    /// after starting it) stops at once, before writing anything, instead of running on as an
    /// orphan. `CRIBA_PARENT_PID` naming a process that is not the parent stands for that run;
    /// naming the real parent, the same command runs normally.
    func testStageWhoseRunIsAlreadyGoneStopsBeforeWorking() throws {
        let directory = try Commands.temporaryDirectory()
        func view(parent: Int32, output: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Commands.criba)
            process.arguments = ["view", "-Oz", "-o", output, Commands.trio]
            var environment = ProcessInfo.processInfo.environment
            environment["CRIBA_PARENT_PID"] = String(parent)
            process.environment = environment
            let error = Pipe()
            process.standardError = error
            try process.run()
            let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        // pid 1 is never this test's child's parent: its run is "gone".
        let orphan = directory + "/orphan.vcf.gz"
        let (status, message) = try view(parent: 1, output: orphan)
        XCTAssertEqual(status, 128 + SIGKILL)
        XCTAssertTrue(message.contains("the criba run that started this stage (pid 1, CRIBA_PARENT_PID) has ended"), message)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [], "the stage wrote before stopping")
        // Its real parent alive: the stage runs.
        let (normalStatus, normalMessage) = try view(parent: getpid(), output: directory + "/child.vcf.gz")
        XCTAssertEqual(normalStatus, 0, normalMessage)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/child.vcf.gz"))
    }
}
