import CHTSlib
import Foundation

/// Rewrites a VCF text line to the fields of a `FieldSelection` before `vcf_parse`:
/// INFO becomes `.` (kept whole when it holds `END=`), FORMAT and every sample keep
/// only the selected keys in their original order. Columns, samples and genotypes are
/// unchanged, so htslib parses and classifies what remains exactly as before.
///
/// One projector per thread: it owns a reusable output buffer. The scans use libc's
/// `memchr` and `memcmp`, and per-line state lives in raw buffers, so a line
/// costs a few hundred instructions.
final class LineProjector {
    private let keepsInfo: Bool
    private let keepsAllFormat: Bool
    private let selectedTags: [[UInt8]]
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The last FORMAT column seen, and which of its keys are kept.
    private var cachedFormat: UnsafeMutablePointer<UInt8>
    private var cachedFormatLength = -1
    private var keptFields: UnsafeMutablePointer<Bool>
    private var keptFieldCount = 0
    private static let maximumFormatLength = 4096

    init?(_ selection: FieldSelection) {
        guard !selection.isAll else { return nil }
        keepsInfo = selection.info
        keepsAllFormat = selection.formatTags == nil
        selectedTags = (selection.formatTags ?? []).map { Array($0.utf8) }
        capacity = 4096
        buffer = .allocate(capacity: capacity)
        cachedFormat = .allocate(capacity: LineProjector.maximumFormatLength)
        keptFields = .allocate(capacity: LineProjector.maximumFormatLength)
    }

    deinit {
        buffer.deallocate()
        cachedFormat.deallocate()
        keptFields.deallocate()
    }

    /// The projection of `line` as a view of this projector's buffer (valid until the
    /// next call), or `line` itself when it has fewer than eight columns (htslib then
    /// reports the malformed line) or an unusually long FORMAT.
    func project(_ line: kstring_t) -> kstring_t {
        guard let text = line.s else { return line }
        let length = Int(line.l)
        // At most one added byte per column ('.' for an emptied field).
        if 2 * length + 16 > capacity { grow(to: 2 * length + 16) }
        let input = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        let end = input + length
        let output = buffer
        // INFO follows the seventh tab.
        var cursor = input
        for _ in 0..<7 {
            guard let tab = LineProjector.find(9, from: cursor, to: end) else { return line }
            cursor = tab + 1
        }
        let info = cursor
        let infoEnd = LineProjector.find(9, from: info, to: end) ?? end
        var written = info - input
        output.update(from: input, count: written)
        if keepsInfo || LineProjector.containsEnd(info, infoEnd) {
            (output + written).update(from: info, count: infoEnd - info)
            written += infoEnd - info
        } else {
            output[written] = UInt8(ascii: "."); written += 1
        }
        guard infoEnd < end else { return finish(written) }
        if keepsAllFormat {
            (output + written).update(from: infoEnd, count: end - infoEnd)
            return finish(written + (end - infoEnd))
        }
        let format = infoEnd + 1
        let formatEnd = LineProjector.find(9, from: format, to: end) ?? end
        guard updateKeptFields(format, formatEnd) else { return line }
        output[written] = 9; written += 1
        written = writeKept(format, formatEnd, output, written)
        cursor = formatEnd
        while cursor < end {
            let sample = cursor + 1
            let sampleEnd = LineProjector.find(9, from: sample, to: end) ?? end
            output[written] = 9; written += 1
            written = writeKept(sample, sampleEnd, output, written)
            cursor = sampleEnd
        }
        return finish(written)
    }

    @inline(__always)
    private static func find(_ byte: UInt8, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        guard start < end, let found = memchr(start, Int32(byte), end - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    }

    private func finish(_ written: Int) -> kstring_t {
        buffer[written] = 0
        return kstring_t(l: written, m: capacity, s: UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: CChar.self))
    }

    private func grow(to size: Int) {
        buffer.deallocate()
        capacity = max(size, capacity * 2)
        buffer = .allocate(capacity: capacity)
    }

    /// True when INFO has an `END=` key (at its start or after a `;`).
    private static func containsEnd(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        var cursor = start
        while let match = find(UInt8(ascii: "E"), from: cursor, to: end) {
            if end - match >= 4 && match[1] == UInt8(ascii: "N") && match[2] == UInt8(ascii: "D") && match[3] == UInt8(ascii: "=")
                && (match == start || match[-1] == UInt8(ascii: ";")) {
                return true
            }
            cursor = match + 1
        }
        return false
    }

    /// Recomputes which FORMAT keys are kept when the FORMAT column changes; false
    /// for a FORMAT too long to cache (the line is then parsed whole).
    private func updateKeptFields(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        let length = end - start
        guard length < LineProjector.maximumFormatLength else { return false }
        if length == cachedFormatLength && memcmp(start, cachedFormat, length) == 0 { return true }
        cachedFormat.update(from: start, count: length)
        cachedFormatLength = length
        keptFieldCount = 0
        var key = start
        while true {
            let keyEnd = LineProjector.find(UInt8(ascii: ":"), from: key, to: end) ?? end
            let keyBytes = UnsafeBufferPointer(start: key, count: keyEnd - key)
            keptFields[keptFieldCount] = selectedTags.contains { $0.elementsEqual(keyBytes) }
            keptFieldCount += 1
            if keyEnd >= end { break }
            key = keyEnd + 1
        }
        if !(0..<keptFieldCount).contains(where: { keptFields[$0] }) { keptFields[0] = true }
        return true
    }

    /// Writes the kept `:`-separated subfields of one column (`.` if none is present).
    @inline(__always)
    private func writeKept(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ output: UnsafeMutablePointer<UInt8>, _ offset: Int) -> Int {
        var written = offset
        var field = 0
        var fieldStart = start
        var wroteAny = false
        while field < keptFieldCount {
            let fieldEnd = LineProjector.find(UInt8(ascii: ":"), from: fieldStart, to: end) ?? end
            if keptFields[field] {
                if wroteAny { output[written] = UInt8(ascii: ":"); written += 1 }
                (output + written).update(from: fieldStart, count: fieldEnd - fieldStart)
                written += fieldEnd - fieldStart
                wroteAny = true
            }
            field += 1
            if fieldEnd >= end { break }
            fieldStart = fieldEnd + 1
        }
        if !wroteAny { output[written] = UInt8(ascii: "."); written += 1 }
        return written
    }
}
