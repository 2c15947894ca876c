import ArgumentParser
import Foundation
import Pipeline
import QualityControl
import VariantIO
import VariantModel

/// `criba stats`: counts per file and per sample, equal to `bcftools stats`.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count records, variant types, Ts/Tv and per-sample genotypes.",
        discussion: """
        The numbers are defined as `bcftools stats` defines them (the SN and TSTV sections,
        and PSC as printed by `bcftools stats -s -`), so the two agree on every file.
        See docs/commands/stats.md for each definition.

        Examples:
          criba stats trio.vcf.gz
          criba stats --json -r chr20 genome.bcf -o chr20.stats.json
        """
    )

    @Argument(help: "Input VCF/BCF, or '-' for standard input.")
    var input: String = "-"

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Flag(name: .long, help: "Write JSON instead of text.")
    var json = false

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @Option(name: [.customShort("R"), .customLong("regions-file")], help: "Regions file (BED or tab-separated chr, beg[, end]).")
    var regionsFile: String?

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "stats") {
            if regions != nil && regionsFile != nil { throw UsageFailure(message: "give -r or -R, not both") }
            var requested: [GenomicRegion]? = nil
            if let regions { requested = try GenomicRegion.parseList(regions) }
            if let regionsFile { requested = try RegionFile.read(path: regionsFile) }
            let threads = threadOptions.resolvedThreads
            let pipeline = try VariantPipeline(path: input, threads: threads, regions: requested, threadPool: ThreadPool(threads: threads),
                                               fields: StatisticsCollector.fieldsRead)
            let header = pipeline.header
            var total = VariantStatistics(samples: header.samples)
            try pipeline.run(
                stage: { batch in
                    var collector = StatisticsCollector(header: header)
                    for record in batch.records { collector.add(record) }
                    return collector.statistics
                },
                consume: { _, partial in total.merge(partial) })
            let commandLine = commandLineArguments.joined(separator: " ")
            let text = json
                ? try StatisticsRenderer.json(total, file: input, commandLine: commandLine, version: CribaVersion.current)
                : StatisticsRenderer.text(total, file: input, commandLine: commandLine)
            try TextOutput.write(text, to: output)
        }
    }
}
