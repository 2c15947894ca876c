import VariantIO

/// The INFO/CSQ value of the current record split into entries (`,`) and columns
/// (`|`), as byte ranges into the record's buffer: parsed once per record, on
/// first use, into storage reused from record to record.
final class CSQTable {
    private let tag: TagKey?
    private var loaded = false
    private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Start and end offsets of each column, entry after entry.
    private var bounds: [Int32] = []
    /// The first bound of each entry.
    private var entryStarts: [Int32] = []

    init(tag: TagKey?) { self.tag = tag }

    /// The number of entries of the loaded record (0 without CSQ).
    private(set) var entryCount = 0

    /// Forgets the previous record.
    func invalidate() { loaded = false }

    /// Splits the record's CSQ, unless already done for this record.
    func load(from record: VariantRecord) {
        guard !loaded else { return }
        loaded = true
        bounds.removeAll(keepingCapacity: true)
        entryStarts.removeAll(keepingCapacity: true)
        entryCount = 0
        guard let tag, let value = record.infoBytes(tag), !value.isEmpty else { return }
        bytes = value
        var start = 0
        entryStarts.append(0)
        for index in 0...value.count {
            let atEnd = index == value.count
            let byte = atEnd ? UInt8(ascii: ",") : value[index]
            guard byte == UInt8(ascii: "|") || byte == UInt8(ascii: ",") else { continue }
            bounds.append(Int32(start))
            bounds.append(Int32(index))
            start = index + 1
            if byte == UInt8(ascii: ",") {
                entryCount += 1
                if !atEnd { entryStarts.append(Int32(bounds.count / 2)) }
            }
        }
    }

    /// The bytes of `column` in `entry`, or nil when the entry is shorter.
    func value(entry: Int, column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard entry < entryCount else { return nil }
        let first = Int(entryStarts[entry])
        let last = entry + 1 < entryCount ? Int(entryStarts[entry + 1]) : bounds.count / 2
        let slot = first + column
        guard slot < last else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[Int(bounds[2 * slot])..<Int(bounds[2 * slot + 1])])
    }
}
