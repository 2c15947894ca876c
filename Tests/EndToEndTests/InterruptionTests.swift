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
}
