import CHTSlib

/// Changes to a record made by annotating and normalising commands. Every change is
/// made against the header the record will be written with (`header` must declare
/// the tags used).
extension VariantRecord {
    /// Sets a String INFO value (replacing any), e.g. `CSQ`.
    public func setInfo(_ tag: String, string value: String, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_INFO)
        let status = value.withCString { text in
            bcf_update_info(header.handle.pointer, pointer, tag, text, 1, BCF_HT_STR)
        }
        guard status == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set INFO/\(tag) (is it declared in the output header?)")
        }
    }

    /// htslib's missing Integer value, for `setInfo(_:integers:header:)`.
    public static let missingInteger: Int32 = criba_int32_missing()

    /// htslib's missing Float value (a NaN bit pattern), for `setInfo(_:floats:header:)`.
    public static let missingFloat: Float = {
        var value = Float(0)
        criba_float_set_missing(&value)
        return value
    }()

    /// Sets an Integer INFO vector (`missingInteger` writes `.`).
    public func setInfo(_ tag: String, integers values: UnsafeBufferPointer<Int32>, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard bcf_update_info(header.handle.pointer, pointer, tag, values.baseAddress, Int32(values.count), BCF_HT_INT) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set INFO/\(tag) (is it declared as Integer in the output header?)")
        }
    }

    /// Sets a Float INFO vector (`missingFloat` writes `.`).
    public func setInfo(_ tag: String, floats values: UnsafeBufferPointer<Float>, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard bcf_update_info(header.handle.pointer, pointer, tag, values.baseAddress, Int32(values.count), BCF_HT_REAL) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set INFO/\(tag) (is it declared as Float in the output header?)")
        }
    }

    /// Sets a String INFO value from NUL-terminated bytes (no `String` per record).
    public func setInfo(_ tag: String, text: UnsafePointer<CChar>, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard bcf_update_info(header.handle.pointer, pointer, tag, text, 1, BCF_HT_STR) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set INFO/\(tag) (is it declared in the output header?)")
        }
    }

    /// Re-encodes edited INFO/FORMAT values into the record's BCF buffers now, on the
    /// calling (worker) thread, instead of inside the writer, which runs on one thread:
    /// `bcf_copy` syncs its source first; `scratch` receives the (unused) copy.
    public func synchronize(using scratch: VariantRecord) throws(VariantIOError) {
        guard criba_rec_is_dirty(pointer) != 0 else { return }
        guard bcf_copy(scratch.pointer, pointer) != nil else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "out of memory re-encoding the record")
        }
    }

    /// Adds INFO `tag` (absent from the record) with Integer values: appended to the
    /// encoded record when its INFO is untouched (no decoding, no re-encoding of the other
    /// fields), else through `bcf_update_info`.
    public func appendInfo(_ tag: TagIndex, name: String, integers values: UnsafeBufferPointer<Int32>, header: VariantHeader) throws(VariantIOError) {
        let status = criba_append_info(pointer, tag.id, BCF_HT_INT, values.baseAddress, Int32(values.count))
        if status == 1 { try setInfo(name, integers: values, header: header) } else if status < 0 { throw appendFailure(name) }
    }

    /// Adds INFO `tag` with Float values (see `appendInfo(_:name:integers:header:)`).
    public func appendInfo(_ tag: TagIndex, name: String, floats values: UnsafeBufferPointer<Float>, header: VariantHeader) throws(VariantIOError) {
        let status = criba_append_info(pointer, tag.id, BCF_HT_REAL, values.baseAddress, Int32(values.count))
        if status == 1 { try setInfo(name, floats: values, header: header) } else if status < 0 { throw appendFailure(name) }
    }

    /// Adds INFO `tag` with a String value given as NUL-terminated bytes.
    public func appendInfo(_ tag: TagIndex, name: String, text: UnsafeBufferPointer<CChar>, header: VariantHeader) throws(VariantIOError) {
        let length = Int32(max(0, text.count - 1))
        let status = criba_append_info(pointer, tag.id, BCF_HT_STR, text.baseAddress, length)
        if status == 1 { try setInfo(name, text: text.baseAddress!, header: header) } else if status < 0 { throw appendFailure(name) }
    }

    /// Adds INFO flag `tag`.
    public func appendInfoFlag(_ tag: TagIndex, name: String, header: VariantHeader) throws(VariantIOError) {
        let status = criba_append_info(pointer, tag.id, BCF_HT_FLAG, nil, 0)
        if status == 1 { try setInfoFlag(name, header: header) } else if status < 0 { throw appendFailure(name) }
    }

    private func appendFailure(_ name: String) -> VariantIOError {
        VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "out of memory adding INFO/\(name)")
    }

    /// Sets an INFO flag.
    public func setInfoFlag(_ tag: String, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard bcf_update_info(header.handle.pointer, pointer, tag, "", 1, BCF_HT_FLAG) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set INFO/\(tag)")
        }
    }

    /// Removes an INFO field when present.
    public func removeInfo(_ tag: String, header: VariantHeader) {
        bcf_unpack(pointer, BCF_UN_INFO)
        _ = bcf_update_info(header.handle.pointer, pointer, tag, nil, 0, BCF_HT_STR)
    }

    /// Replaces POS (1-based) and the alleles (REF first).
    public func setPositionAndAlleles(position: Int, alleles: [String], header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, criba_unpack_all())
        pointer.pointee.pos = hts_pos_t(position - 1)
        let joined = alleles.joined(separator: ",")
        guard bcf_update_alleles_str(header.handle.pointer, pointer, joined) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot set the alleles \(joined)")
        }
    }

    /// A copy of this record in `copy` that keeps only ALT allele `alternate` (1-based),
    /// as `bcftools norm -m-` writes it: Number=A/R/G INFO and FORMAT values subset
    /// (`bcf_remove_allele_set`), and genotypes recoded so that `alternate` becomes 1 and
    /// every other ALT becomes 0 (or missing when `otherAllelesMissing`), phase kept.
    public func keepingOnlyAllele(_ alternate: Int, header: VariantHeader, into copy: VariantRecord,
                                  otherAllelesMissing: Bool = false) throws(VariantIOError) {
        bcf_unpack(pointer, criba_unpack_all())
        guard bcf_copy(copy.pointer, pointer) != nil else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "out of memory copying the record")
        }
        copy.header = self.header
        bcf_unpack(copy.pointer, criba_unpack_all())
        let count = alleleCount
        guard count > 2 else { return }
        guard let remove = kbs_init(count) else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "out of memory splitting the record")
        }
        defer { kbs_destroy(remove) }
        for allele in 1..<count where allele != alternate { kbs_insert(remove, Int32(allele)) }
        guard bcf_remove_allele_set(header.handle.pointer, copy.pointer, remove) == 0 else {
            throw VariantIOError(.malformedRecord, path: "-", location: "\(contig):\(position)", "cannot split the multiallelic record (inconsistent Number=A/R/G values?)")
        }
        // Genotypes from the original record: `alternate` → 1, REF → 0, other ALTs → 0 or missing.
        var values: UnsafeMutableRawPointer? = nil
        var capacity: Int32 = 0
        let found = bcf_get_format_values(header.handle.pointer, pointer, "GT", &values, &capacity, BCF_HT_INT)
        defer { free(values) }
        guard found > 0, let codes = values?.assumingMemoryBound(to: Int32.self) else { return }
        let vectorEnd = criba_int32_vector_end()
        for index in 0..<Int(found) {
            let code = codes[index]
            guard code != vectorEnd, code >> 1 != 0 else { continue }   // vector end, or missing allele
            let allele = Int(code >> 1) - 1
            let phased = code & 1
            let recoded: Int32
            if allele == alternate { recoded = 2 << 1 } else if allele == 0 || !otherAllelesMissing { recoded = 1 << 1 } else { recoded = 0 }
            codes[index] = recoded | phased
        }
        guard bcf_update_format(header.handle.pointer, copy.pointer, "GT", codes, found, BCF_HT_INT) == 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot write the split genotypes")
        }
    }
}

extension VariantRecord {
    /// Copies this record, with its header, into `copy` (`bcf_copy`).
    public func copy(into copy: VariantRecord) throws(VariantIOError) {
        guard bcf_copy(copy.pointer, pointer) != nil else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "out of memory copying the record")
        }
        copy.header = header
    }
}
