import ArgumentParser
import Foundation
import VariantIO
import Workflow

/// `criba regression`: run reference cases and compare them with reviewed goldens.
struct RegressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regression",
        abstract: "Run a manifest of reference cases with criba run and compare each case's digest with its golden.",
        discussion: """
        The digest of a case covers its annotation: records, consequence terms, INFO fields
        filled, and a SHA-256 of the record lines. It also covers the top ranked genes and
        the classification counts. Any difference is printed as a line diff (- golden,
        + now) and the exit code is 1. --update writes the new digests as the goldens; review
        them with git diff before committing (docs/regression.md).

        Example:
          criba regression --config testdata/regression/grch37.toml --manifest testdata/regression/manifest.tsv \\
            --golden testdata/regression/golden -o /tmp/regression
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Option(name: .long, help: "The run configuration (cases may name their own in the manifest).")
    var config: String

    @Option(name: .long, help: "The reference cases.")
    var manifest: String

    @Option(name: .long, help: "Folder of the goldens (<case>.digest.txt).")
    var golden: String

    @Option(name: [.short, .customLong("output")], help: "Output folder of the run.")
    var output: String

    @Flag(name: .long, help: "Write the new digests as the goldens.")
    var update = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "regression") {
            let cases = try CaseManifest.load(path: manifest)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let log = (output as NSString).appendingPathComponent("regression.log")
            let run = try StageProcess.run(executable: StageProcess.currentExecutable,
                                           arguments: ["run", "--config", config, "--manifest", manifest, "-o", output, "--force", "--quiet",
                                                       "--threads", String(threadOptions.resolvedThreads)],
                                           log: log)
            guard run.exitCode == 0 else {
                throw WorkflowError("criba run failed (\(run.message ?? "see \(log)")); nothing compared")
            }
            var differing: [String] = []
            for specification in cases {
                let directory = BatchRunner.caseDirectory(output, specification.id)
                let annotated = (directory as NSString).appendingPathComponent(CasePlan.FileName.annotated)
                let calls = FileManager.default.fileExists(atPath: annotated) ? annotated : specification.vcf
                let text = (directory as NSString).appendingPathComponent("annotated.regression.vcf")
                try Self.writeText(of: calls, to: text)
                guard let json = try? String(contentsOfFile: (directory as NSString).appendingPathComponent(CasePlan.FileName.json), encoding: .utf8) else {
                    throw WorkflowError("\(directory): no case.json")
                }
                let digest = try RegressionDigest.digest(caseId: specification.id, vcfPath: text, caseJSON: json)
                try? FileManager.default.removeItem(atPath: text)
                let goldenPath = (golden as NSString).appendingPathComponent(specification.id + ".digest.txt")
                let fresh = (directory as NSString).appendingPathComponent("digest.txt")
                try TextOutput.write(digest, to: fresh)
                if update {
                    try FileManager.default.createDirectory(atPath: golden, withIntermediateDirectories: true)
                    try TextOutput.write(digest, to: goldenPath)
                    print("\(specification.id)\tgolden written\t\(goldenPath)")
                    continue
                }
                guard let expected = try? String(contentsOfFile: goldenPath, encoding: .utf8) else {
                    differing.append(specification.id)
                    print("\(specification.id)\tno golden\t\(goldenPath) (write it with --update, then review it)")
                    continue
                }
                let diff = LineDiff.unified(old: expected, new: digest, oldName: goldenPath, newName: fresh)
                if diff.isEmpty {
                    print("\(specification.id)\tsame as the golden")
                } else {
                    differing.append(specification.id)
                    print("\(specification.id)\tDIFFERS from the golden:")
                    print(diff, terminator: "")
                }
            }
            if !differing.isEmpty {
                throw WorkflowError("\(differing.count) of \(cases.count) case(s) differ from the goldens: \(differing.joined(separator: ", ")) (docs/regression.md)")
            }
        }
    }

    /// The calls as VCF text, without the provenance lines that name dates and paths.
    static func writeText(of path: String, to text: String) throws {
        let reader = try VariantReader(path: path)
        let writer = try VariantWriter(path: text, format: .vcf, header: reader.header)
        try writer.writeHeader()
        let record = VariantRecord()
        while try reader.read(into: record) { try writer.write(record) }
        try writer.finish()
    }
}
