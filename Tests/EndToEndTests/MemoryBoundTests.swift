import Foundation
import XCTest

/// Memory independent of input length: `criba view`, `filter` and `annotate` stream a
/// generated VCF ten times longer with the same peak RSS (within a small margin) as the 1×
/// input. The whole-genome 10× figures are `scripts/bench-memory` (docs/benchmarks.md).
final class MemoryBoundTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let demo = Commands.root.appendingPathComponent("testdata/demo").path

    /// Runs `criba arguments` reading `records` generated records (on GRCh37 chr20 60-63 Mb,
    /// REF from the demo reference) from standard input; returns the peak RSS in KB.
    func peakKilobytes(_ arguments: [String], records: Int, reference: [UInt8]) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", Commands.criba] + arguments
        let input = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        let writer = input.fileHandleForWriting
        let header = "##fileformat=VCFv4.2\n##contig=<ID=20,length=63025520>\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
            + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Quality\">\n"
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\tS3\n"
        let thread = Thread {
            writer.write(Data(header.utf8))
            let bases: [UInt8] = Array("ACGT".utf8)
            var chunk = [UInt8]()
            chunk.reserveCapacity(1 << 20)
            for index in 0..<records {
                // Sorted positions through the 3 Mb window, wrapping around for long inputs.
                let offset = (index * 3) % 3_000_000
                let position = 60_000_001 + offset
                var reference = reference[offset]
                if reference == UInt8(ascii: "N") { reference = UInt8(ascii: "A") }
                let alternate = bases.first { $0 != reference }!
                let line = "20\t\(position)\t.\t\(Character(UnicodeScalar(reference)))\t\(Character(UnicodeScalar(alternate)))\t\(30 + index % 40)\tPASS\tDP=\(index % 90)\tGT:GQ\t0/1:\(index % 99)\t0/0:50\t1/1:\(index % 60)\n"
                chunk.append(contentsOf: line.utf8)
                if chunk.count > 900_000 {
                    writer.write(Data(chunk))
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            writer.write(Data(chunk))
            try? writer.close()
        }
        thread.start()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: errorData, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, text)
        return Int(text.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
    }

    func testPeakMemoryDoesNotGrowWithInputLength() throws {
        let directory = try Commands.temporaryDirectory()
        // The demo reference window, 60,000,001 onwards.
        let fasta = try Commands.run("/usr/bin/env", ["samtools", "faidx", Self.demo + "/GRCh37_chr20_60Mb-end.fa.gz", "20:60000001-63025520"])
        let reference = Array(fasta.text.split(separator: "\n").dropFirst().joined().utf8)
        XCTAssertGreaterThan(reference.count, 3_000_000)
        let commands: [(name: String, arguments: [String], records: Int)] = [
            ("view", ["view", "-Ob", "-o", directory + "/view.bcf", "-"], 150_000),
            ("filter", ["filter", "-i", "QUAL > 40 && all(FORMAT/GQ >= 20)", "-Ob", "-o", directory + "/filter.bcf", "-"], 150_000),
            ("annotate", ["annotate", "-g", Self.demo + "/ensembl75_GRCh37_chr20_60Mb-end.genePred.gz", "-f", Self.demo + "/GRCh37_chr20_60Mb-end.fa.gz",
                          "-Ob", "-o", directory + "/annotate.bcf", "-"], 30_000),
        ]
        for (name, arguments, records) in commands {
            let single = try peakKilobytes(arguments, records: records, reference: reference)
            let tenfold = try peakKilobytes(arguments, records: records * 10, reference: reference)
            print("memory \(name): \(records) records \(single / 1024) MB, \(records * 10) records \(tenfold / 1024) MB peak RSS")
            XCTAssertGreaterThan(single, 0)
            // The same bound as for 1× (a 15% + 16 MB margin for allocator noise).
            XCTAssertLessThanOrEqual(tenfold, single + single * 15 / 100 + 16 * 1024, "\(name): memory grows with the input length")
        }
    }
}
