import Annotation
import ArgumentParser
import Foundation
import VariantIO
import VariantModel

/// `criba norm`: split multiallelic records and left-align/trim indels against the
/// reference (the subset of `bcftools norm -m- -f` that annotation needs).
struct NormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "norm",
        abstract: "Split multiallelic records and left-align and trim alleles against the reference.",
        discussion: """
        What `bcftools norm -m- -f ref.fa` does, with the same output records: each ALT of
        a multiallelic record becomes its own record (Number=A/R/G values subset, genotypes
        recoded: the kept ALT is 1, other ALTs 0), then shared bases are trimmed and indels
        moved to their leftmost position in a repeat. Records that moved are re-sorted
        within --site-win bases. REF alleles are checked against the reference (-c).

        Examples:
          criba norm -m- -f GRCh38.fa.gz -Ob -o calls.norm.bcf --write-index calls.vcf.gz
          criba norm -f GRCh38.fa.gz calls.vcf.gz        # left-align only, keep multiallelics
          criba norm -m- calls.bcf                        # split only, no reference
        """,
        helpNames: [.long]
    )

    @Argument(help: "Input VCF/BCF, or '-' for standard input.")
    var input: String = "-"

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: [.customShort("O", allowingJoined: true), .customLong("output-type")],
            help: "Output type: v, z, b or u, optionally with a compression level (default: from the -o extension, else v).")
    var outputType: String?

    @Option(name: [.customShort("f"), .customLong("fasta-ref")], help: "Reference FASTA (plain or bgzipped): left-align and trim, and check REF.")
    var fasta: String?

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("multiallelics")],
            help: "Split multiallelic records: '-' (or -any, -both) splits all, -snps only records with a SNV ALT (write -m-snps).")
    var multiallelics: String?

    @Option(name: [.customShort("c"), .customLong("check-ref")],
            help: "A REF that differs from the reference: e (stop with an error, the default), w (warn and keep), x (warn and drop the record).")
    var checkReference: String = "e"

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @Option(name: .customLong("site-win"), help: "Bases within which records that moved left are re-sorted (default 1000).")
    var siteWindow: Int = 1000

    @Flag(name: .customLong("no-version"), help: "Do not add the ##criba_norm provenance lines to the header.")
    var noVersion = false

    @Flag(name: .customLong("write-index"), help: "Also write an index (.csi for BCF, .tbi for VCF.gz).")
    var writeIndex = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "norm") {
            let (format, level) = try resolveOutputType(outputType, output: output)
            let split = try splitMode()
            guard ["e", "w", "x"].contains(checkReference) else {
                throw UsageFailure(message: "-c takes e, w or x (got '\(checkReference)'; bcftools' 's', setting REF from the reference, is not offered: fix the input instead)")
            }
            guard siteWindow >= 0 else { throw UsageFailure(message: "--site-win must be 0 or more") }
            guard fasta != nil || split != .none else { throw UsageFailure(message: "give -f (left-align against a reference) and/or -m- (split multiallelics)") }
            let threadPool = ThreadPool(threads: threadOptions.resolvedThreads)
            let normalization = Normalization(fasta: fasta, split: split, checkReference: checkReference, siteWindow: siteWindow,
                                              regions: try regions.map { try GenomicRegion.parseList($0) })
            let (summary, warning) = try normalization.run(input: input, threadPool: threadPool) { header in
                let header = noVersion ? header : try header.adding(lines: VariantHeader.provenanceLines(command: "norm", arguments: commandLineArguments))
                return try VariantWriter(path: output, format: format, header: header, threadPool: threadPool,
                                         compressionLevel: level, writeIndex: writeIndex)
            }
            FileHandle.standardError.write(Data((summary + "\n" + (warning.map { "criba norm: warning: \($0)\n" } ?? "")).utf8))
        }
    }

    private func splitMode() throws -> Normalization.SplitMode {
        guard let multiallelics else { return .none }
        switch multiallelics {
        case "-", "-any", "-both": return .all
        case "-snps": return .snps
        default:
            if multiallelics.hasPrefix("+") { throw UsageFailure(message: "-m+ (joining records) is not offered; criba norm splits (-m-)") }
            throw UsageFailure(message: "-m takes -, -any, -both or -snps (got '\(multiallelics)'; bcftools' -indels mode is not offered)")
        }
    }
}

