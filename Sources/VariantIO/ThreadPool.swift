import CHTSlib

/// An htslib thread pool (`hts_tpool`) shared by readers and writers for BGZF
/// (de)compression. Attach it with `VariantReader(path:threadPool:)` or
/// `VariantWriter(…, threadPool:)`; it must outlive them.
public final class ThreadPool: @unchecked Sendable {
    let pool: UnsafeMutablePointer<htsThreadPool>
    /// Number of threads.
    public let threads: Int

    /// Starts `threads` threads (`hts_tpool_init`); nil when `threads < 1`.
    public init?(threads: Int) {
        guard threads >= 1, let created = hts_tpool_init(Int32(threads)) else { return nil }
        pool = UnsafeMutablePointer<htsThreadPool>.allocate(capacity: 1)
        pool.initialize(to: htsThreadPool(pool: created, qsize: 0))
        self.threads = threads
    }

    deinit {
        hts_tpool_destroy(pool.pointee.pool)
        pool.deallocate()
    }
}
