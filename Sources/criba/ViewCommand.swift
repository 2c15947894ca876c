import ArgumentParser
import Foundation
import Pipeline
import VariantIO
import VariantModel

/// `criba view`: subset and convert VCF/BCF (a subset of `bcftools view`).
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Subset and convert VCF/BCF by region and sample.",
        discussion: """
        Output equals `bcftools view` on the same options, apart from the provenance lines
        (##criba_viewVersion, ##criba_viewCommand; suppressed by --no-version).

        Examples:
          criba view -r chr1:1000-2000,chr2 calls.vcf.gz
          criba view -s HG002 -Ob -o HG002.bcf --write-index trio.bcf
          criba view -R capture.bed -Oz -o exome.vcf.gz genome.vcf.gz
        """,
        helpNames: [.long]
    )

    @Argument(help: "Input VCF/BCF, or '-' for standard input.")
    var input: String = "-"

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: [.customShort("O", allowingJoined: true), .customLong("output-type")],
            help: "Output type: v (VCF), z (bgzipped VCF), b (BCF), u (uncompressed BCF), optionally followed by a compression level 0-9 (e.g. -Ob1). Default: from the -o extension, else v.")
    var outputType: String?

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions chr, chr:pos, chr:beg-end, chr:beg- (1-based; needs an index).")
    var regions: String?

    @Option(name: [.customShort("R"), .customLong("regions-file")], help: "Regions file: BED (.bed, .bed.gz: 0-based) or tab-separated chr, beg[, end] (1-based).")
    var regionsFile: String?

    @Option(name: [.customShort("s"), .customLong("samples")], help: "Comma-separated samples to keep, in this order; '^' in front to exclude instead.")
    var samples: String?

    @Option(name: [.customShort("S"), .customLong("samples-file")], help: "File of samples to keep, one per line; '^' before the path to exclude instead.")
    var samplesFile: String?

    @Flag(name: [.customShort("I"), .customLong("no-update")], help: "Do not recompute INFO/AC and INFO/AN when subsetting samples.")
    var noUpdate = false

    @Flag(name: [.customShort("h"), .customLong("header-only")], help: "Print only the header.")
    var headerOnly = false

    @Flag(name: [.customShort("H"), .customLong("no-header")], help: "Print records without the header (VCF output only).")
    var noHeader = false

    @Flag(name: .customLong("no-version"), help: "Do not add the ##criba_view provenance lines to the header.")
    var noVersion = false

    @Flag(name: .customLong("write-index"), help: "Also write an index: .csi for BCF, .tbi for bgzipped VCF.")
    var writeIndex = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "view") {
            let (format, level) = try resolveOutputType(outputType, output: output)
            if noHeader && format.isBCF { throw UsageFailure(message: "-H (no header) needs VCF output: BCF cannot be written without its header") }
            if regions != nil && regionsFile != nil { throw UsageFailure(message: "give -r or -R, not both") }
            if samples != nil && samplesFile != nil { throw UsageFailure(message: "give -s or -S, not both") }
            var requested: [GenomicRegion]? = nil
            if let regions { requested = try GenomicRegion.parseList(regions) }
            if let regionsFile { requested = try RegionFile.read(path: regionsFile) }

            var selection: SampleSelection? = nil
            if let samples { selection = SampleSelection(list: samples) }
            if let samplesFile { selection = try SampleSelection(file: samplesFile) }
            let threads = threadOptions.resolvedThreads
            let threadPool = ThreadPool(threads: threads)
            // Compressed output is bound by BGZF compression, which the thread pool runs on
            // every core: there one reader keeps the pool fed, and more would only
            // compete with it. Uncompressed output is bound by reading and parsing.
            let readers = format == .vcf || format == .bcfUncompressed || selection != nil ? threads : 1
            // One reader writes each batch right after reading it: keep batches small so the
            // records are still in the cache when they are written.
            let pipeline = try VariantPipeline(path: input, threads: readers, regions: requested, threadPool: threadPool,
                                               batchSize: readers == 1 ? 256 : 4096)
            let subset = try selection.map {
                try SampleSubset(header: pipeline.header, selection: $0, updatesAlleleCounts: !noUpdate, path: input)
            }
            var header = subset?.outputHeader ?? pipeline.header
            if !noVersion {
                header = try header.adding(lines: VariantHeader.provenanceLines(command: "view", arguments: commandLineArguments))
            }
            let writer = try VariantWriter(path: output, format: format, header: header, threadPool: threadPool,
                                           compressionLevel: level, writeIndex: writeIndex)
            if !noHeader { try writer.writeHeader() }
            if !headerOnly {
                try pipeline.run(
                    stage: { batch in
                        if let subset { for record in batch.records { try subset.apply(to: record) } }
                    },
                    consume: { batch, _ in
                        try writer.synchronizeContigs(with: pipeline.header)
                        try writer.write(batch)
                    })
            }
            try writer.finish()
        }
    }
}