/// One pass of `criba norm` (also run by `criba annotate --normalize`): reads `input`,
/// splits and left-aligns its records, and writes them, re-sorted, through the writer
/// `makeWriter` opens for the input's header.
struct Normalization {
    /// Which multiallelic records are split.
    enum SplitMode { case none, all, snps }

    /// The reference FASTA for left-alignment and the REF check (nil: split only).
    var fasta: String?
    /// Which multiallelic records are split.
    var split: SplitMode
    /// e, w or x (see `criba norm -c`).
    var checkReference: String
    /// Bases within which moved records are re-sorted.
    var siteWindow: Int
    /// Regions to read (nil: all).
    var regions: [GenomicRegion]?

    /// Copies `record` into `piece`, whole (`alternate` 0) or split to one ALT; errors name `input`.
    private static func copy(_ record: VariantRecord, alternate: Int, header: VariantHeader, into piece: VariantRecord, input: String) throws {
        do {
            if alternate == 0 { try record.copy(into: piece) } else { try record.keepingOnlyAllele(alternate, header: header, into: piece) }
        } catch {
            throw VariantIOError(error.kind, path: input, location: error.location, error.message)
        }
    }

    /// Runs the pass and returns bcftools' summary line, and a warning when REF mismatches were let through or dropped.
    func run(input: String, threadPool: ThreadPool?, makeWriter: (VariantHeader) throws -> VariantWriter) throws -> (summary: String, warning: String?) {
        let reader = try VariantReader(path: input, threadPool: threadPool)
        if let regions { try reader.setRegions(regions) }
        var normalizer: AlleleNormalizer?
        if let fasta {
            let reference = try ReferenceSequence(path: fasta)
            try ReferenceCheck.verify(vcfContigs: reader.header.contigs, vcfPath: input, reference: reference)
            normalizer = AlleleNormalizer(reference: ReferenceWindow(reference: reference))
        }
        let writer = try makeWriter(reader.header)
        try writer.writeHeader()
        var state = NormState(writer: writer, window: siteWindow, path: input)
        let record = VariantRecord()
        var contigIndex = -1, contig = ""
        var counts = (total: 0, split: 0, realigned: 0, skipped: 0, mismatched: 0)
        var firstMismatch: String?
        var alleles: [[UInt8]] = []
        var referenceBases: [UInt8] = []
        while try reader.read(into: record) {
            counts.total += 1
            if record.contigIndex != contigIndex {
                try state.flush(all: true)
                contigIndex = record.contigIndex
                contig = record.contig
            }
            try state.flush(before: record.position - siteWindow)
            if let normalizer {
                referenceBases.removeAll(keepingCapacity: true)
                for byte in record.alleleBytes(0) { referenceBases.append(byte >= 97 && byte <= 122 ? byte - 32 : byte) }
                let symbolic = referenceBases.contains(UInt8(ascii: "<"))
                if !symbolic, !referenceBases.isEmpty, try !normalizer.reference.matches(contig: contig, start: record.position, bases: referenceBases) {
                    let expected = try normalizer.reference.sequence(contig: contig, start: record.position, end: record.position + referenceBases.count - 1)
                    let message = "\(contig):\(record.position): \(ReferenceCheck.mismatch(given: referenceBases, expected: expected)) (reference \(fasta!))"
                    switch checkReference {
                    case "e": throw VariantIOError(.malformedRecord, path: input, message)
                    case "x":
                        counts.skipped += 1
                        counts.mismatched += 1
                        if firstMismatch == nil { firstMismatch = message }
                        continue
                    default:
                        counts.mismatched += 1
                        if firstMismatch == nil { firstMismatch = message }
                    }
                }
            }
            // Whole (0..<1: "ALT 0" means the record as it is), or one record per ALT.
            let pieces: Range<Int>
            if record.alleleCount > 2 && splits(record, split) {
                pieces = 1..<record.alleleCount
                counts.split += 1
            } else {
                pieces = 0..<1
            }
            for alternate in pieces {
                let piece = state.freeRecord()
                try Normalization.copy(record, alternate: alternate, header: reader.header, into: piece, input: input)
                // Alleles of one base each (SNVs) have nothing to trim or shift.
                if let normalizer, (0..<piece.alleleCount).contains(where: { piece.alleleBytes($0).count > 1 }) {
                    alleles.removeAll(keepingCapacity: true)
                    for index in 0..<piece.alleleCount { alleles.append(Array(piece.alleleBytes(index))) }
                    if let normalized = try normalizer.normalized(contig: contig, position: piece.position, alleles: alleles) {
                        try piece.setPositionAndAlleles(position: normalized.position,
                                                        alleles: normalized.alleles.map { String(decoding: $0, as: UTF8.self) },
                                                        header: reader.header)
                        counts.realigned += 1
                    }
                }
                try state.add(piece)
            }
        }
        try state.flush(all: true)
        try writer.finish()
        let summary = "Lines   total/split/realigned/skipped:\t\(counts.total)/\(counts.split)/\(counts.realigned)/\(counts.skipped)"
        guard counts.mismatched > 0 else { return (summary, nil) }
        return (summary, "\(counts.mismatched) record(s) have a REF that differs from the reference\(checkReference == "x" ? " (dropped)" : ""); first: \(firstMismatch ?? "")")
    }

