import Foundation

/// A thread-safe free list of batches, so that records (and their htslib buffers)
/// are allocated once per run rather than once per record.
public final class RecordBatchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var recordBatches: [RecordBatch] = []
    private var lineBatches: [LineBatch] = []

    /// Creates an empty pool.
    public init() {}

    /// A batch to fill (emptied).
    public func takeRecordBatch() -> RecordBatch {
        lock.lock(); defer { lock.unlock() }
        let batch = recordBatches.popLast() ?? RecordBatch()
        batch.removeAll()
        return batch
    }

    /// Returns a batch once its records have been written or counted.
    public func recycle(_ batch: RecordBatch) {
        lock.lock(); defer { lock.unlock() }
        recordBatches.append(batch)
    }

    func takeLineBatch() -> LineBatch {
        lock.lock(); defer { lock.unlock() }
        return lineBatches.popLast() ?? LineBatch()
    }

    func recycle(_ batch: LineBatch) {
        lock.lock(); defer { lock.unlock() }
        lineBatches.append(batch)
    }
}
