import ArgumentParser
import Foundation
import VariantIO
import VariantModel

/// `criba concat`: join the parts of a scattered run (same header, genome order) into one file.
struct ConcatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concat",
        abstract: "Join region parts of one VCF/BCF (same samples and definitions, given in genome order) into one file.",
        discussion: """
        The gather step of a scattered annotation (pipelines/Snakefile): each part holds the
        records of one region. A record spanning a region boundary is in both neighbouring
        parts; the later copy (starting at or before the previous part's last record) is
        dropped. Parts out of genome order, or with other samples, contigs or definitions,
        are an error naming the file.

        Example:
          criba concat parts/20_1.bcf parts/20_2.bcf -Ob --write-index -o annotated.bcf
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "The parts, in genome order.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: [.customShort("O", allowingJoined: true), .customLong("output-type")],
            help: "Output type: v, z, b or u, optionally with a compression level (default: from the -o extension, else v).")
    var outputType: String?

    @Flag(name: .customLong("write-index"), help: "Also write an index (.csi for BCF, .tbi for VCF.gz).")
    var writeIndex = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "concat") {
            guard !inputs.isEmpty else { throw UsageFailure(message: "give the parts to join") }
            let (format, level) = try resolveOutputType(outputType, output: output)
            let threadPool = ThreadPool(threads: threadOptions.resolvedThreads)
            let first = try VariantReader(path: inputs[0], threadPool: threadPool)
            let writer = try VariantWriter(path: output, format: format, header: first.header, threadPool: threadPool,
                                           compressionLevel: level, writeIndex: writeIndex)
            try writer.writeHeader()
            let record = VariantRecord()
            // (contig, position) of the last record written.
            var last: (contig: Int, position: Int)?
            // Multi-base records that reach the last written position: the only records a
            // later part may repeat (a deletion spanning the boundary is in both parts).
            var spanning: [(contig: Int, position: Int, end: Int, alleles: String)] = []
            var dropped = 0
            for (index, path) in inputs.enumerated() {
                let reader = index == 0 ? first : try VariantReader(path: path, threadPool: threadPool)
                if index > 0 { try requireSameLayout(reader.header, first.header, path: path) }
                let boundary = last
                let repeatable = spanning.filter { boundary != nil && $0.end > boundary!.position }
                while try reader.read(into: record) {
                    let here = (contig: record.contigIndex, position: record.position)
                    if let boundary, here.contig == boundary.contig, here.position <= boundary.position, record.referenceLength > 1 {
                        let alleles = record.alleles.joined(separator: ",")
                        if repeatable.contains(where: { $0.contig == here.contig && $0.position == here.position && $0.alleles == alleles }) {
                            dropped += 1
                            continue
                        }
                    }
                    if let last, here.contig < last.contig || (here.contig == last.contig && here.position < last.position) {
                        throw VariantIOError(.malformedRecord, path: path, location: "\(record.contig):\(record.position)",
                                             "comes before the previous record (\(reader.header.contigs[last.contig].name):\(last.position)): give the parts in genome order")
                    }
                    try writer.write(record)
                    if last?.contig != here.contig { spanning.removeAll(keepingCapacity: true) }
                    last = here
                    spanning.removeAll { $0.end < here.position }
                    if record.referenceLength > 1 {
                        spanning.append((here.contig, here.position, record.end, record.alleles.joined(separator: ",")))
                    }
                }
            }
            try writer.finish()
            if dropped > 0 {
                FileHandle.standardError.write(Data("criba concat: \(dropped) record(s) spanning a part boundary were kept once\n".utf8))
            }
        }
    }

    private func requireSameLayout(_ header: VariantHeader, _ reference: VariantHeader, path: String) throws {
        func problem(_ what: String) -> VariantIOError {
            VariantIOError(.malformedHeader, path: path, "\(what) differ from \(inputs[0]): join only parts of one scattered file")
        }
        if header.samples != reference.samples { throw problem("the samples") }
        if header.contigs.map(\.name) != reference.contigs.map(\.name) { throw problem("the contigs") }
        if header.infoDefinitions.map(\.id) != reference.infoDefinitions.map(\.id) { throw problem("the INFO definitions") }
        if header.formatDefinitions.map(\.id) != reference.formatDefinitions.map(\.id) { throw problem("the FORMAT definitions") }
    }
}
