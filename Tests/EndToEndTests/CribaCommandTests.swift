import XCTest
import Foundation

/// Runs the built `criba` on testdata/ and compares with bcftools (installed by .ci/run).
final class CribaCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let trio = root.appendingPathComponent("testdata/vcf/slivar_ashk-trio_GRCh37_chr1-2.vcf.gz").path
    static let trioBCF = root.appendingPathComponent("testdata/vcf/ashk-trio.bcf").path
    static let platinum = root.appendingPathComponent("testdata/vcf/PG_NA12878_hg38-chr21.vcf.gz").path
    static let inputs = [trio, trioBCF, platinum]

    struct Result {
        var status: Int32; var output: Data; var error: String
        var text: String { String(decoding: output, as: UTF8.self) }
        /// VCF data lines in the output (lines not starting with `#`).
        var recordCount: Int { text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count }
    }

    static var criba: String {
        let candidates = [".build/debug/criba", ".build/release/criba"].map { root.appendingPathComponent($0).path }
        if let built = Bundle.allBundles.lazy.compactMap({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("criba").path }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return built
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let standardInput = Pipe()
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            let writer = standardInput.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(Data(input.utf8))
                try? writer.close()
            }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: outputData, error: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("criba-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    func assertViewMatchesBcftools(_ arguments: [String], _ input: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for threads in ["1", "2"] {
            let ours = try Self.run(Self.criba, ["view", "--no-version", "--threads", threads] + arguments + [input])
            let theirs = try Self.run("bcftools", ["view", "--no-version"] + arguments + [input])
            XCTAssertEqual(ours.status, 0, ours.error, file: file, line: line)
            XCTAssertEqual(theirs.status, 0, theirs.error, file: file, line: line)
            XCTAssertTrue(ours.output == theirs.output, "criba view \(arguments) \(input) differs from bcftools (threads \(threads))", file: file, line: line)
        }
    }

    func testViewEqualsBcftoolsOnEveryTestFile() throws {
        for input in Self.inputs { try assertViewMatchesBcftools([], input) }
    }

    func testViewRegionsEqualBcftools() throws {
        let directory = try Self.temporaryDirectory()
        let bed = directory + "/regions.bed"
        try "1\t1000000\t2000000\n2\t100\t50000000\n1\t500000\t1200000\n".write(toFile: bed, atomically: true, encoding: .utf8)
        let tsv = directory + "/regions.tsv"
        try "1\t1000000\t2000000\n2\t100\t100\n".write(toFile: tsv, atomically: true, encoding: .utf8)
        for input in [Self.trio, Self.trioBCF] {
            try assertViewMatchesBcftools(["-r", "1:1000000-2000000"], input)
            try assertViewMatchesBcftools(["-r", "2,1:1-900000"], input)
            try assertViewMatchesBcftools(["-r", "1:1000000-2000000,1:1500000-3000000,1:2999000"], input)
            try assertViewMatchesBcftools(["-R", bed], input)
            try assertViewMatchesBcftools(["-R", tsv], input)
        }
        try assertViewMatchesBcftools(["-r", "chr21:10000000-20000000"], Self.platinum)
    }

    func testViewSampleSubsetsEqualBcftools() throws {
        let directory = try Self.temporaryDirectory()
        let samples = directory + "/samples.txt"
        try "HG004\nHG002\n".write(toFile: samples, atomically: true, encoding: .utf8)
        for input in [Self.trio, Self.trioBCF] {
            try assertViewMatchesBcftools(["-s", "HG003,HG002"], input)
            try assertViewMatchesBcftools(["-s", "^HG003"], input)
            try assertViewMatchesBcftools(["-s", "HG004", "-I"], input)
            try assertViewMatchesBcftools(["-S", samples], input)
            try assertViewMatchesBcftools(["-s", "HG002", "-r", "2"], input)
        }
    }

    func testHeaderOnlyAndNoHeader() throws {
        try assertViewMatchesBcftools(["-h"], Self.trio)
        try assertViewMatchesBcftools(["-H"], Self.trio)
        let withVersion = try Self.run(Self.criba, ["view", "-h", Self.trio]).text
        XCTAssertTrue(withVersion.contains("##criba_viewVersion="))
        XCTAssertTrue(withVersion.contains("##criba_viewCommand=view -h "))
    }

    func testRoundTripThroughEveryOutputTypeIsLossless() throws {
        let directory = try Self.temporaryDirectory()
        let original = try Self.run("bcftools", ["view", "--no-version", Self.trio]).output
        for (type, name) in [("b", "x.bcf"), ("z", "x.vcf.gz"), ("u", "x.ubcf"), ("v", "x.vcf")] {
            let path = directory + "/" + name
            let written = try Self.run(Self.criba, ["view", "--no-version", "-O\(type)", "-o", path, "--write-index", Self.trio])
            if type == "b" || type == "z" {
                XCTAssertEqual(written.status, 0, written.error)
                XCTAssertTrue(FileManager.default.fileExists(atPath: path + (type == "b" ? ".csi" : ".tbi")))
            } else {
                XCTAssertEqual(written.status, 1)
                XCTAssertTrue(written.error.contains("--write-index needs compressed output"), written.error)
                XCTAssertEqual(try Self.run(Self.criba, ["view", "--no-version", "-O\(type)", "-o", path, Self.trio]).status, 0)
            }
            let back = try Self.run(Self.criba, ["view", "--no-version", path])
            XCTAssertTrue(back.output == original, "round trip through -O\(type) changed the records")
        }
        // Region query on the index Criba wrote equals bcftools on the original.
        let ours = try Self.run(Self.criba, ["view", "--no-version", "-H", "-r", "2", directory + "/x.bcf"]).output
        let theirs = try Self.run("bcftools", ["view", "--no-version", "-H", "-r", "2", Self.trio]).output
        XCTAssertTrue(ours == theirs)
    }

    func testStatsTotalsEqualBcftoolsStats() throws {
        func rows(_ text: String, skip: Int) -> [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("SN\t") || $0.hasPrefix("TSTV\t") || $0.hasPrefix("PSC\t") }
                .map { $0.split(separator: "\t", omittingEmptySubsequences: false).dropFirst(skip).joined(separator: "\t") }
        }
        for input in Self.inputs {
            for threads in ["1", "2"] {
                let ours = try Self.run(Self.criba, ["stats", "--threads", threads, input])
                XCTAssertEqual(ours.status, 0, ours.error)
                let theirs = try Self.run("bcftools", ["stats", "-s", "-", input])
                let expected = rows(theirs.text, skip: 2)
                XCTAssertGreaterThan(expected.count, 10)
                XCTAssertEqual(rows(ours.text, skip: 1), expected, input)
            }
        }
    }

    func testStatsJSON() throws {
        let result = try Self.run(Self.criba, ["stats", "--json", Self.trio])
        XCTAssertEqual(result.status, 0, result.error)
        let object = try JSONSerialization.jsonObject(with: result.output) as! [String: Any]
        let summary = object["summary"] as! [String: Int]
        XCTAssertEqual(summary["records"], 9940)
        XCTAssertEqual(summary["snvs"], 8812)
        let samples = object["samples"] as! [[String: Any]]
        XCTAssertEqual(samples.map { $0["sample"] as! String }, ["HG002", "HG003", "HG004"])
        XCTAssertEqual(samples[0]["heterozygous"] as? Int, 4201)
    }

    // MARK: Errors: one line naming the file (and place), non-zero exit, no output file.

    static func assertFails(_ arguments: [String], status: Int32 = 1, message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try Self.run(Self.criba, arguments)
        XCTAssertEqual(result.status, status, result.error, file: file, line: line)
        // Warnings about the inputs (a repaired gene model) may come first; the error is one line.
        let errors = result.error.split(separator: "\n").filter { !$0.contains(": warning: ") }
        XCTAssertEqual(errors.count, 1, "expected one error line, got: \(result.error)", file: file, line: line)
        XCTAssertTrue(result.error.contains(message), "expected '\(message)' in: \(result.error)", file: file, line: line)
        XCTAssertFalse(result.error.contains("Fatal error"), file: file, line: line)
    }

    func testErrorCases() throws {
        let directory = try Self.temporaryDirectory()
        try Self.assertFails(["view", "/nonexistent/in.vcf.gz"], message: "criba view: error: /nonexistent/in.vcf.gz: no such file")
        try Self.assertFails(["stats", directory], message: "is a directory")

        // A truncated BGZF file: cut the trio in the middle of a block.
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.trio))
        let truncated = directory + "/truncated.vcf.gz"
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        try Self.assertFails(["view", truncated], message: "truncated.vcf.gz: the BGZF end-of-file marker is missing")

        // A malformed record names its line.
        let malformed = directory + "/malformed.vcf"
        try "##fileformat=VCFv4.2\n##contig=<ID=1>\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1\n1\t6\t.\tA\tG\t.\t.\t.\tGT\t0/q\n"
            .write(toFile: malformed, atomically: true, encoding: .utf8)
        let output = directory + "/out.vcf"
        try Self.assertFails(["view", "-o", output, malformed], message: "malformed.vcf: line 6: malformed record")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "a failed run must leave no output file")

        let undeclared = Self.root.appendingPathComponent("testdata/vcf/exomiser_Pfeiffer_small_test.vcf").path
        try Self.assertFails(["view", undeclared], message: "exomiser_Pfeiffer_small_test.vcf: line 110: tag 'GENE' is used but not declared in the header")
        try Self.assertFails(["view", "-r", "chrZ:1-10", Self.trio], message: "region contig 'chrZ' is not in the header or index")
        try Self.assertFails(["view", "-r", "1:1-10", malformed], message: "is uncompressed VCF and cannot be indexed")
        let unindexed = directory + "/copy.vcf.gz"
        try FileManager.default.copyItem(atPath: Self.trio, toPath: unindexed)
        try Self.assertFails(["view", "-r", "1:1-10", unindexed], message: "copy.vcf.gz: no index found")
        try Self.assertFails(["view", "-s", "NOBODY", Self.trio], message: "sample 'NOBODY' is not in the file")
        try Self.assertFails(["view", "-o", "/nonexistent-dir/out.vcf", Self.trio], message: "the output directory /nonexistent-dir does not exist")
        try Self.assertFails(["view", "-r", "1:x", Self.trio], message: "invalid region '1:x'")
        try Self.assertFails(["view", "-Oq", Self.trio], status: 64, message: "unknown output type 'q'")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }, [])
    }
    /// A device or a pipe given to `-o` is written in place. Renaming a temporary file onto
    /// `/dev/null` (as regular outputs are written) once replaced the device with a file,
    /// for the whole machine.
    func testDevicesAndPipesAreWrittenInPlace() throws {
        func kind(_ path: String) -> mode_t {
            var status = stat()
            return stat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
        }
        XCTAssertEqual(kind("/dev/null"), S_IFCHR, "/dev/null must be a device before the test")
        let tp53 = Self.root.appendingPathComponent("testdata/annotation/tp53/TP53_GRCh38.local.gff3").path
        for arguments in [["view", Self.trioBCF, "-Ob", "-o", "/dev/null"], ["stats", Self.trio, "--json", "-o", "/dev/null"],
                          ["db", "genes", "-o", "/dev/null", tp53]] {
            let result = try Self.run(Self.criba, arguments)
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertEqual(kind("/dev/null"), S_IFCHR, "criba \(arguments[0]) -o /dev/null replaced the device")
        }
        let refused = try Self.run(Self.criba, ["view", Self.trioBCF, "-Ob", "--write-index", "-o", "/dev/null"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.error.contains("--write-index needs a regular output file"), refused.error)
        XCTAssertEqual(kind("/dev/null"), S_IFCHR)

        // A named pipe: the records arrive through it, and it stays a pipe.
        let directory = try Self.temporaryDirectory()
        let pipe = directory + "/records.fifo"
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let received = LockedData()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: pipe) { received.set(handle.readDataToEndOfFile()) }
        }
        reader.start()
        let written = try Self.run(Self.criba, ["view", "-H", Self.trio, "-o", pipe])
        XCTAssertEqual(written.status, 0, written.error)
        let deadline = Date().addingTimeInterval(30)
        while received.value == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(kind(pipe), S_IFIFO)
        XCTAssertEqual(String(decoding: received.value ?? Data(), as: UTF8.self).split(separator: "\n").count, 9940)
    }
}

/// Data handed from a reader thread to the test.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    /// The data, once set.
    var value: Data? { lock.lock(); defer { lock.unlock() }; return data }
    /// Sets the data.
    func set(_ newValue: Data) { lock.lock(); data = newValue; lock.unlock() }
}
