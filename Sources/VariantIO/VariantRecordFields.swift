import CHTSlib

/// A FILTER name resolved against a header once (`bcf_hdr_id2int`), so that testing
/// a record for it is an integer comparison.
public struct FilterKey: Sendable, Hashable {
    /// htslib's dictionary id, or -1 when the header does not declare the filter.
    let id: Int32
    /// The filter name, e.g. `PASS`.
    public let name: String
    /// True when the header declares the filter.
    public var isDeclared: Bool { id >= 0 }
}

/// A `TagKey` without its name: trivially copyable (no reference counting), for
/// compiled programs that evaluate millions of records.
public struct TagIndex: Sendable, Hashable {
    let id: Int32
    /// A tag that no record carries.
    public static let undeclared = TagIndex(id: -1)
}

extension TagKey {
    /// The key without its name.
    public var index: TagIndex { TagIndex(id: id) }
}

extension VariantHeader {
    /// Resolves a FILTER name once; an undeclared name gives a key no record carries.
    public func filterKey(_ name: String) -> FilterKey {
        let id = bcf_hdr_id2int(handle.pointer, BCF_DT_ID, name)
        guard id >= 0, criba_hdr_idinfo_exists(handle.pointer, BCF_HL_FLT, id) != 0 else { return FilterKey(id: -1, name: name) }
        return FilterKey(id: id, name: name)
    }
}

/// Field access for expression evaluators: values are read in place from the
/// record's buffers, without `String` or `Array` allocations. Byte buffers handed
/// out are valid until the record is modified or read into again.
extension VariantRecord {
    /// The number of FILTER entries (0 for `.`).
    public var filterCount: Int {
        bcf_unpack(pointer, BCF_UN_FLT)
        return Int(pointer.pointee.d.n_flt)
    }

    /// Adds `key` to FILTER, replacing `PASS` (`bcf_add_filter`). The key must come
    /// from the header the record will be written with.
    public func addFilter(_ key: FilterKey, header: VariantHeader) throws(VariantIOError) {
        bcf_unpack(pointer, BCF_UN_FLT)
        guard key.id >= 0, bcf_add_filter(header.handle.pointer, pointer, key.id) >= 0 else {
            throw VariantIOError(.writeFailed, path: "-", location: "\(contig):\(position)", "cannot add FILTER \(key.name) (is it declared in the output header?)")
        }
    }

    /// The bytes of FILTER entry `index` (0..<filterCount).
    public func filterName(at index: Int) -> UnsafeBufferPointer<UInt8> {
        bcf_unpack(pointer, BCF_UN_FLT)
        guard let header, index < Int(pointer.pointee.d.n_flt) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return VariantRecord.bytes(criba_hdr_id_key(header.pointer, pointer.pointee.d.flt[index]))
    }

    /// The bytes of allele `index` (0 = REF).
    public func alleleBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        var length: Int32 = 0
        guard let start = criba_rec_allele_span(pointer, Int32(index), &length) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: Int(length))
    }

    /// The bytes of the contig name.
    public var contigBytes: UnsafeBufferPointer<UInt8> {
        guard let header else { return UnsafeBufferPointer(start: nil, count: 0) }
        return VariantRecord.bytes(criba_hdr_contig_name(header.pointer, pointer.pointee.rid))
    }

    /// The bytes of the ID column (`.` when missing).
    public var identifierBytes: UnsafeBufferPointer<UInt8> {
        bcf_unpack(pointer, BCF_UN_STR)
        guard let id = pointer.pointee.d.id else { return UnsafeBufferPointer(start: nil, count: 0) }
        return VariantRecord.bytes(id)
    }

    /// The bytes of a String INFO value (without the padding NULs), or nil when absent.
    public func infoBytes(_ tag: TagIndex) -> UnsafeBufferPointer<UInt8>? {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr,
              Int32(info.pointee.type) == BCF_BT_CHAR else { return nil }
        let all = UnsafeBufferPointer(start: UnsafePointer(data), count: Int(info.pointee.len))
        let used = all.firstIndex(of: 0) ?? all.count
        return UnsafeBufferPointer(rebasing: all[0..<used])
    }

    /// Value `index` of a numeric INFO field, or NaN when absent, missing or out of range.
    public func infoNumber(_ tag: TagIndex, index: Int = 0) -> Double {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr,
              index < Int(info.pointee.len) else { return .nan }
        return RecordValueDecoder.double(data: UnsafeRawPointer(data), type: Int32(info.pointee.type), index: index)
    }

    /// Writes up to `capacity` values of a numeric INFO field to `buffer` (missing as
    /// NaN, stopping at the vector end) and returns how many the field holds: call
    /// again with a larger buffer when that exceeds `capacity`. 0 when absent.
    public func infoNumbers(_ tag: TagIndex, into buffer: UnsafeMutablePointer<Double>, capacity: Int) -> Int {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr else { return 0 }
        let type = Int32(info.pointee.type)
        guard type == BCF_BT_INT8 || type == BCF_BT_INT16 || type == BCF_BT_INT32 || type == BCF_BT_FLOAT else { return 0 }
        let raw = UnsafeRawPointer(data)
        var count = 0
        for index in 0..<Int(info.pointee.len) {
            if RecordValueDecoder.isVectorEnd(data: raw, type: type, index: index) { break }
            if count < capacity { buffer[count] = RecordValueDecoder.double(data: raw, type: type, index: index) }
            count += 1
        }
        return count
    }

    /// True when the INFO tag is present (for flags: set).
    public func hasInfo(_ tag: TagIndex) -> Bool {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id) else { return false }
        return info.pointee.vptr != nil || info.pointee.len == 0
    }

    /// The FORMAT column for `tag`, or nil when this record lacks it.
    public func formatColumn(_ tag: TagIndex) -> FormatColumn? {
        guard tag.id >= 0 else { return nil }
        bcf_unpack(pointer, BCF_UN_FMT)
        guard let field = bcf_get_fmt_id(pointer, tag.id), field.pointee.p != nil else { return nil }
        return FormatColumn(field: field)
    }

    static func bytes(_ text: UnsafePointer<CChar>?) -> UnsafeBufferPointer<UInt8> {
        guard let text else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }
}

