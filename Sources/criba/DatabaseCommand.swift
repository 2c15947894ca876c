import Annotation
import AnnotationSources
import ArgumentParser
import Foundation
import VariantIO
import VariantModel

/// `criba db`: prepared annotation sources.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Prepare annotation sources and gene models for fast loading.",
        subcommands: [DatabaseBuildCommand.self, DatabaseGenesCommand.self],
        helpNames: [.long, .customShort("h")]
    )
}

/// `criba db build`: encodes a VCF/BCF source into a prepared source file.
struct DatabaseBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Encode an indexed VCF.gz/BCF source (gnomAD, ClinVar, a cohort) into a prepared source file.",
        discussion: """
        Every ALT allele is split out and trimmed to its minimal representation, and the
        chosen INFO fields are decoded once into typed columns, in one file that
        `criba annotate` maps into memory: name it as a source's `file` in the config.
        Rebuild it when the source is updated (its provenance records the source's MD5).

        Example:
          criba db build -i AF,nhomalt,grpmax,AF_grpmax -o gnomad.cdb gnomad.genomes.vcf.gz
          criba db build -i CLNSIG,CLNREVSTAT -f GRCh38.fa.gz -o clinvar.cdb clinvar.vcf.gz
        See docs/sources.md.
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "Indexed VCF.gz or BCF source.")
    var source: String

    @Option(name: [.customShort("i"), .customLong("fields")], help: "Comma-separated INFO fields to keep (default: every INFO field).")
    var fields: String?

    @Option(name: .shortAndLong, help: "Output file (conventionally .cdb).")
    var output: String

    @Option(name: [.customShort("f"), .customLong("fasta-ref")], help: "Reference FASTA: left-align indels (use the same with criba annotate -f).")
    var fasta: String?

    func run() throws {
        try reportingFailures(of: "db build") {
            let started = Date()
            let requested = fields.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
            let reference = try fasta.map { try ReferenceSequence(path: $0) }
            let summary = try PreparedSourceBuilder.build(path: source, fields: requested, output: output, version: CribaVersion.current,
                                                          reference: reference)
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data(String(format: "criba db build: %@: %d records, %d alleles, %d contigs, %.1f MB in %.1f s\n",
                                                       output, summary.records, summary.alleles, summary.contigs,
                                                       Double(summary.bytes) / 1e6, seconds).utf8))
        }
    }
}

/// `criba db genes`: converts a gene model into the compact cache that `-g` loads quickly.
struct DatabaseGenesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genes",
        abstract: "Convert a GFF3/GTF/genePred gene model once into a compact cache file that -g loads in a fraction of the time.",
        discussion: """
        The cache holds the transcripts exactly as `-g SOURCE` reads them, the source's
        name and SHA-256 (stated again by every command that loads it), and a checksum
        of its own content: a damaged or truncated cache is refused. Give it to
        `criba annotate -g` (or a run config's genes) in place of the source; rebuild
        it when the source changes.

        Example:
          criba db genes -o gencode.v46.genes gencode.v46.annotation.gff3.gz
          criba annotate -g gencode.v46.genes -f GRCh38.fa calls.bcf -o annotated.bcf
        See docs/annotation.md.
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "Gene model: GFF3, GTF or genePred, plain or gzipped.")
    var source: String

    @Option(name: .shortAndLong, help: "Output file (conventionally .genes).")
    var output: String

    func run() throws {
        try reportingFailures(of: "db genes") {
            let started = Date()
            if GeneModelCache.isCache(path: source) {
                throw UsageFailure(message: "\(source) is already a gene-model cache")
            }
            let format = try GeneModelReader.detectFormat(path: source)
            let transcripts = try GeneModelReader.read(path: source)
            let digest = try FileChecksum.sha256(path: source)
            try GeneModelCache.write(transcripts: transcripts,
                                     source: .init(path: URL(fileURLWithPath: source).lastPathComponent, sha256: digest, format: format.rawValue),
                                     to: output)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            let genes = Set(transcripts.map(\.geneIdentifier)).count, contigs = Set(transcripts.map(\.contig)).count
            FileHandle.standardError.write(Data(String(format: "criba db genes: %@: %d transcripts, %d genes, %d contigs, %.1f MB in %.1f s\n",
                                                       output, transcripts.count, genes, contigs, Double(bytes) / 1e6,
                                                       Date().timeIntervalSince(started)).utf8))
        }
    }
}
