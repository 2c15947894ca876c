import Foundation
import VariantIO
import VariantModel

/// The parallel core every command plugs its stage into: reads a VCF/BCF in units,
/// runs a stage on each batch of records concurrently, and hands results to the
/// consumer in genome (file) order with bounded memory.
///
/// How the input is split:
/// - an indexed BGZF VCF or BCF file, no regions, more than one thread: **shards**
///   of the genome from the index, each worker reading its own through its own
///   handle, header and index;
/// - regions (`-r`/`-R`): one reader walks the index, workers process its batches;
/// - anything else (standard input, plain or gzip VCF, no index): one reader cuts
///   the stream into batches of lines, which workers parse with their own header copy.
///
/// ```swift
/// let pipeline = try VariantPipeline(path: "genome.bcf", threads: 2)
/// var total = 0
/// try pipeline.run(stage: { batch in batch.count }, consume: { _, count in total += count })
/// ```
public final class VariantPipeline {
    /// How the input is being split.
    public enum Mode: String, Sendable {
        /// Index shards read by every worker.
        case shards
        /// Index regions walked by one reader.
        case regions
        /// A stream cut into batches.
        case stream
    }

    /// The input path.
    public let path: String
    /// The chosen mode.
    public let mode: Mode
    /// Worker threads.
    public let threads: Int
    /// The reader of the input (its header is the run's master header).
    public let reader: VariantReader
    private let shards: [GenomicShard]
    private let pool = RecordBatchPool()
    private let batchSize: Int
    private let fields: FieldSelection

    /// The input's header (it can gain contigs while a VCF text stream is read).
    public var header: VariantHeader { reader.header }

    /// Opens the input and plans the work.
    ///
    /// - Parameters:
    ///   - threads: workers; htslib decompression threads come from `threadPool`.
    ///   - regions: restrict to these regions (needs an index).
    ///   - shardSize: bases per shard in shard mode.
    ///   - fields: the fields the stage reads; VCF text is decoded only that far.
    public init(path: String, threads: Int, regions: [GenomicRegion]? = nil, threadPool: ThreadPool? = nil,
                shardSize: Int = 5_000_000, batchSize: Int = 4096, fields: FieldSelection = .all) throws {
        self.path = path
        self.fields = fields
        self.threads = max(1, threads)
        self.batchSize = batchSize
        reader = try VariantReader(path: path, threadPool: threadPool)
        reader.fieldSelection = fields
        if let regions {
            try reader.setRegions(regions)
            mode = .regions
            shards = []
        } else if self.threads > 1, path != "-", reader.format == .bcf || reader.format == .vcfBGZF, reader.hasIndex {
            mode = .shards
            shards = ShardPlanner(size: shardSize).shards(for: try reader.indexedContigs())
        } else {
            mode = .stream
            shards = []
        }
    }

    /// Runs `stage` on every batch of records, concurrently, and `consume` on each
    /// batch with its stage result, in file order, one at a time. The batch is reused
    /// after `consume` returns: keep nothing from it.
    public func run<Output>(stage: (RecordBatch) throws -> Output, consume: (RecordBatch, Output) throws -> Void) throws {
        let engine = OrderedParallelEngine(threads: threads)
        let path = self.path, pool = self.pool, fields = self.fields
        var position = 0
        let shards = self.shards
        let source = mode == .shards ? nil
            : VariantStreamSource(reader: reader, pool: pool, batchSize: batchSize, decodeInReader: mode == .regions)
        let next: () throws -> VariantWorkUnit? = {
            if let source { return try source.next() }
            guard position < shards.count else { return nil }
            defer { position += 1 }
            let shard = shards[position]
            return .shard(contig: shard.contig, start: shard.start, end: shard.end)
        }
        try engine.run(
            next: next,
            makeWorker: { VariantBatchLoader(path: path, pool: pool, fields: fields) },
            process: { loader, unit in
                let batch = try loader.load(unit)
                return (batch, try stage(batch))
            },
            emit: { (batch, output) in
                defer { pool.recycle(batch) }
                try consume(batch, output)
            })
    }
}