extension FormatColumn {
    /// Value `index` of `sample` as a number, or NaN when missing, past the vector
    /// end, or not numeric.
    @inline(__always)
    public func number(sample: Int, index: Int = 0) -> Double {
        guard let data = field.pointee.p, index < Int(field.pointee.n) else { return .nan }
        return RecordValueDecoder.double(data: UnsafeRawPointer(data + sample * Int(field.pointee.size)),
                                         type: Int32(field.pointee.type), index: index)
    }

    /// The bytes of a String FORMAT value of `sample` (without padding NULs).
    public func bytes(sample: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let data = field.pointee.p, Int32(field.pointee.type) == BCF_BT_CHAR else { return nil }
        let all = UnsafeBufferPointer(start: UnsafePointer(data + sample * Int(field.pointee.size)), count: Int(field.pointee.size))
        let used = all.firstIndex(of: 0) ?? all.count
        return UnsafeBufferPointer(rebasing: all[0..<used])
    }

    /// True when the genotype of `sample` is phased (every allele after the first
    /// carries the phase bit; haploid calls count as phased, as in VCF).
    public func isPhased(sample: Int) -> Bool {
        var codes: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        let seen = withUnsafeMutableBytes(of: &codes) { raw in
            Int(criba_gt_codes(field, Int32(sample), raw.baseAddress!.assumingMemoryBound(to: Int32.self), 4))
        }
        guard seen > 0 else { return false }
        if seen == 1 { return true }
        return withUnsafeBytes(of: &codes) { raw in
            let values = raw.bindMemory(to: Int32.self)
            for slot in 1..<seen where values[slot] & 1 == 0 { return false }
            return true
        }
    }
}

extension RecordValueDecoder {
    /// Value `index` of a typed vector as a Double (NaN for missing or vector end).
    @inline(__always)
    static func double(data: UnsafeRawPointer, type: Int32, index: Int) -> Double {
        switch type {
        case BCF_BT_INT8:
            let value = Int32(data.load(fromByteOffset: index, as: Int8.self))
            return value == criba_int8_missing() || value == criba_int8_vector_end() ? .nan : Double(value)
        case BCF_BT_INT16:
            let value = Int32(data.loadUnaligned(fromByteOffset: index * 2, as: Int16.self))
            return value == criba_int16_missing() || value == criba_int16_vector_end() ? .nan : Double(value)
        case BCF_BT_INT32:
            let value = data.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)
            return value == criba_int32_missing() || value == criba_int32_vector_end() ? .nan : Double(value)
        case BCF_BT_FLOAT:
            let value = data.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
            return bcf_float_is_missing(value) != 0 || bcf_float_is_vector_end(value) != 0 ? .nan : Double(value)
        default:
            return .nan
        }
    }

    @inline(__always)
    static func isVectorEnd(data: UnsafeRawPointer, type: Int32, index: Int) -> Bool {
        switch type {
        case BCF_BT_INT8: return Int32(data.load(fromByteOffset: index, as: Int8.self)) == criba_int8_vector_end()
        case BCF_BT_INT16: return Int32(data.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)) == criba_int16_vector_end()
        case BCF_BT_INT32: return data.loadUnaligned(fromByteOffset: index * 4, as: Int32.self) == criba_int32_vector_end()
        case BCF_BT_FLOAT: return bcf_float_is_vector_end(data.loadUnaligned(fromByteOffset: index * 4, as: Float.self)) != 0
        default: return true
        }
    }
}
