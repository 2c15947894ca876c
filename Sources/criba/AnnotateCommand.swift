import Annotation
import AnnotationSources
import ArgumentParser
import Foundation
import Pipeline
import VariantIO
import VariantModel
import Workflow

/// `criba annotate`: consequences on transcripts (SO terms, IMPACT, HGVS) as VEP-style `INFO/CSQ`.
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Add transcript consequences (SO terms, HGVS) as a VEP-layout INFO/CSQ, and values from annotation sources.",
        discussion: """
        The gene model is Ensembl/GENCODE/RefSeq GFF3, GTF or a UCSC genePred table (plain or
        gzipped); the reference is FASTA, plain or bgzipped (indexed on first use). Each ALT
        allele is trimmed and left-aligned against the reference before its consequences are
        computed; records are written unchanged apart from INFO/CSQ.

        Annotation sources (gnomAD, ClinVar, BED regions, score tables, gene tables) are
        declared in a TOML config (--config; one [[source]] per file, vcfanno's
        [[annotation]] also read) or as --source FILE:FIELD[=NAME],…; each VCF/BCF or
        score-table value is matched per ALT allele after trimming both sides.

        Examples:
          criba annotate -g genes.gff3.gz -f GRCh38.fa.gz calls.vcf.gz -o calls.csq.bcf
          criba annotate --config sources.toml calls.vcf.gz -o calls.annotated.bcf
          criba annotate --source gnomad.vcf.gz:AF=gnomad_AF calls.bcf -o out.bcf
          criba annotate -g MANE.gff3.gz -f GRCh38.fa.gz --pick -Oz -o picked.vcf.gz calls.bcf
        See docs/commands/annotate.md and docs/annotation.md.
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "Input VCF/BCF, or '-' for standard input.")
    var input: String = "-"

    @Option(name: [.customShort("g"), .customLong("genes")], help: "Gene model: GFF3, GTF or genePred (plain or gzipped).")
    var genes: String?

    @Option(name: [.customShort("f"), .customLong("fasta-ref")], help: "Reference FASTA (plain or bgzipped).")
    var fasta: String?

    @Option(name: .long, help: "TOML file declaring annotation sources ([[source]] tables; see docs/sources.md).")
    var config: String?

    @Option(name: .customLong("run-config"), help: "A criba run configuration: its gene model, reference and [[source]] tables (the scatter step of pipelines/Snakefile).")
    var runConfig: String?

    @Option(name: .long, help: "An annotation source FILE:FIELD[=NAME],… (repeatable; BED columns by number).")
    var source: [String] = []

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: [.customShort("O", allowingJoined: true), .customLong("output-type")],
            help: "Output type: v, z, b or u, optionally with a compression level (default: from the -o extension, else v).")
    var outputType: String?

    @Flag(name: .long, help: "Keep one CSQ entry per allele: MANE Select, then MANE Plus Clinical, canonical, protein coding, most severe, longest.")
    var pick = false

    @Option(name: .customLong("ref-mismatch"), help: "When REF differs from the reference: error (default) or warn (count and go on).")
    var referenceMismatch: String = "error"

    @Option(name: .customLong("missing-reference-contig"),
            help: "Records on a contig the reference lacks: error (default), or structure-only (consequences from the gene model alone, flagged INFO/NO_REFERENCE).")
    var missingReferenceContig: String = "error"

    @Flag(name: .long, help: "Normalise first, as `criba norm -m- -f` does: split multiallelic records and left-align and trim their alleles (needs -f).")
    var normalize = false

    @Flag(name: .customLong("reuse-annotation"), help: "When the input already has INFO/CSQ, BCSQ or ANN, keep it and write records unchanged.")
    var reuseAnnotation = false

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @Flag(name: .customLong("no-version"), help: "Do not add the ##criba_annotate provenance lines.")
    var noVersion = false

    @Flag(name: .customLong("write-index"), help: "Also write an index (.csi for BCF, .tbi for VCF.gz).")
    var writeIndex = false

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try reportingFailures(of: "annotate") {
            guard let policy = ReferenceMismatchPolicy(rawValue: referenceMismatch) else {
                throw UsageFailure(message: "--ref-mismatch must be 'error' or 'warn', not '\(referenceMismatch)'")
            }
            guard let missingContigPolicy = MissingReferenceContigPolicy(rawValue: missingReferenceContig) else {
                throw UsageFailure(message: "--missing-reference-contig must be 'error' or 'structure-only', not '\(missingReferenceContig)'")
            }
            if missingContigPolicy == .structureOnly && normalize {
                throw UsageFailure(message: "--normalize needs reference sequence for every record: it cannot be combined with --missing-reference-contig structure-only")
            }
            var genes = genes, fasta = fasta
            var declarations = try config.map { try SourceConfiguration.load(path: $0) } ?? []
            if let runConfig {
                let run = try RunConfiguration.load(path: runConfig)
                if genes != nil || fasta != nil || config != nil { throw UsageFailure(message: "give --run-config, or -g/-f/--config, not both") }
                genes = run.geneModel?.path
                fasta = run.reference?.path
                declarations = run.sources
            }
            for text in source { declarations.append(try SourceConfiguration.commandLine(text)) }
            let (format, level) = try resolveOutputType(outputType, output: output)
            let threads = threadOptions.resolvedThreads
            let threadPool = ThreadPool(threads: threads)
            var requested = try regions.map { try GenomicRegion.parseList($0) }
            // --normalize: split and left-align into a temporary BCF, then annotate that.
            var source = input
            var normalized: String?
            defer {
                if let normalized {
                    unlink(normalized)
                    TemporaryFiles.shared.unregister(normalized)
                }
            }
            if normalize {
                guard let fasta else { throw UsageFailure(message: "--normalize needs the reference FASTA (-f)") }
                let path = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/criba-normalized-\(getpid()).bcf"
                TemporaryFiles.shared.register(path)
                normalized = path
                let normalization = Normalization(fasta: fasta, split: .all, checkReference: policy == .warn ? "w" : "e",
                                                  siteWindow: 1000, regions: requested)
                let (summary, warning) = try normalization.run(input: input, threadPool: threadPool) { header in
                    try VariantWriter(path: path, format: .bcf, header: header, threadPool: threadPool, compressionLevel: 1)
                }
                FileHandle.standardError.write(Data("criba annotate: normalised: \(summary)\n\(warning.map { "criba annotate: warning: \($0)\n" } ?? "")".utf8))
                source = path
                requested = nil
            }
            // Consequences cost ~10 µs a record: small batches keep both workers busy; sources
            // alone are cheap per record, so the default batch amortises the hand-offs.
            let computesConsequences = genes != nil
            let pipeline = try VariantPipeline(path: source, threads: threads, regions: requested, threadPool: threadPool,
                                               batchSize: computesConsequences ? 1024 : 4096)
            let inputHeader = pipeline.header
            let existing = ["CSQ", "BCSQ", "ANN"].filter { inputHeader.info($0) != nil }
            let keepExisting = reuseAnnotation && !existing.isEmpty
            // -f alone with sources left-aligns indels for matching; -g (and -f) adds consequences.
            let computeConsequences = !keepExisting && (genes != nil || declarations.isEmpty)
            var consequences: (GeneModel, ReferenceSequence)?
            var reference: ReferenceSequence?
            if let fasta {
                reference = try ReferenceSequence(path: fasta)
                try ReferenceCheck.verify(vcfContigs: inputHeader.contigs, vcfPath: input, reference: reference!)
            }
            if computeConsequences {
                guard let genes else { throw UsageFailure(message: "give the gene model with -g (GFF3, GTF or genePred), or sources with --config/--source") }
                guard let reference else { throw UsageFailure(message: "give the reference FASTA with -f") }
                if inputHeader.info("CSQ") != nil {
                    throw UsageFailure(message: "\(input) already has INFO/CSQ: pass --reuse-annotation to keep it, or remove it first (bcftools annotate -x INFO/CSQ)")
                }
                let model = try GeneModel(path: genes)
                try ReferenceCheck.verify(model: model, reference: reference)
                consequences = (model, reference)
            }
            let sources = try SourceSet(declarations: declarations, input: inputHeader, computesCSQ: computeConsequences,
                                        csqHeaderLine: CSQFormatter.headerLine, csqColumns: CSQFormatter.fields)
            var header = inputHeader
            if computeConsequences {
                header = try header.adding(lines: [CSQFormatter.headerLine])
                if missingContigPolicy == .structureOnly { header = try header.adding(lines: [CSQFormatter.noReferenceHeaderLine]) }
            }
            header = try sources.outputHeader(header)
            if !noVersion {
                header = try header.adding(lines: VariantHeader.provenanceLines(command: "annotate", arguments: commandLineArguments))
                if let model = consequences?.0 { header = try header.adding(lines: [Self.geneModelLine(model)]) }
            }
            for plan in sources.plans {
                guard let prepared = plan.prepared, (prepared.metadata.leftAligned ?? false) != (reference != nil) else { continue }
                let built = prepared.metadata.leftAligned == true ? "with left-aligned indels (criba db build -f)" : "without left-alignment"
                let now = reference != nil ? "this run left-aligns the input (-f)" : "this run does not (no -f)"
                FileHandle.standardError.write(Data("criba annotate: warning: \(plan.declaration.displayName) was built \(built) but \(now): indels written differently in a repeat may not match\n".utf8))
            }
            try annotate(pipeline: pipeline, header: header, consequences: consequences, sources: sources, reference: reference, policy: policy,
                         missingContigPolicy: missingContigPolicy, format: format, level: level, threadPool: threadPool)
        }
    }

    /// `##criba_geneModel=<…>`: the gene model's file, size and transcript count, and for a
    /// cache (`criba db genes`) the source it was built from with that source's SHA-256.
    static func geneModelLine(_ model: GeneModel) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: model.path)[.size] as? Int) ?? 0
        var line = "##criba_geneModel=<File=\"\(model.path)\",Size=\(size),Transcripts=\(model.transcripts.count)"
        if let source = model.cacheSource {
            line += ",Cache=true,Source=\"\(source.path)\",SourceFormat=\(source.format),SourceSHA256=\(source.sha256)"
        }
        return line + ">"
    }

    private func annotate(pipeline: VariantPipeline, header outputHeader: VariantHeader, consequences: (GeneModel, ReferenceSequence)?,
                          sources: SourceSet, reference: ReferenceSequence?, policy: ReferenceMismatchPolicy,
                          missingContigPolicy: MissingReferenceContigPolicy,
                          format: VariantFileFormat, level: Int?, threadPool: ThreadPool?) throws {
        let options = AnnotationOptions(pick: pick, referenceMismatch: policy, missingContig: missingContigPolicy)
        let annotators = WorkerResourcePool { () throws -> VariantAnnotator? in
            guard let (model, reference) = consequences else { return nil }
            return VariantAnnotator(model: model, reference: try reference.reopened(), options: options)
        }
        let sourceAnnotators = WorkerResourcePool { () throws -> SourceAnnotator? in
            sources.plans.isEmpty ? nil : try SourceAnnotator(plans: sources.plans, header: outputHeader, overwritten: sources.overwritten,
                                                              reference: reference)
        }
        let geneColumns = sources.geneColumns
        let scratchRecords = WorkerResourcePool { VariantRecord() }
        let csqBuffers = WorkerResourcePool { TextBuffer() }
        let csqIndex = outputHeader.tag("CSQ").index
        let noReferenceIndex = outputHeader.info("NO_REFERENCE") != nil && missingContigPolicy == .structureOnly
            ? outputHeader.tag("NO_REFERENCE").index : nil
        let writer = try VariantWriter(path: output, format: format, header: outputHeader, threadPool: threadPool,
                                       compressionLevel: level, writeIndex: writeIndex)
        try writer.writeHeader()
        try pipeline.run(
            stage: { batch in
                try annotators.using { annotator in
                    guard let annotator else { return }
                    try csqBuffers.using { buffer in
                        var contigIndex = -1, contig = ""
                        for (ordinal, record) in batch.records.enumerated() {
                            if record.contigIndex != contigIndex { contigIndex = record.contigIndex; contig = record.contig }
                            // A shard's records were all read before this loop (thousands: no longer in
                            // cache), and a mapped reference is read at ~1 base per 700: the record 16
                            // ahead, then its data and reference base 8 ahead, start loading now.
                            batch.prefetchRecord(ordinal + 16)
                            if let ahead = batch.prefetchRecordData(ordinal + 8), ahead.contigIndex == contigIndex {
                                annotator.prefetchReference(contig: contig, position: ahead.position)
                            }
                            guard try annotator.writeCSQ(contig: contig, position: record.position, alleleCount: record.alleleCount,
                                                         allele: record.alleleBytes, into: &buffer.csq) else { continue }
                            // Appended to the encoded record: no decoding or re-encoding of its other fields.
                            try buffer.csq.withUnsafeBufferPointer { bytes in
                                try bytes.withMemoryRebound(to: CChar.self) { text in
                                    try record.appendInfo(csqIndex, name: "CSQ", text: text, header: outputHeader)
                                }
                            }
                            if let noReferenceIndex, annotator.lastRecordLacksSequence {
                                try record.appendInfoFlag(noReferenceIndex, name: "NO_REFERENCE", header: outputHeader)
                            }
                        }
                    }
                }
                try sourceAnnotators.using { annotator in try annotator?.annotate(batch.records) }
                if let geneColumns {
                    try csqBuffers.using { buffer in try geneColumns.extend(batch.records, csq: csqIndex, header: outputHeader, buffer: buffer) }
                }
                // BCF output: re-encode the edited records here, in parallel, not in the writer.
                if format.isBCF {
                    try scratchRecords.using { scratch in
                        for record in batch.records { try record.synchronize(using: scratch) }
                    }
                }
            },
            consume: { batch, _ in
                try writer.synchronizeContigs(with: pipeline.header)
                try writer.write(batch)
            })
        try sources.report(annotators: sourceAnnotators.all.compactMap { $0 })
        try writer.finish()
        let all = annotators.all.compactMap { $0 }
        let withoutSequence = all.reduce(0) { $0 + $1.recordsWithoutSequence }
        if withoutSequence > 0 {
            FileHandle.standardError.write(Data("criba annotate: warning: \(withoutSequence) record(s) annotated from the gene model alone (no reference sequence; flagged INFO/NO_REFERENCE): REF not checked, no codons, amino acids or protein change\n".utf8))
        }
        let mismatches = all.reduce(0) { $0 + $1.referenceMismatches }
        if mismatches > 0 {
            let first = all.compactMap(\.firstMismatch).first ?? ""
            FileHandle.standardError.write(Data("criba annotate: warning: \(mismatches) record(s) have a REF that differs from the reference; first: \(first)\n".utf8))
        }
    }
}

/// A reusable byte buffer, one per worker.
final class TextBuffer {
    var bytes: [CChar] = []
    var csq: [UInt8] = []
}

extension CSQGeneColumns {
    /// Appends the gene-table columns to every CSQ entry of `records` (written with `header`).
    func extend(_ records: ArraySlice<VariantRecord>, csq: TagIndex, header: VariantHeader, buffer: TextBuffer) throws {
        for record in records {
            guard let value = record.infoBytes(csq) else { continue }
            extend(value, into: &buffer.bytes)
            try buffer.bytes.withUnsafeBufferPointer { try record.setInfo("CSQ", text: $0.baseAddress!, header: header) }
        }
    }
}
