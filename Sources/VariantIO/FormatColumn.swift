import CHTSlib
import VariantModel

/// One FORMAT field of one record across all samples, located once per record so
/// that reading a sample's value costs a load, not a lookup. Valid until the record
/// is read into again.
///
/// ```swift
/// if let depth = record.formatColumn(depthTag) {
///     for sample in 0..<record.sampleCount { total += Int(depth.firstInteger(sample: sample) ?? 0) }
/// }
/// ```
public struct FormatColumn {
    let field: UnsafeMutablePointer<bcf_fmt_t>

    /// Values per sample (the field's Number as stored).
    public var valuesPerSample: Int { Int(field.pointee.n) }

    /// The first integer value of `sample`, or nil when missing.
    @inline(__always)
    public func firstInteger(sample: Int) -> Int32? {
        guard let data = field.pointee.p else { return nil }
        let raw = UnsafeRawPointer(data + sample * Int(field.pointee.size))
        switch Int32(field.pointee.type) {
        case BCF_BT_INT8:
            let value = Int32(raw.load(as: Int8.self))
            return value == criba_int8_missing() || value == criba_int8_vector_end() ? nil : value
        case BCF_BT_INT16:
            let value = Int32(raw.loadUnaligned(as: Int16.self))
            return value == criba_int16_missing() || value == criba_int16_vector_end() ? nil : value
        case BCF_BT_INT32:
            let value = raw.loadUnaligned(as: Int32.self)
            return value == criba_int32_missing() || value == criba_int32_vector_end() ? nil : value
        default:
            return nil
        }
    }

    /// The sum of the non-missing integer values of `sample`, or nil when all are
    /// missing. Reads in place: no array per call.
    public func integerSum(sample: Int) -> Int? {
        guard let data = field.pointee.p else { return nil }
        let raw = UnsafeRawPointer(data + sample * Int(field.pointee.size))
        var sum = 0, seen = false
        for index in 0..<Int(field.pointee.n) {
            let value: Int32, missing: Int32, end: Int32
            switch Int32(field.pointee.type) {
            case BCF_BT_INT8:
                value = Int32(raw.load(fromByteOffset: index, as: Int8.self)); missing = criba_int8_missing(); end = criba_int8_vector_end()
            case BCF_BT_INT16:
                value = Int32(raw.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)); missing = criba_int16_missing(); end = criba_int16_vector_end()
            case BCF_BT_INT32:
                value = raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self); missing = criba_int32_missing(); end = criba_int32_vector_end()
            default:
                return nil
            }
            if value == end { break }
            if value != missing { sum += Int(value); seen = true }
        }
        return seen ? sum : nil
    }

    /// The genotype class of `sample` (`bcf_gt_type`), for a GT column. A GT stored
    /// with a non-integer type (only a malformed BCF has one) reads as missing: htslib
    /// would `exit(1)` on it.
    @inline(__always)
    public func genotypeCall(sample: Int) -> GenotypeCall {
        let type = Int32(field.pointee.type)
        guard type == BCF_BT_INT8 || type == BCF_BT_INT16 || type == BCF_BT_INT32 else {
            return GenotypeCall(genotypeClass: .missing)
        }
        var first: Int32 = 0, second: Int32 = 0
        let genotypeType = bcf_gt_type(field, Int32(sample), &first, &second)
        return GenotypeCall(genotypeClass: GenotypeClass.fromHTSlib(genotypeType), firstAlternate: first, secondAlternate: second)
    }
}

extension VariantRecord {
    /// The FORMAT column for `tag`, or nil when this record lacks it (`bcf_get_fmt_id`).
    public func formatColumn(_ tag: TagKey) -> FormatColumn? { formatColumn(tag.index) }
}
