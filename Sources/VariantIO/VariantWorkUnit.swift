import CHTSlib
import VariantModel

/// One unit of parallel work over a variant input: a genomic shard read through the
/// index by the worker itself, or a run of lines or records read from a stream.
public struct VariantWorkUnit: @unchecked Sendable {
    enum Payload {
        case shard(contig: String, start: Int, end: Int)
        case lines(LineBatch)
        case records(RecordBatch)
    }
    let payload: Payload

    /// A shard: the records whose POS lies in `start...end` (1-based) of `contig`.
    public static func shard(contig: String, start: Int, end: Int) -> VariantWorkUnit {
        VariantWorkUnit(payload: .shard(contig: contig, start: start, end: end))
    }
}

/// Reads a stream (standard input, an unindexed file) in batches for parallel
/// workers: VCF text as raw lines (parsed by the workers), BCF as decoded records.
/// `next()` is not thread-safe: the engine calls it under its lock.
public final class VariantStreamSource: @unchecked Sendable {
    /// The reader of the stream; its header gains contigs the data uses undeclared.
    public let reader: VariantReader
    private let pool: RecordBatchPool
    private let batchSize: Int
    private var snapshot: HeaderHandle?
    private var snapshotContigs: Int32 = -1
    private let decodeInReader: Bool

    /// Wraps `reader`; `batchSize` lines or records make one unit. With
    /// `decodeInReader` (regions, BCF) the reader decodes records itself.
    public init(reader: VariantReader, pool: RecordBatchPool, batchSize: Int = 4096, decodeInReader: Bool = false) {
        self.reader = reader
        self.pool = pool
        self.batchSize = batchSize
        self.decodeInReader = decodeInReader
    }

    /// The next unit, or nil at the end of the stream.
    public func next() throws(VariantIOError) -> VariantWorkUnit? {
        if reader.format.isBCF || decodeInReader {
            let batch = pool.takeRecordBatch()
            guard try reader.readRecords(into: batch, limit: batchSize) else {
                pool.recycle(batch)
                return nil
            }
            return VariantWorkUnit(payload: .records(batch))
        }
        let batch = pool.takeLineBatch()
        guard try reader.readLines(into: batch, limit: batchSize) else {
            pool.recycle(batch)
            return nil
        }
        let contigs = criba_hdr_ncontigs(reader.header.handle.pointer)
        if snapshot == nil || contigs != snapshotContigs {
            snapshot = try reader.header.handle.duplicate()
            snapshotContigs = contigs
        }
        batch.header = snapshot
        return VariantWorkUnit(payload: .lines(batch))
    }
}

/// A worker's private means of turning units into decoded records: its own file
/// handle and index for shards, its own header copy for parsing VCF text.
public final class VariantBatchLoader {
    private let path: String
    private let pool: RecordBatchPool
    private var shardReader: VariantReader?
    private var parserHeader: HeaderHandle?
    private var parserSource: HeaderHandle?
    /// Numeric INFO/FORMAT values checked on the text (see NumericFieldCheck).
    private var numericCheck: NumericFieldCheck?
    /// A view of the line being parsed; its bytes belong to the line batch.
    private var line = kstring_t(l: 0, m: 0, s: nil)
    private let fields: FieldSelection
    private let projector: LineProjector?

    /// A loader for the input at `path` (shards are read through a handle opened here),
    /// decoding the `fields` the stage reads.
    public init(path: String, pool: RecordBatchPool, fields: FieldSelection = .all) {
        self.path = path
        self.pool = pool
        self.fields = fields
        self.projector = LineProjector(fields)
    }

    /// Decodes `unit` into a batch from the pool. Recycle the batch when done.
    public func load(_ unit: VariantWorkUnit) throws(VariantIOError) -> RecordBatch {
        switch unit.payload {
        case .records(let batch):
            return batch
        case .shard(let contig, let start, let end):
            if shardReader == nil {
                shardReader = try VariantReader(path: path)
                shardReader!.fieldSelection = fields
            }
            let reader = shardReader!
            try reader.setShard(contig: contig, start: start, end: end)
            let batch = pool.takeRecordBatch()
            do {
                while true {
                    let record = batch.nextSlot()
                    guard try reader.read(into: record) else { break }
                    batch.commitSlot()
                }
            } catch {
                pool.recycle(batch)
                throw error
            }
            return batch
        case .lines(let lines):
            defer { pool.recycle(lines) }
            return try parse(lines)
        }
    }

    /// The header this worker's records refer to (contig and tag names).
    private func parse(_ lines: LineBatch) throws(VariantIOError) -> RecordBatch {
        guard let source = lines.header else { return pool.takeRecordBatch() }
        if parserSource !== source {
            parserHeader = try source.duplicate()
            parserSource = source
            numericCheck = NumericFieldCheck(header: VariantHeader(handle: parserHeader!))
        }
        let header = parserHeader!
        let tagsBefore = criba_hdr_nids(header.pointer)
        let batch = pool.takeRecordBatch()
        for position in 0..<lines.count where lines.lengths[position] > 0 {
            let record = batch.nextSlot()
            record.header = header
            if let numericCheck, numericCheck.isActive {
                let start = Int(lines.starts[position]), length = Int(lines.lengths[position])
                let problem = lines.bytes.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: UInt8.self) { numericCheck.problem(in: UnsafeBufferPointer(rebasing: $0[start..<(start + length)])) }
                }
                if let problem {
                    pool.recycle(batch)
                    throw VariantIOError(.malformedRecord, path: path, location: "line \(lines.firstLine + position)", "malformed record: \(problem)")
                }
            }
            let status = lines.bytes.withUnsafeMutableBufferPointer { bytes -> Int32 in
                // vcf_parse tokenises in place: parse the batch's own bytes, no copy.
                line = kstring_t(l: lines.lengths[position], m: lines.lengths[position] + 1, s: bytes.baseAddress! + lines.starts[position])
                if let projector {
                    var projected = projector.project(line)
                    return vcf_parse(&projected, header.pointer, record.pointer)
                }
                return vcf_parse(&line, header.pointer, record.pointer)
            }
            let location = "line \(lines.firstLine + position)"
            if criba_hdr_nids(header.pointer) != tagsBefore {
                let tag = String(cString: criba_hdr_id_key(header.pointer, tagsBefore))
                pool.recycle(batch)
                throw VariantIOError(.undeclared, path: path, location: location, "tag '\(tag)' is used but not declared in the header (add an ##INFO/##FORMAT/##FILTER line)")
            }
            if record.pointer.pointee.pos < 0 && status == 0 {
                pool.recycle(batch)
                throw VariantIOError(.malformedRecord, path: path, location: location, "malformed record: POS is not a positive integer")
            }
            if status != 0 || record.pointer.pointee.errcode != 0 {
                pool.recycle(batch)
                throw VariantIOError(.malformedRecord, path: path, location: location, VariantReader.explain(errcode: record.pointer.pointee.errcode, line: nil))
            }
            batch.commitSlot()
        }
        return batch
    }
}
