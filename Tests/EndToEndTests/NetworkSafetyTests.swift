import Foundation
import XCTest

/// Safety: the main job opens no network connection. The demo batch runs under `strace`
/// (every process, socket and connect calls); the only addresses allowed are the loopback
/// (Foundation's `Process` wakes its run loop over a loopback UDP pair) and local sockets.
final class NetworkSafetyTests: XCTestCase {
    typealias Commands = CribaCommandTests

    func testTheMainJobConnectsToNothingOutsideTheMachine() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            throw XCTSkip("strace is not installed (.ci/run installs it)")
        }
        let directory = try Commands.temporaryDirectory()
        let trace = directory + "/strace.txt"
        let demo = Commands.root.appendingPathComponent("testdata/demo").path
        let result = try Commands.run("/usr/bin/strace", ["-f", "-qq", "-e", "trace=socket,connect", "-o", trace, Commands.criba,
                                                         "run", "--config", demo + "/criba.toml", "--manifest", demo + "/batch.tsv",
                                                         "-o", directory + "/run", "--quiet"])
        XCTAssertEqual(result.status, 0, result.error)
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("connect(") }
        XCTAssertFalse(calls.isEmpty, "strace saw no connect call at all: the trace did not work")
        let outside = calls.filter { call in
            if call.contains("AF_INET6") { return !call.contains("\"::1\"") }
            if call.contains("AF_INET") { return !call.contains("inet_addr(\"127.0.0.1\")") }
            return false
        }
        XCTAssertEqual(outside, [], "connections outside the machine")
    }
}
