import Foundation

/// SHA-256 (FIPS 180-4), streamed: reports state each data source's SHA-256. Written here
/// because Foundation on Linux has no digest API and htslib offers only MD5.
public struct SHA256Digest {
    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0
    private var schedule = [UInt32](repeating: 0, count: 64)

    /// A fresh digest.
    public init() { pending.reserveCapacity(64) }

    /// Adds bytes.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in update(UnsafeRawBufferPointer(buffer)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Adds the bytes of a buffer: whole 64-byte blocks are compressed in place, with no copy.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var index = 0
        if !pending.isEmpty {
            while pending.count < 64 && index < bytes.count {
                pending.append(start[index])
                index += 1
            }
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBufferPointer { compress($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - index >= 64 {
            compress(start + index)
            index += 64
        }
        while index < bytes.count {
            pending.append(start[index])
            index += 1
        }
    }

    /// The digest as lowercase hex (the digest is finished; do not update it again).
    public mutating func finalize() -> String {
        let bits = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        var offset = 0
        tail.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                compress(buffer.baseAddress! + offset)
                offset += 64
            }
        }
        return state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// Compresses the 64-byte block at `block` into the state.
    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        schedule.withUnsafeMutableBufferPointer { schedule in
            for word in 0..<16 {
                let at = word * 4
                schedule[word] = UInt32(block[at]) << 24 | UInt32(block[at + 1]) << 16 | UInt32(block[at + 2]) << 8 | UInt32(block[at + 3])
            }
            for word in 16..<64 {
                let a = schedule[word - 15], b = schedule[word - 2]
                let small0 = a.rotatedRight(7) ^ a.rotatedRight(18) ^ (a >> 3)
                let small1 = b.rotatedRight(17) ^ b.rotatedRight(19) ^ (b >> 10)
                schedule[word] = schedule[word - 16] &+ small0 &+ schedule[word - 7] &+ small1
            }
            state.withUnsafeMutableBufferPointer { state in
                SHA256Digest.roundConstants.withUnsafeBufferPointer { constants in
                    var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
                    for round in 0..<64 {
                        let big1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                        let choose = (e & f) ^ (~e & g)
                        let first = h &+ big1 &+ choose &+ constants[round] &+ schedule[round]
                        let big0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let second = big0 &+ majority
                        h = g; g = f; f = e; e = d &+ first; d = c; c = b; b = a; a = first &+ second
                    }
                    state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
                    state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
                }
            }
        }
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}

extension FileChecksum {
    /// The SHA-256 of a file, as lowercase hex.
    public static func sha256(path: String) throws(VariantIOError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VariantIOError(.cannotOpen, path: path, "cannot open to compute its checksum")
        }
        defer { try? handle.close() }
        var digest = SHA256Digest()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            digest.update(chunk)
        }
        return digest.finalize()
    }

    /// The SHA-256 of a string's UTF-8 bytes, as lowercase hex.
    public static func sha256(text: String) -> String {
        var digest = SHA256Digest()
        digest.update(Array(text.utf8))
        return digest.finalize()
    }
}
