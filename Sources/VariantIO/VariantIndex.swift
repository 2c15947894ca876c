import CHTSlib
import Foundation

/// A contig as the index sees it: name, length from the header, record count from
/// the index, in the order the contig's records appear in the file.
public struct IndexedContig: Sendable, Hashable {
    /// Contig name.
    public var name: String
    /// Declared length, when the header gives one.
    public var length: Int?
    /// Records on the contig according to the index (nil when the index keeps no count).
    public var recordCount: Int?

    /// Creates a description.
    public init(name: String, length: Int?, recordCount: Int?) {
        self.name = name; self.length = length; self.recordCount = recordCount
    }
}

/// Owns a loaded `.csi`/`.tbi` index (`hts_idx_t`, or `tbx_t` for tabix).
final class IndexHandle: @unchecked Sendable {
    let index: OpaquePointer?
    let tabix: UnsafeMutablePointer<tbx_t>?

    init(index: OpaquePointer) { self.index = index; self.tabix = nil }
    init(tabix: UnsafeMutablePointer<tbx_t>) { self.index = nil; self.tabix = tabix }

    deinit {
        if let tabix { tbx_destroy(tabix) }
        if let index { hts_idx_destroy(index) }
    }

    var rawIndex: OpaquePointer { tabix.map { $0.pointee.idx } ?? index! }

    /// Loads the index of `path`, checking it exists and is not older than the data.
    static func load(path: String, format: VariantFileFormat) throws(VariantIOError) -> IndexHandle {
        switch format {
        case .vcf:
            throw VariantIOError(.notBGZF, path: path, "is uncompressed VCF and cannot be indexed: compress it with `bgzip` and index it with `tabix -p vcf` to query regions")
        case .vcfGzip:
            throw VariantIOError(.notBGZF, path: path, "is compressed with plain gzip, not BGZF: recompress it with `bgzip` and index it with `tabix -p vcf` to query regions")
        case .bcfUncompressed:
            throw VariantIOError(.notBGZF, path: path, "is uncompressed BCF and cannot be indexed: convert it with `criba view -Ob`")
        case .bcf, .vcfBGZF:
            break
        }
        guard path != "-" else {
            throw VariantIOError(.missingIndex, path: path, "standard input has no index; region queries need a file with a .csi or .tbi index")
        }
        let candidates = format == .bcf ? [path + ".csi"] : [path + ".tbi", path + ".csi"]
        guard let indexPath = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let command = format == .bcf ? "bcftools index" : "tabix -p vcf"
            throw VariantIOError(.missingIndex, path: path, "no index found (looked for \(candidates.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))); create one with `\(command)` or `criba view --write-index`")
        }
        try checkFreshness(data: path, index: indexPath)
        if format == .bcf {
            guard let index = bcf_index_load3(path, indexPath, HTS_IDX_SILENT_FAIL) else {
                throw VariantIOError(.missingIndex, path: indexPath, "cannot read the index (corrupt or not a CSI index)")
            }
            return IndexHandle(index: index)
        }
        guard let tabix = tbx_index_load3(path, indexPath, HTS_IDX_SILENT_FAIL) else {
            throw VariantIOError(.missingIndex, path: indexPath, "cannot read the index (corrupt or not a tabix/CSI index)")
        }
        return IndexHandle(tabix: tabix)
    }

    private static func checkFreshness(data: String, index: String) throws(VariantIOError) {
        var dataStat = stat(), indexStat = stat()
        guard stat(data, &dataStat) == 0, stat(index, &indexStat) == 0 else { return }
        if indexStat.st_mtim.tv_sec < dataStat.st_mtim.tv_sec {
            throw VariantIOError(.staleIndex, path: index, "the index is older than \((data as NSString).lastPathComponent): the data changed after indexing; rebuild the index")
        }
    }

    /// The index's internal id for a contig name (tabix keeps its own list).
    func contigID(_ name: String, header: HeaderHandle) -> Int32? {
        if let tabix {
            let id = tbx_name2id(tabix, name)
            return id >= 0 ? id : nil
        }
        return header.contigID(name)
    }

    /// The contigs that hold records, in the order their first records appear in the file.
    func contigs(header: HeaderHandle) -> [IndexedContig] {
        var count: Int32 = 0
        let names: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        if let tabix {
            names = tbx_seqnames(tabix, &count)
        } else {
            names = hts_idx_seqnames(rawIndex, &count, { header, id in
                criba_hdr_contig_name(header!.assumingMemoryBound(to: bcf_hdr_t.self), id)
            }, UnsafeMutableRawPointer(header.pointer))
        }
        guard let names else { return [] }
        defer { free(names) }
        var found: [(offset: UInt64, contig: IndexedContig)] = []
        for position in 0..<Int(count) {
            guard let cName = names[position] else { continue }
            let name = String(cString: cName)
            guard let id = contigID(name, header: header) else { continue }
            var mapped: UInt64 = 0, unmapped: UInt64 = 0
            let hasCount = hts_idx_get_stat(rawIndex, id, &mapped, &unmapped) == 0
            if hasCount && mapped == 0 { continue }
            let headerID = header.contigID(name)
            let declaredLength = headerID.map { Int(criba_hdr_contig_length(header.pointer, $0)) } ?? 0
            // Tabix lists contigs in the order they appear in the file. A CSI index on
            // BCF lists them in header order, so order those by their first chunk's
            // file offset, from a query bounded by the contig length (a query up to
            // HTS_POS_MAX walks every possible bin and is slow).
            var offset = UInt64(position)
            if tabix == nil {
                let end = hts_pos_t(declaredLength > 0 ? declaredLength : 1 << 31)
                guard let iterator = hts_itr_query(rawIndex, id, 0, end, nil) else { continue }
                offset = iterator.pointee.n_off > 0 ? iterator.pointee.off[0].u : UInt64.max
                hts_itr_destroy(iterator)
                if !hasCount && offset == UInt64.max { continue }
            }
            found.append((offset, IndexedContig(name: name, length: declaredLength > 0 ? declaredLength : nil, recordCount: hasCount ? Int(mapped) : nil)))
        }
        return found.sorted { $0.offset < $1.offset }.map(\.contig)
    }

}
