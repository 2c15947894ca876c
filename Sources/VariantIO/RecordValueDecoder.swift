import CHTSlib

/// Decodes BCF typed value vectors (int8/int16/int32/float) into Swift optionals,
/// stopping at the vector end and mapping the missing sentinel to nil. BCF buffers
/// are packed, so values are read with unaligned loads.
enum RecordValueDecoder {
    static func integers(data: UnsafeMutablePointer<UInt8>, type: Int32, count: Int, into values: inout [Int32?]) {
        let raw = UnsafeRawPointer(data)
        for index in 0..<count {
            let value: Int32
            let missing: Bool
            switch type {
            case BCF_BT_INT8:
                value = Int32(raw.loadUnaligned(fromByteOffset: index, as: Int8.self))
                if value == criba_int8_vector_end() { return }
                missing = value == criba_int8_missing()
            case BCF_BT_INT16:
                value = Int32(raw.loadUnaligned(fromByteOffset: index * 2, as: Int16.self))
                if value == criba_int16_vector_end() { return }
                missing = value == criba_int16_missing()
            case BCF_BT_INT32:
                value = raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)
                if value == criba_int32_vector_end() { return }
                missing = value == criba_int32_missing()
            case BCF_BT_FLOAT:
                let number = raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
                if bcf_float_is_vector_end(number) != 0 { return }
                missing = bcf_float_is_missing(number) != 0
                value = missing ? 0 : Int32(number)
            default:
                return
            }
            values.append(missing ? nil : value)
        }
    }

    static func floats(data: UnsafeMutablePointer<UInt8>, type: Int32, count: Int, into values: inout [Float?]) {
        guard type == BCF_BT_FLOAT else {
            var integers: [Int32?] = []
            integers.reserveCapacity(count)
            self.integers(data: data, type: type, count: count, into: &integers)
            for value in integers { values.append(value.map(Float.init)) }
            return
        }
        let raw = UnsafeRawPointer(data)
        for index in 0..<count {
            let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
            if bcf_float_is_vector_end(value) != 0 { return }
            values.append(bcf_float_is_missing(value) != 0 ? nil : value)
        }
    }
}