    private func splits(_ record: VariantRecord, _ mode: SplitMode) -> Bool {
        switch mode {
        case .none: return false
        case .all: return true
        case .snps:
            // A record with a SNV ALT, typed as htslib does: same length as REF, one base
            // differing (checked against bcftools norm -m-snps in the tests).
            let reference = record.alleleBytes(0)
            for index in 1..<record.alleleCount {
                let alternate = record.alleleBytes(index)
                if alternate.first == UInt8(ascii: "<") || (alternate.count == 1 && alternate[0] == UInt8(ascii: "*")) { continue }
                if alternate.count == reference.count && zip(alternate, reference).filter({ $0 != $1 }).count == 1 { return true }
            }
            return false
        }
    }
}

/// The records of `criba norm` waiting to be written: a record that moved left may have
/// to go before records read earlier, so they are held until the input is `window`
/// bases past them, and written in position order (input order among equal positions).
struct NormState {
    let writer: VariantWriter
    let window: Int
    let path: String
    private var pending: [VariantRecord] = []
    private var free: [VariantRecord] = []
    private var lastWritten = 0

    init(writer: VariantWriter, window: Int, path: String) {
        self.writer = writer
        self.window = window
        self.path = path
    }

    /// A record to fill (reused once written).
    mutating func freeRecord() -> VariantRecord { free.popLast() ?? VariantRecord() }

    /// Holds `record`, placed after every held record at or before its position.
    mutating func add(_ record: VariantRecord) throws {
        if record.position < lastWritten {
            throw VariantIOError(.malformedRecord, path: path, location: "\(record.contig):\(record.position)",
                                 "moved left past records already written; rerun with a larger --site-win (now \(window))")
        }
        var index = pending.count
        while index > 0 && pending[index - 1].position > record.position { index -= 1 }
        pending.insert(record, at: index)
    }

    /// Writes the held records before `position`, or all of them (at a contig change and at the end).
    mutating func flush(before position: Int = 0, all: Bool = false) throws {
        var written = 0
        while written < pending.count && (all || pending[written].position < position) {
            try writer.write(pending[written])
            lastWritten = pending[written].position
            free.append(pending[written])
            written += 1
        }
        pending.removeFirst(written)
        if all { lastWritten = 0 }
    }
}
