import CHTSlib

/// Owns one htslib `bcf_hdr_t` and frees it in `deinit`. Never leaves VariantIO.
final class HeaderHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<bcf_hdr_t>

    init(owning pointer: UnsafeMutablePointer<bcf_hdr_t>) { self.pointer = pointer }

    deinit { bcf_hdr_destroy(pointer) }

    /// An independent copy (`bcf_hdr_dup`): each worker parses against its own,
    /// because `vcf_parse` uses the header's scratch memory.
    func duplicate() throws(VariantIOError) -> HeaderHandle {
        guard let copy = bcf_hdr_dup(pointer) else {
            throw VariantIOError(.readFailed, path: "-", "out of memory copying the VCF header")
        }
        return HeaderHandle(owning: copy)
    }

    /// `bcf_hdr_name2id` for contigs, or nil.
    func contigID(_ name: String) -> Int32? {
        let id = bcf_hdr_name2id(pointer, name)
        return id >= 0 ? id : nil
    }

    /// The dictionary id of an INFO/FORMAT/FILTER tag, or nil.
    func tagID(_ name: String, kind: Int32) -> Int32? {
        let id = bcf_hdr_id2int(pointer, BCF_DT_ID, name)
        guard id >= 0, criba_hdr_idinfo_exists(pointer, kind, id) != 0 else { return nil }
        return id
    }

    /// Adds one `##` line (e.g. a contig) and re-synchronises the dictionaries.
    func append(line: String) throws(VariantIOError) {
        guard bcf_hdr_append(pointer, line) == 0, bcf_hdr_sync(pointer) == 0 else {
            throw VariantIOError(.malformedHeader, path: "-", "cannot add header line '\(line)'")
        }
    }

    /// The whole header as VCF text.
    func text() -> String {
        var buffer = kstring_t(l: 0, m: 0, s: nil)
        defer { free(buffer.s) }
        guard bcf_hdr_format(pointer, 0, &buffer) == 0, let bytes = buffer.s else { return "" }
        return String(cString: bytes)
    }
}
