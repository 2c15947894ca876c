import Foundation
import VariantIO
import Workflow
import XCTest

/// `criba run`, `criba jobs`, `criba rerank` and `criba concat` on the bundled demo batch:
/// three cases end to end, a `kill -9` in the middle and a resume, inputs rejected with
/// their manifest line before anything runs, a re-ranking without re-annotation.
final class RunCommandTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let demo = Commands.root.appendingPathComponent("testdata/demo").path
    static let config = demo + "/criba.toml"
    static let batch = demo + "/batch.tsv"

    /// The first gene of a ranked TSV.
    func topGene(_ path: String) throws -> String {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        return lines.count > 1 ? String(lines[1].split(separator: "\t")[1]) : ""
    }

    func testBatchOfThreeSurvivesKillNineAndResumes() throws {
        let output = try Commands.temporaryDirectory() + "/run"
        // Run the batch one case at a time, and kill the run as soon as the first case is done.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Commands.criba)
        process.arguments = ["run", "--config", Self.config, "--manifest", Self.batch, "-o", output, "--jobs", "1", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let storePath = output + "/" + JobStore.fileName
        var killedWith: [JobRecord] = []
        for _ in 0..<600 {
            usleep(100_000)
            guard FileManager.default.fileExists(atPath: storePath), let store = try? JobStore(path: storePath),
                  let jobs = try? store.jobs() else { continue }
            if jobs.contains(where: { $0.status == .done }) && jobs.contains(where: { $0.status == .running }) {
                kill(process.processIdentifier, SIGKILL)
                killedWith = jobs
                break
            }
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run finished before it could be killed")
        XCTAssertEqual(killedWith.filter { $0.status == .done }.count, 1)
        let interrupted = try XCTUnwrap(killedWith.first { $0.status == .running }).caseId
        // The stages of the killed run follow it within a second, removing their temporary files.
        usleep(1_500_000)
        let survivors = try Commands.run("/usr/bin/pgrep", ["-f", "criba .*" + output])
        XCTAssertEqual(String(decoding: survivors.output, as: UTF8.self), "", "stages outlived the killed run")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/cases/\(interrupted)/report.html"),
                       "an interrupted case has no report")

        // The same command again: the finished case is skipped, the others run.
        let resumed = try Commands.run(Commands.criba, ["run", "--config", Self.config, "--manifest", Self.batch, "-o", output, "--jobs", "1"])
        XCTAssertEqual(resumed.status, 0, resumed.error)
        XCTAssertTrue(resumed.error.contains("finished before with the same inputs and config: skipped"), resumed.error)
        XCTAssertTrue(resumed.error.contains("\(interrupted): resuming"), resumed.error)
        // Standard output lists every case with its report, the skipped one included.
        let listed = String(decoding: resumed.output, as: UTF8.self).split(separator: "\n").filter { $0.contains("\tdone\t") && $0.hasSuffix("/report.html") }
        XCTAssertEqual(listed.count, 3, String(decoding: resumed.output, as: UTF8.self))
        let store = try JobStore(path: storePath)
        let jobs = try store.jobs()
        XCTAssertEqual(jobs.map(\.caseId).sorted(), ["cancer-rtel1", "epilepsy-kcnq2", "marrow-failure-rtel1"])
        XCTAssertEqual(Set(jobs.map(\.status)), [.done])
        XCTAssertEqual(try XCTUnwrap(jobs.first { $0.caseId == interrupted }).attempts, 2)
        XCTAssertEqual(jobs.filter { $0.caseId != interrupted }.map(\.attempts), [1, 1])
        for job in jobs {
            let directory = output + "/cases/" + job.caseId
            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            XCTAssertFalse(names.contains { $0.contains(".tmp") }, "temporary files left in \(directory): \(names)")
            let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
            XCTAssertTrue(html.hasSuffix("</html>\n"), "\(job.caseId): the report is complete")
            XCTAssertTrue(html.contains("criba run --config"), "the report names the run command in its provenance")
            let outputs = try JSONDecoder().decode([String: String].self, from: Data(try XCTUnwrap(job.outputs).utf8))
            XCTAssertEqual(outputs["sha256_report"], try FileChecksum.sha256(path: directory + "/report.html"))
            XCTAssertEqual(try store.stages(caseId: job.caseId, attempt: job.attempts).map(\.status), ["done", "done", "done"])
        }
        // Each spiked variant is found: KCNQ2 for the epilepsy case, RTEL1 for marrow failure,
        // and the RTEL1 stop classified in the cancer case.
        XCTAssertEqual(try topGene(output + "/cases/epilepsy-kcnq2/ranked.tsv"), "KCNQ2")
        XCTAssertEqual(try topGene(output + "/cases/marrow-failure-rtel1/ranked.tsv"), "RTEL1")
        let cancer = try String(contentsOfFile: output + "/cases/cancer-rtel1/ranked.tsv", encoding: .utf8)
        XCTAssertTrue(cancer.contains("pathogenic\tRTEL1\t20:62293210:C:A\tstop_gained"), cancer)

        // A third run has nothing to do.
        let again = try Commands.run(Commands.criba, ["run", "--config", Self.config, "--manifest", Self.batch, "-o", output])
        XCTAssertEqual(again.status, 0, again.error)
        XCTAssertEqual(again.error.components(separatedBy: "skipped").count - 1, 3, again.error)
        XCTAssertEqual(try store.jobs().map(\.attempts).reduce(0, +), 4)

        // criba jobs lists them.
        let listing = try Commands.run(Commands.criba, ["jobs", "-o", output])
        XCTAssertEqual(listing.status, 0, listing.error)
        XCTAssertEqual(String(decoding: listing.output, as: UTF8.self).split(separator: "\n").filter { $0.contains("\tdone\t") }.count, 3)

        // Re-ranking with other terms reuses the annotation and keeps the previous outputs.
        let annotated = output + "/cases/epilepsy-kcnq2/annotated.bcf"
        let before = try FileChecksum.sha256(path: annotated)
        let rerank = try Commands.run(Commands.criba, ["rerank", "epilepsy-kcnq2", "-o", output, "--hpo", "HP:0005528,HP:0008404"])
        XCTAssertEqual(rerank.status, 0, rerank.error)
        XCTAssertEqual(try FileChecksum.sha256(path: annotated), before, "rerank does not re-annotate")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/cases/epilepsy-kcnq2/history/1/report.html"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/cases/epilepsy-kcnq2/case.json"))) as! [String: Any]
        XCTAssertEqual((json["case"] as? [String: Any])?["observed"] as? [String], ["HP:0005528", "HP:0008404"])
        let reranks = try store.reranks(caseId: "epilepsy-kcnq2")
        XCTAssertEqual(reranks.map(\.status), ["done"])
        XCTAssertEqual(reranks.first?.observed, "HP:0005528,HP:0008404")
        // A case that is not finished, or not known, is refused with one line.
        let unknown = try Commands.run(Commands.criba, ["rerank", "nobody", "-o", output, "--hpo", "HP:0001250"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.error.hasPrefix("criba rerank: error: ") && unknown.error.contains("no case 'nobody'"), unknown.error)
    }

    func testBadManifestLinesAreReportedBeforeAnythingRuns() throws {
        let directory = try Commands.temporaryDirectory()
        // A GRCh38 config: the demo VCFs are GRCh37 by their contig lengths.
        try """
        build = "GRCh38"
        [reference]
        fasta = "\(Commands.root.path)/testdata/cancer/GRCh38_chr16_chr17_PALB2_TP53.fa.gz"
        """.write(toFile: directory + "/grch38.toml", atomically: true, encoding: .utf8)
        try """
        ## a batch with three mistakes
        id\tvcf\tmode\thpo\tconfig
        good\t\(Self.demo)/epilepsy-kcnq2.vcf.gz\trare-disease\tHP:0001250\t
        lost\t\(Self.demo)/no-such-case.vcf.gz\trare-disease\t\t
        good\t\(Self.demo)/cancer-rtel1.vcf.gz\thereditary-cancer\t\t
        wrong-build\t\(Self.demo)/marrow-failure-rtel1.vcf.gz\trare-disease\t\t\(directory)/grch38.toml

        """.write(toFile: directory + "/batch.tsv", atomically: true, encoding: .utf8)
        let output = directory + "/out"
        let result = try Commands.run(Commands.criba, ["run", "--config", Self.config, "--manifest", directory + "/batch.tsv", "-o", output])
        XCTAssertEqual(result.status, 1)
        let lines = result.error.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("criba run: error: ") }, result.error)
        XCTAssertTrue(lines.contains { $0.contains("batch.tsv line 4: case 'lost': variants ") && $0.hasSuffix("no-such-case.vcf.gz: file not found") }, result.error)
        XCTAssertTrue(lines.contains { $0.contains("batch.tsv line 5: duplicate case id 'good' (first at ") && $0.hasSuffix("batch.tsv line 3)") }, result.error)
        XCTAssertTrue(lines.contains { $0.contains("batch.tsv line 6: case 'wrong-build': ") && $0.contains("is GRCh37 (1 is 249250621 bp) but the config declares GRCh38") }, result.error)
        XCTAssertTrue(lines.contains { $0.contains("line 6: case 'wrong-build': ") && $0.contains("has calls on 20, absent from the reference") }, result.error)
        XCTAssertEqual(lines.last, "criba run: error: 4 problem(s) in the inputs; nothing was run")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "nothing is created before the inputs are valid")

        // The config itself: chr-prefixed HPO ids, a bad key, a missing file.
        try "build = \"GRCh37\"\n[genes]\nmodel = \"genes.gff3\"\n".write(toFile: directory + "/bad.toml", atomically: true, encoding: .utf8)
        let config = try Commands.run(Commands.criba, ["run", "--config", directory + "/bad.toml", "--manifest", Self.batch, "-o", output])
        XCTAssertEqual(config.status, 1)
        XCTAssertEqual(config.error, "criba run: error: \(directory)/bad.toml: [genes] needs [reference] too: consequences are computed against the reference FASTA\n")
        try "build = \"GRCh37\"\n[reference]\nfasta = \"missing.fa.gz\"\n".write(toFile: directory + "/missing.toml", atomically: true, encoding: .utf8)
        let missing = try Commands.run(Commands.criba, ["run", "--config", directory + "/missing.toml", "--manifest", Self.batch, "-o", output])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.error.hasPrefix("criba run: error: \(directory)/missing.toml: reference: \(directory)/missing.fa.gz: file not found\n"), missing.error)
        // A YAML manifest names its line too.
        try """
        cases:
          - id: one
            vcf: \(Self.demo)/epilepsy-kcnq2.vcf.gz
            hpo: [HP:0001250, HP:12345]
        """.write(toFile: directory + "/batch.yaml", atomically: true, encoding: .utf8)
        let yaml = try Commands.run(Commands.criba, ["run", "--config", Self.config, "--manifest", directory + "/batch.yaml", "--check"])
        XCTAssertEqual(yaml.status, 1)
        XCTAssertTrue(yaml.error.contains("batch.yaml line 2: case 'one': 'HP:12345' is not an HPO term id"), yaml.error)
    }

    func testConcatJoinsRegionPartsExactly() throws {
        let directory = try Commands.temporaryDirectory()
        // Cut the Platinum chr21 calls at two boundaries; records spanning one are in two parts.
        let regions = ["chr21:1-20000000", "chr21:20000001-30000000", "chr21:30000001-46709983"]
        var parts: [String] = []
        for (index, region) in regions.enumerated() {
            let part = directory + "/part\(index).bcf"
            let result = try Commands.run(Commands.criba, ["view", "-r", region, "-Ob", "-o", part, Commands.platinum])
            XCTAssertEqual(result.status, 0, result.error)
            parts.append(part)
        }
        let joined = directory + "/joined.bcf"
        let concat = try Commands.run(Commands.criba, ["concat"] + parts + ["-Ob", "--write-index", "-o", joined])
        XCTAssertEqual(concat.status, 0, concat.error)
        let whole = try Commands.run(Commands.criba, ["view", "-H", Commands.platinum])
        let rejoined = try Commands.run(Commands.criba, ["view", "-H", joined])
        XCTAssertEqual(rejoined.recordCount, whole.recordCount)
        XCTAssertTrue(rejoined.text == whole.text, "the joined records equal the whole file")
        XCTAssertTrue(FileManager.default.fileExists(atPath: joined + ".csi"))
        // Parts out of order are refused, naming the file and the record.
        let reversed = try Commands.run(Commands.criba, ["concat", parts[1], parts[0], "-o", directory + "/bad.vcf"])
        XCTAssertEqual(reversed.status, 1)
        XCTAssertTrue(reversed.error.contains("give the parts in genome order"), reversed.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/bad.vcf"), "no partial output")
    }
}
