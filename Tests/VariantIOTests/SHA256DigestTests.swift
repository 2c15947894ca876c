import Foundation
import Testing
import VariantIO

/// SHA-256 against coreutils' `sha256sum` on padding edge cases and a multi-chunk file.
@Suite struct SHA256DigestTests {
    func coreutils(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    @Test func matchesSha256sum() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, (1 << 20) + 3] {
            let path = directory.appendingPathComponent("\(size).bin").path
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try FileChecksum.sha256(path: path) == coreutils(path), "\(size) bytes")
        }
        #expect(FileChecksum.sha256(text: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: VariantIOError.self) { try FileChecksum.sha256(path: directory.appendingPathComponent("missing").path) }
    }

    /// Bytes given in pieces of every awkward size (partial blocks before and after whole
    /// ones, slices, non-contiguous collections) digest as the same bytes given at once.
    @Test func piecesDigestAsTheWhole() {
        let bytes = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        var whole = SHA256Digest()
        whole.update(bytes)
        let expected = whole.finalize()
        for pieceSizes in [[1], [63], [64], [65], [1, 127, 3], [200, 1, 64, 0, 7]] {
            var digest = SHA256Digest()
            var offset = 0, turn = 0
            while offset < bytes.count {
                let size = min(pieceSizes[turn % pieceSizes.count], bytes.count - offset)
                if turn % 2 == 0 { digest.update(bytes[offset..<offset + size]) } else { digest.update(bytes[offset..<offset + size].lazy.map { $0 }) }
                offset += size
                turn += 1
                if size == 0 { digest.update(bytes[offset..<offset]) }
            }
            #expect(digest.finalize() == expected, "pieces \(pieceSizes)")
        }
    }
}
