import Foundation
import XCTest

/// A full disk, simulated with a 256 KB tmpfs (needs `mount`, so root; skipped otherwise):
/// the error says so, names the file and the record, and nothing is left at the output path.
final class DiskFullTests: XCTestCase {
    typealias Commands = CribaCommandTests

    func testAFullDiskIsReportedAndLeavesNothing() throws {
        let mountPoint = try Commands.temporaryDirectory() + "/tiny"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try Commands.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint])
        guard mounted.status == 0 else { throw XCTSkip("cannot mount a tmpfs here (\(mounted.error.trimmingCharacters(in: .whitespacesAndNewlines)))") }
        defer { _ = try? Commands.run("/usr/bin/env", ["umount", mountPoint]) }
        // Text, BGZF with an index, and uncompressed BCF: each larger than the 256 KB device.
        for (name, arguments) in [("out.vcf", ["view", "-Ov"]), ("out.vcf.gz", ["view", "-Oz", "--write-index"]), ("out.bcf", ["view", "-Ou"])] {
            let output = mountPoint + "/" + name
            let result = try Commands.run(Commands.criba, arguments + ["-o", output, name == "out.bcf" ? Commands.trio : Commands.platinum])
            XCTAssertEqual(result.status, 1, "\(name): \(result.error)")
            XCTAssertTrue(result.error.hasPrefix("criba view: error: \(output): ") && result.error.contains("no space left on the device"), result.error)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mountPoint), [], "\(name): something was left on the full disk")
        }
    }
}
