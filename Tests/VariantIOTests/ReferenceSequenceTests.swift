import Foundation
import XCTest
@testable import VariantIO

/// `ReferenceSequence` reads ranges through its own `.fai` layout reader; these tests
/// check it against the sequence that was written, on plain and bgzipped FASTA with short,
/// uneven lines, CRLF line ends and lower-case bases.
final class ReferenceSequenceTests: XCTestCase {
    private func makeFASTA(lineWidth: Int, lineEnd: String) throws -> (path: String, sequences: [String: [UInt8]], directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-fasta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        var text = ""
        var sequences: [String: [UInt8]] = [:]
        for (name, length) in [("chrA", 1_000), ("chrB", 7), ("chrC", 70_001)] {
            let bases = (0..<length).map { _ in Array("ACGTacgtN".utf8)[Int.random(in: 0..<9, using: &generator)] }
            sequences[name] = bases.map { $0 >= 97 ? $0 - 32 : $0 }
            text += ">\(name) description\(lineEnd)"
            for start in stride(from: 0, to: length, by: lineWidth) {
                text += String(decoding: bases[start..<min(start + lineWidth, length)], as: UTF8.self) + lineEnd
            }
        }
        let path = directory.appendingPathComponent("ref.fa").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, sequences, directory)
    }

    private func checkRanges(_ reference: ReferenceSequence, _ sequences: [String: [UInt8]]) throws {
        XCTAssertNotNil(reference.rangeReader, "the .fai layout reader is in use, not the faidx fallback")
        var generator = SystemRandomNumberGenerator()
        var buffer: [UInt8] = []
        for (name, bases) in sequences {
            XCTAssertEqual(reference.length(of: name), bases.count)
            var ranges = [(1, bases.count), (1, 1), (bases.count, bases.count), (bases.count - 1, bases.count + 50)]
            for _ in 0..<300 {
                let start = Int.random(in: 1...bases.count, using: &generator)
                ranges.append((start, min(bases.count, start + Int.random(in: 0..<200, using: &generator))))
            }
            for (start, end) in ranges {
                try reference.fetch(contig: name, start: start, end: end, into: &buffer)
                let expected = Array(bases[(start - 1)..<min(end, bases.count)])
                XCTAssertEqual(buffer, expected, "\(name):\(start)-\(end)")
            }
        }
    }

    func testPlainFASTAWithShortLinesAndCRLF() throws {
        for (width, lineEnd) in [(7, "\n"), (60, "\r\n"), (1, "\n")] {
            let fasta = try makeFASTA(lineWidth: width, lineEnd: lineEnd)
            defer { try? FileManager.default.removeItem(at: fasta.directory) }
            let reference = try ReferenceSequence(path: fasta.path)
            try checkRanges(reference, fasta.sequences)
            // A plain file is memory-mapped: single bases read in place equal the sequence,
            // `N` beyond the ends, nil for a contig the file lacks.
            XCTAssertTrue(reference.isMemoryMapped)
            for (name, bases) in fasta.sequences {
                for position in 1...bases.count {
                    XCTAssertEqual(reference.mappedBase(contig: name, at: position), bases[position - 1], "\(name):\(position) width \(width)")
                }
                XCTAssertEqual(reference.mappedBase(contig: name, at: 0), UInt8(ascii: "N"))
                XCTAssertEqual(reference.mappedBase(contig: name, at: bases.count + 1), UInt8(ascii: "N"))
            }
            XCTAssertNil(reference.mappedBase(contig: "chrZ", at: 1))
        }
    }

    /// A file shorter than its `.fai` says (truncated after indexing) is not mapped, so a
    /// read past its end is a failed read, never a fault.
    func testTruncatedPlainFASTAIsNotMapped() throws {
        let fasta = try makeFASTA(lineWidth: 60, lineEnd: "\n")
        defer { try? FileManager.default.removeItem(at: fasta.directory) }
        _ = try ReferenceSequence(path: fasta.path)   // writes the .fai
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: fasta.path))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size - 100)
        try handle.close()
        let reference = try ReferenceSequence(path: fasta.path)
        XCTAssertFalse(reference.isMemoryMapped)
        var buffer: [UInt8] = []
        XCTAssertThrowsError(try reference.fetch(contig: "chrC", start: 69_990, end: 70_001, into: &buffer))
    }

    func testBgzippedFASTA() throws {
        let fasta = try makeFASTA(lineWidth: 61, lineEnd: "\n")
        defer { try? FileManager.default.removeItem(at: fasta.directory) }
        let bgzip = Process()
        bgzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        bgzip.arguments = ["bgzip", "-f", fasta.path]
        try bgzip.run()
        bgzip.waitUntilExit()
        XCTAssertEqual(bgzip.terminationStatus, 0, "bgzip (tabix package) is needed")
        let reference = try ReferenceSequence(path: fasta.path + ".gz")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fasta.path + ".gz.gzi"))
        try checkRanges(reference, fasta.sequences)
        XCTAssertFalse(reference.isMemoryMapped, "a bgzipped file is read through BGZF, not mapped")
    }
}
