import VariantIO

/// A slice of one contig processed as a unit: the records whose POS lies in
/// `start...end` (1-based, inclusive).
public struct GenomicShard: Sendable, Hashable {
    /// Contig name.
    public var contig: String
    /// First position, 1-based.
    public var start: Int
    /// Last position, 1-based inclusive (`Int.max` for the open end of a contig).
    public var end: Int

    /// Creates a shard.
    public init(contig: String, start: Int, end: Int) { self.contig = contig; self.start = start; self.end = end }
}

/// Splits the contigs of an indexed file into shards of about `size` bases, in file
/// order. Records beyond a contig's declared length still fall in its last shard.
///
/// ```swift
/// ShardPlanner(size: 20_000_000).shards(for: [IndexedContig(name: "chr1", length: 248_956_422, recordCount: 1)])
/// // 13 shards: chr1:1-20000000, …, chr1:240000001-
/// ```
public struct ShardPlanner: Sendable {
    /// Target shard length in bases.
    public var size: Int

    /// A planner with shards of `size` bases (20 Mb by default: small enough to keep
    /// two workers busy to the end, large enough that index seeks are negligible).
    public init(size: Int = 20_000_000) { self.size = max(1, size) }

    /// The shards covering every contig that holds records.
    public func shards(for contigs: [IndexedContig]) -> [GenomicShard] {
        var shards: [GenomicShard] = []
        for contig in contigs {
            guard let length = contig.length, length > size else {
                shards.append(GenomicShard(contig: contig.name, start: 1, end: Int.max))
                continue
            }
            var start = 1
            while start + size <= length {
                shards.append(GenomicShard(contig: contig.name, start: start, end: start + size - 1))
                start += size
            }
            shards.append(GenomicShard(contig: contig.name, start: start, end: Int.max))
        }
        return shards
    }
}
