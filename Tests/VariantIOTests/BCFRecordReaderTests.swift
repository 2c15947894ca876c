import CHTSlib
import Foundation
import Testing
@testable import VariantIO

/// `criba_bcf_read_record` (the shim's BCF record reader with its inlined check) against
/// htslib's own `bcf_read` as the oracle: on a real file and on seeded corruptions of it,
/// both must read the same records and reject the same ones. A record Criba accepts is
/// also unpacked whole and formatted as VCF text, which touches every value it holds.
struct BCFRecordReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What one read returned.
    enum Outcome: Equatable {
        /// A record: its fixed fields and both blocks.
        case record([Int64], [UInt8], [UInt8])
        /// The end of the file.
        case end
        /// A truncated or structurally corrupt record.
        case corrupt
        /// A readable record whose content htslib flags (BCF_ERR_* bits).
        case malformed(Int32)
        /// The header did not parse.
        case noHeader
    }

    /// The decompressed bytes of a BGZF BCF file.
    static func rawBCF(_ path: String) throws -> [UInt8] {
        guard let file = bgzf_open(path, "r") else { throw CocoaError(.fileReadUnknown) }
        defer { bgzf_close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { bgzf_read(file, $0.baseAddress, 65_536) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    /// Reads every record of the file at `path` with htslib's reader or Criba's.
    static func outcomes(_ path: String, criba: Bool) -> [Outcome] {
        guard let file = hts_open(path, "r") else { return [.noHeader] }
        defer { hts_close(file) }
        guard let header = bcf_hdr_read(file) else { return [.noHeader] }
        defer { bcf_hdr_destroy(header) }
        let record = bcf_init()!
        defer { bcf_destroy(record) }
        var result: [Outcome] = []
        var text = kstring_t(l: 0, m: 0, s: nil)
        defer { free(text.s) }
        while result.count < 10_000 {
            var status = criba ? criba_bcf_read_record(file, header, record) : bcf_read(file, header, record)
            if !criba && status == -2 && record.pointee.errcode != 0 { status = -3 }
            switch status {
            case 0:
                let v = record.pointee
                let fixed: [Int64] = [Int64(v.rid), v.pos, v.rlen, Int64(v.qual.bitPattern), Int64(criba_rec_ninfo(record)),
                                      Int64(criba_rec_nallele(record)), Int64(criba_rec_nsample(record)), Int64(criba_rec_nfmt(record))]
                let shared = Array(UnsafeRawBufferPointer(start: v.shared.s, count: Int(v.shared.l)))
                let indiv = Array(UnsafeRawBufferPointer(start: v.indiv.s, count: Int(v.indiv.l)))
                result.append(.record(fixed, shared, indiv))
                if criba {
                    // Everything the record holds must decode without a fault.
                    bcf_unpack(record, criba_unpack_all())
                    text.l = 0
                    _ = vcf_format(header, record, &text)
                }
            case -1: result.append(.end); return result
            case -3: result.append(.malformed(record.pointee.errcode)); return result
            default: result.append(.corrupt); return result
            }
        }
        return result
    }

    @Test func readsARealFileAsHTSlibDoes() throws {
        HTSLibrary.configure()
        let path = Self.root.appendingPathComponent("testdata/vcf/ashk-trio.bcf").path
        let criba = Self.outcomes(path, criba: true), htslib = Self.outcomes(path, criba: false)
        #expect(criba.count > 1_000)
        #expect(criba.last == .end)
        #expect(criba == htslib)
    }

    @Test func rejectsCorruptRecordsAsHTSlibDoes() throws {
        HTSLibrary.configure()  // htslib's log lines off
        let raw = try Self.rawBCF(Self.root.appendingPathComponent("testdata/vcf/ashk-trio.bcf").path)
        // Magic (5 bytes), header length (4), header text: records start after it.
        let headerLength = Int(raw[5]) | Int(raw[6]) << 8 | Int(raw[7]) << 16 | Int(raw[8]) << 24
        let recordsStart = 9 + headerLength
        // The first 300 records keep each corrupted file small.
        let sample = Array(raw.prefix(recordsStart + 40_000))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("criba-bcf-reader-\(getpid()).bcf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var state: UInt64 = 0x5EED_BCF2
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var corrupt = 0, malformed = 0, stricter = 0
        for _ in 0..<1_500 {
            var bytes = sample
            for _ in 0...next(3) {
                let position = recordsStart + next(bytes.count - recordsStart)
                switch next(4) {
                case 0: bytes[position] ^= UInt8(1 << next(8))
                case 1: bytes[position] = UInt8(next(256))
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + 1 + next(16)))
                default: bytes[position] = [0x00, 0x0F, 0x17, 0x7F, 0x80, 0xF1, 0xFF][next(7)]
                }
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let criba = Self.outcomes(path, criba: true), htslib = Self.outcomes(path, criba: false)
            if criba.last == .corrupt { corrupt += 1 }
            if case .malformed = criba.last { malformed += 1 }
            if criba == htslib { continue }
            // The one allowed difference: Criba also flags a record without REF, or a null-typed
            // field that carries values (checks newer htslib releases make); htslib 1.16 reads it.
            let shared = min(criba.count, htslib.count) - 1
            #expect(Array(criba[..<shared]) == Array(htslib[..<shared]))
            guard case .malformed(let code) = criba[shared], case .record = htslib[shared] else {
                Issue.record("record \(shared): criba \(criba[shared]), htslib \(htslib[shared])")
                continue
            }
            #expect(code & (BCF_ERR_TAG_UNDEF | BCF_ERR_TAG_INVALID) != 0)
            stricter += 1
        }
        print("BCF reader vs bcf_read: 1,500 corrupted files, \(corrupt) corrupt, \(malformed) malformed, \(stricter) flagged only by Criba")
        #expect(corrupt + malformed > 500)
    }
}
