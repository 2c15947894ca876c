import CHTSlib
/// A run of consecutive records, owned by one stage at a time as it moves from a
/// reader through the workers to the ordered writer. The `VariantRecord` objects
/// (and their htslib buffers) are reused when the batch is refilled.
public final class RecordBatch: @unchecked Sendable {
    private var slots: [VariantRecord] = []
    /// The htslib records of `slots`, for cache hints that touch no Swift object.
    private var rawRecords: [UnsafeMutablePointer<bcf1_t>] = []
    /// The number of records in the batch.
    public private(set) var count = 0

    /// Creates an empty batch.
    public init() {}

    /// The records, in input order.
    public var records: ArraySlice<VariantRecord> { slots[0..<count] }

    /// Empties the batch, keeping its records for reuse.
    public func removeAll() { count = 0 }

    /// The record to fill next (reused if one is spare).
    func nextSlot() -> VariantRecord {
        if count == slots.count {
            let record = VariantRecord()
            slots.append(record)
            rawRecords.append(record.pointer)
        }
        return slots[count]
    }

    /// Starts loading the fixed fields of record `index` into the CPU cache (a hint for a
    /// loop that reaches it soon; nothing happens past the end).
    @inline(__always)
    public func prefetchRecord(_ index: Int) {
        guard index < count else { return }
        criba_prefetch(rawRecords[index])
    }

    /// Starts loading the encoded data (alleles, INFO) of record `index` into the CPU cache,
    /// and returns its contig index and 1-based position (nil past the end). Reads the fixed
    /// fields: call `prefetchRecord` for it some records earlier.
    @inline(__always)
    public func prefetchRecordData(_ index: Int) -> (contigIndex: Int, position: Int)? {
        guard index < count else { return nil }
        let record = rawRecords[index]
        if let shared = record.pointee.shared.s { criba_prefetch(shared) }
        return (Int(record.pointee.rid), Int(record.pointee.pos) + 1)
    }

    /// Keeps the record last returned by `nextSlot()`.
    func commitSlot() { count += 1 }
}

/// Raw VCF text lines read by one reader and parsed later by a worker.
final class LineBatch: @unchecked Sendable {
    var bytes: [CChar] = []
    var starts: [Int] = []
    var lengths: [Int] = []
    var firstLine = 1
    /// The header state the lines were read against.
    var header: HeaderHandle?

    var count: Int { starts.count }

    func clear(firstLine: Int) {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        self.firstLine = firstLine
    }

    func append(_ text: UnsafePointer<CChar>, length: Int) {
        starts.append(bytes.count)
        lengths.append(length)
        bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
        bytes.append(0)
    }

    func appendEmpty() {
        starts.append(bytes.count)
        lengths.append(0)
        bytes.append(0)
    }
}
