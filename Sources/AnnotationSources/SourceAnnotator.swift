import Foundation
import VariantIO

/// Annotates records from every source, one worker's worth: it owns one reader per
/// source and reusable buffers, so records cost no allocations once warm.
///
/// A batch of sorted records is cut into **windows** (records on one contig whose gaps
/// are under `windowGap`); each source is queried once per window and its lines in
/// that span are streamed and matched: a chromosome sweep for dense inputs, one small
/// index query per cluster for sparse ones.
///
/// Alleles are matched after splitting (each ALT on its own) and trimming both sides
/// to a minimal representation (common suffix, then common prefix, keeping one base),
/// so a source record `A>AT,T` matches an input `A>T`, and `TATATA>AATATA` matches `T>A`.
public final class SourceAnnotator {
    /// Largest gap between records that still share one query window.
    public static let windowGap = 20_000

    private let plans: [SourcePlan]
    private let readers: [IndexedLineSource]
    private let header: VariantHeader
    private let overwritten: [String]
    private let stars = ReviewStars.bundled

    // One window of source lines.
    private var lines: [UInt8] = []
    private var lineStarts: [Int] = []
    private var keys: [UInt8] = []
    private var entries: [AlleleEntry] = []
    private var buckets: [Int: Int32] = [:]
    private var regions: [RegionEntry] = []
    private var active: [Int] = []

    // One record's accumulators, indexed output * alleleCapacity + allele.
    private var accumulators: [Accumulator] = []
    private var texts: [[UInt8]] = []
    private var alleleCapacity = 0

    // Scratch.
    private var numberText = [CChar](repeating: 0, count: 80)
    private var outputText: [CChar] = []
    private var integers: [Int32] = []
    private var columnEnds: [Int] = []
    private var floats: [Float] = []

    /// Per source: input contigs the source's index does not have.
    public private(set) var missingContigs: [Set<String>]
    /// Per source: records given at least one value.
    public private(set) var annotatedRecords: [Int]

    /// Opens a reader per source; `header` is the output header (declaring every output).
    public init(plans: [SourcePlan], header: VariantHeader, overwritten: [String]) throws(SourceError) {
        self.plans = plans
        self.header = header
        self.overwritten = overwritten
        var readers: [IndexedLineSource] = []
        for plan in plans {
            do { readers.append(try IndexedLineSource(path: plan.declaration.file)) } catch {
                throw SourceError("\(plan.declaration.origin): \(error.description)")
            }
        }
        self.readers = readers
        missingContigs = Array(repeating: [], count: plans.count)
        annotatedRecords = Array(repeating: 0, count: plans.count)
        lines.reserveCapacity(1 << 20)
        outputText.reserveCapacity(256)
    }

    /// Annotates `records` (sorted within runs; a position that goes back starts a new window).
    public func annotate(_ records: ArraySlice<VariantRecord>) throws {
        guard !records.isEmpty else { return }
        if !overwritten.isEmpty {
            for record in records { for name in overwritten { record.removeInfo(name, header: header) } }
        }
        var first = records.startIndex
        while first < records.endIndex {
            let contigIndex = records[first].contigIndex
            let start = records[first].position
            var end = records[first].end
            var last = first + 1
            while last < records.endIndex, records[last].contigIndex == contigIndex,
                  records[last].position >= records[last - 1].position, records[last].position - end <= SourceAnnotator.windowGap {
                end = max(end, records[last].end)
                last += 1
            }
            let window = records[first..<last]
            let contig = records[first].contig
            for source in plans.indices {
                if plans[source].matchesAlleles {
                    try annotateAlleles(source, window, contig: contig, start: start, end: end)
                } else {
                    try annotateRegions(source, window, contig: contig, start: start, end: end)
                }
            }
            first = last
        }
    }

    // MARK: Allele-matched sources

    private func annotateAlleles(_ source: Int, _ window: ArraySlice<VariantRecord>, contig: String, start: Int, end: Int) throws {
        let plan = plans[source], reader = readers[source]
        lines.removeAll(keepingCapacity: true)
        lineStarts.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        buckets.removeAll(keepingCapacity: true)
        guard reader.query(contig: contig, start: max(1, start - 50), end: end) else {
            if !missingContigs[source].contains(contig) { missingContigs[source].insert(contig) }
            return
        }
        let needed = max(plan.positionColumn, plan.referenceColumn, plan.alternateColumn)
        while let line = try reader.next() {
            guard findColumns(line, upTo: needed) else {
                throw SourceError("\(plan.declaration.file): \(contig) near \(start): a line has fewer than \(needed + 1) columns")
            }
            let positionField = SourceAnnotator.slice(line, columnEnds, plan.positionColumn)
            guard let position = SourceAnnotator.integer(positionField) else {
                throw SourceError("\(plan.declaration.file): \(contig) near \(start): position '\(String(decoding: positionField, as: UTF8.self))' is not a number")
            }
            let lineIndex = Int32(lineStarts.count)
            lineStarts.append(lines.count)
            lines.append(contentsOf: line)
            let reference = SourceAnnotator.slice(line, columnEnds, plan.referenceColumn)
            let alternates = SourceAnnotator.slice(line, columnEnds, plan.alternateColumn)
            var allele: Int32 = 1
            var itemStart = 0
            for cursor in 0...alternates.count {
                guard cursor == alternates.count || alternates[cursor] == UInt8(ascii: ",") else { continue }
                let alternate = UnsafeBufferPointer(rebasing: alternates[itemStart..<cursor])
                itemStart = cursor + 1
                defer { allele += 1 }
                guard SourceAnnotator.isSequence(alternate) else { continue }
                addEntry(position: position, reference: reference, alternate: alternate, line: lineIndex, allele: allele)
            }
        }
        guard !entries.isEmpty else { return }
        for record in window {
            let alleleCount = record.alleleCount
            guard alleleCount > 1 else { continue }
            resetAccumulators(outputs: plan.outputs.count, alleles: alleleCount)
            var matched = false
            let reference = record.alleleBytes(0)
            for allele in 1..<alleleCount {
                let alternate = record.alleleBytes(allele)
                guard SourceAnnotator.isSequence(alternate) else { continue }
                let key = MinimalAllele(position: record.position, reference: reference, alternate: alternate)
                var candidate = buckets[key.hash] ?? -1
                while candidate >= 0 {
                    let entry = entries[Int(candidate)]
                    if entry.position == key.position && entry.referenceLength == key.reference.count && entry.alternateLength == key.alternate.count
                        && keysEqual(entry, key) {
                        matched = true
                        try accumulate(source, line: Int(entry.line), sourceAllele: Int(entry.allele), allele: allele)
                    }
                    candidate = entry.next
                }
            }
            if matched {
                annotatedRecords[source] += 1
                try emit(source, record, alleles: alleleCount)
            }
        }
    }

    private func addEntry(position: Int, reference: UnsafeBufferPointer<UInt8>, alternate: UnsafeBufferPointer<UInt8>, line: Int32, allele: Int32) {
        let key = MinimalAllele(position: position, reference: reference, alternate: alternate)
        let keyStart = keys.count
        for byte in key.reference { keys.append(MinimalAllele.upper(byte)) }
        for byte in key.alternate { keys.append(MinimalAllele.upper(byte)) }
        let index = Int32(entries.count)
        entries.append(AlleleEntry(position: key.position, keyStart: Int32(keyStart), referenceLength: Int32(key.reference.count),
                                   alternateLength: Int32(key.alternate.count), line: line, allele: allele, next: -1))
        // Keep file order within a chain: append at the tail.
        if let head = buckets[key.hash] {
            var tail = head
            while entries[Int(tail)].next >= 0 { tail = entries[Int(tail)].next }
            entries[Int(tail)].next = index
        } else {
            buckets[key.hash] = index
        }
    }

    private func keysEqual(_ entry: AlleleEntry, _ key: MinimalAllele) -> Bool {
        keys.withUnsafeBufferPointer { stored in
            let start = Int(entry.keyStart)
            for offset in 0..<key.reference.count where stored[start + offset] != MinimalAllele.upper(key.reference[offset]) { return false }
            let alternateStart = start + key.reference.count
            for offset in 0..<key.alternate.count where stored[alternateStart + offset] != MinimalAllele.upper(key.alternate[offset]) { return false }
            return true
        }
    }

    // MARK: Region sources (BED)

    private func annotateRegions(_ source: Int, _ window: ArraySlice<VariantRecord>, contig: String, start: Int, end: Int) throws {
        let plan = plans[source], reader = readers[source]
        lines.removeAll(keepingCapacity: true)
        lineStarts.removeAll(keepingCapacity: true)
        regions.removeAll(keepingCapacity: true)
        guard reader.query(contig: contig, start: start, end: end) else {
            if !missingContigs[source].contains(contig) { missingContigs[source].insert(contig) }
            return
        }
        let needed = max(plan.startColumn, plan.endColumn)
        while let line = try reader.next() {
            guard findColumns(line, upTo: needed),
                  let regionStart = SourceAnnotator.integer(SourceAnnotator.slice(line, columnEnds, plan.startColumn)),
                  let regionEnd = SourceAnnotator.integer(SourceAnnotator.slice(line, columnEnds, plan.endColumn)) else {
                throw SourceError("\(plan.declaration.file): \(contig) near \(start): a line lacks numeric start/end columns")
            }
            regions.append(RegionEntry(start: plan.isZeroBased ? regionStart + 1 : regionStart, end: regionEnd, line: lineStarts.count))
            lineStarts.append(lines.count)
            lines.append(contentsOf: line)
        }
        guard !regions.isEmpty else { return }
        active.removeAll(keepingCapacity: true)
        var next = 0
        for record in window {
            let recordStart = record.position, recordEnd = max(record.end, record.position)
            while next < regions.count && regions[next].start <= recordEnd { active.append(next); next += 1 }
            active.removeAll { regions[$0].end < recordStart }
            resetAccumulators(outputs: plan.outputs.count, alleles: 1)
            var matched = false
            for index in active where regions[index].start <= recordEnd && regions[index].end >= recordStart {
                matched = true
                try accumulate(source, line: regions[index].line, sourceAllele: 0, allele: 0)
            }
            if matched {
                annotatedRecords[source] += 1
                try emit(source, record, alleles: 1)
            }
        }
    }

    // MARK: Values

    private func resetAccumulators(outputs: Int, alleles: Int) {
        if alleles > alleleCapacity || accumulators.count < outputs * max(alleleCapacity, alleles) {
            alleleCapacity = max(alleleCapacity, alleles, 4)
            let size = max(outputs, 1) * alleleCapacity
            accumulators = Array(repeating: Accumulator(), count: max(size, accumulators.count))
            while texts.count < accumulators.count { texts.append([]) }
        }
        for output in 0..<outputs {
            for allele in 0..<alleles {
                let slot = output * alleleCapacity + allele
                accumulators[slot] = Accumulator()
                texts[slot].removeAll(keepingCapacity: true)
            }
        }
    }

    private func lineBytes(_ line: Int) -> (Int, Int) {
        let start = lineStarts[line]
        let end = line + 1 < lineStarts.count ? lineStarts[line + 1] : lines.count
        return (start, end)
    }

    private func accumulate(_ source: Int, line: Int, sourceAllele: Int, allele: Int) throws {
        let plan = plans[source]
        let (start, end) = lineBytes(line)
        try lines.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[start..<end])
            for (outputIndex, output) in plan.outputs.enumerated() {
                let slot = outputIndex * alleleCapacity + allele
                var value: UnsafeBufferPointer<UInt8>?
                switch output.origin {
                case .identifier:
                    value = SourceAnnotator.column(text, 2)
                case .column(let index):
                    value = SourceAnnotator.column(text, index)
                case .info(let name, let number, let isFlag):
                    guard let info = SourceAnnotator.column(text, 7) else { continue }
                    guard let found = SourceAnnotator.infoValue(info, name) else { continue }
                    if isFlag { value = UnsafeBufferPointer(start: nil, count: 0); accumulators[slot].hits += 1; continue }
                    switch number {
                    case .perAlternateAllele: value = SourceAnnotator.item(found, sourceAllele - 1)
                    case .perAllele: value = SourceAnnotator.item(found, sourceAllele)
                    default: value = output.shape == .perAlternate ? SourceAnnotator.item(found, 0) : found
                    }
                case .stars(let name):
                    guard let info = SourceAnnotator.column(text, 7), let status = SourceAnnotator.infoValue(info, name) else { continue }
                    guard let stars = stars.stars(for: status) else { continue }
                    accumulators[slot].add(Double(stars), operation: .max)
                    continue
                }
                guard let value, !(value.count == 1 && value[0] == UInt8(ascii: ".")), value.count > 0 else { continue }
                try add(value, output: output, slot: slot, source: plan)
            }
        }
    }

    private func add(_ value: UnsafeBufferPointer<UInt8>, output: SourceOutput, slot: Int, source plan: SourcePlan) throws {
        switch output.operation {
        case .count, .flag:
            accumulators[slot].hits += 1
        case .first:
            if accumulators[slot].hits == 0 { texts[slot].append(contentsOf: value) }
            accumulators[slot].hits += 1
        case .concat:
            if !texts[slot].isEmpty { texts[slot].append(UInt8(ascii: ",")) }
            texts[slot].append(contentsOf: SourceAnnotator.escaped(value))
            accumulators[slot].hits += 1
        case .uniq:
            let escaped = SourceAnnotator.escaped(value)
            if !SourceAnnotator.list(texts[slot], contains: escaped) {
                if !texts[slot].isEmpty { texts[slot].append(UInt8(ascii: ",")) }
                texts[slot].append(contentsOf: escaped)
            }
            accumulators[slot].hits += 1
        case .max, .min, .mean, .sum:
            guard let number = parseDouble(value) else {
                throw SourceError("\(plan.declaration.file): value '\(String(decoding: value, as: UTF8.self))' of \(output.name) is not a number (declare types = [\"String\"] or use op 'first')")
            }
            accumulators[slot].add(number, operation: output.operation)
        }
    }

    private func emit(_ source: Int, _ record: VariantRecord, alleles: Int) throws {
        let plan = plans[source]
        let firstAllele = plan.matchesAlleles ? 1 : 0
        for (outputIndex, output) in plan.outputs.enumerated() {
            let base = outputIndex * alleleCapacity
            var any = false
            for allele in firstAllele..<alleles where accumulators[base + allele].hits > 0 { any = true }
            guard any else { continue }
            switch output.shape {
            case .flag:
                try record.setInfoFlag(output.name, header: header)
            case .variable:
                outputText.removeAll(keepingCapacity: true)
                for allele in firstAllele..<alleles where !texts[base + allele].isEmpty {
                    if !outputText.isEmpty { outputText.append(CChar(UInt8(ascii: ","))) }
                    for byte in SourceAnnotator.escaped(texts[base + allele]) { outputText.append(CChar(bitPattern: byte)) }
                }
                guard !outputText.isEmpty else { continue }
                outputText.append(0)
                try outputText.withUnsafeBufferPointer { try record.setInfo(output.name, text: $0.baseAddress!, header: header) }
            case .perAlternate, .single:
                switch output.type {
                case .integer:
                    integers.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        let value = try number(output, slot: base + allele, plan: plan)
                        if value != nil { present = true }
                        integers.append(value.map { Int32(clamping: Int64($0.rounded())) } ?? VariantRecord.missingInteger)
                    }
                    guard present else { continue }
                    try integers.withUnsafeBufferPointer { try record.setInfo(output.name, integers: $0, header: header) }
                case .float:
                    floats.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        let value = try number(output, slot: base + allele, plan: plan)
                        if value != nil { present = true }
                        floats.append(value.map { Float($0) } ?? VariantRecord.missingFloat)
                    }
                    guard present else { continue }
                    try floats.withUnsafeBufferPointer { try record.setInfo(output.name, floats: $0, header: header) }
                default:
                    outputText.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        if allele > firstAllele { outputText.append(CChar(UInt8(ascii: ","))) }
                        let text = texts[base + allele]
                        if text.isEmpty {
                            outputText.append(CChar(UInt8(ascii: ".")))
                        } else {
                            present = true
                            for byte in SourceAnnotator.escaped(text, commas: true) { outputText.append(CChar(bitPattern: byte)) }
                        }
                    }
                    guard present else { continue }
                    outputText.append(0)
                    try outputText.withUnsafeBufferPointer { try record.setInfo(output.name, text: $0.baseAddress!, header: header) }
                }
            }
        }
    }

    /// The numeric value of one accumulator for its operation, or nil when it has none.
    private func number(_ output: SourceOutput, slot: Int, plan: SourcePlan) throws -> Double? {
        let accumulator = accumulators[slot]
        switch output.operation {
        case .count: return Double(accumulator.hits)
        case .max, .min, .sum: return accumulator.numbers > 0 ? accumulator.value : nil
        case .mean: return accumulator.numbers > 0 ? accumulator.sum / Double(accumulator.numbers) : nil
        case .first, .concat, .uniq, .flag:
            if case .stars = output.origin { return accumulator.numbers > 0 ? accumulator.value : nil }
            guard !texts[slot].isEmpty else { return nil }
            let parsed = texts[slot].withUnsafeBufferPointer { parseDouble($0) }
            guard let parsed else {
                throw SourceError("\(plan.declaration.file): value '\(String(decoding: texts[slot], as: UTF8.self))' of \(output.name) is not a number (declare types = [\"String\"])")
            }
            if output.type == .integer && parsed != parsed.rounded() {
                throw SourceError("\(plan.declaration.file): value '\(String(decoding: texts[slot], as: UTF8.self))' of \(output.name) is not an Integer (declare types = [\"Float\"])")
            }
            return parsed
        }
    }

    private func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < numberText.count else { return nil }
        return numberText.withUnsafeMutableBufferPointer { scratch -> Double? in
            for index in 0..<bytes.count { scratch[index] = CChar(bitPattern: bytes[index]) }
            scratch[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(scratch.baseAddress!, &end)
            guard let end, end == scratch.baseAddress! + bytes.count, value.isFinite else { return nil }
            return value
        }
    }

    // MARK: Byte helpers

    /// Fills `columnEnds` with the offsets ending columns 0…`upTo` (the tab, or the line
    /// end for the last column); false when the line has too few columns.
    private func findColumns(_ line: UnsafeBufferPointer<UInt8>, upTo last: Int) -> Bool {
        columnEnds.removeAll(keepingCapacity: true)
        var index = 0
        while columnEnds.count <= last {
            guard index <= line.count else { return false }
            while index < line.count && line[index] != 9 { index += 1 }
            columnEnds.append(index)
            index += 1
        }
        return true
    }

    private static func slice(_ line: UnsafeBufferPointer<UInt8>, _ ends: [Int], _ column: Int) -> UnsafeBufferPointer<UInt8> {
        let start = column == 0 ? 0 : ends[column - 1] + 1
        return UnsafeBufferPointer(rebasing: line[start..<ends[column]])
    }

    /// Column `index` (0-based) of a tab-delimited line, or nil when the line is shorter.
    static func column(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> UnsafeBufferPointer<UInt8>? {
        var start = 0, column = 0
        while column < index {
            guard let tab = line[start...].firstIndex(of: 9) else { return nil }
            start = tab + 1
            column += 1
        }
        let end = line[start...].firstIndex(of: 9) ?? line.count
        return UnsafeBufferPointer(rebasing: line[start..<end])
    }

    /// The value of `key` in an INFO column (empty for a Flag), or nil when absent.
    static func infoValue(_ info: UnsafeBufferPointer<UInt8>, _ key: [UInt8]) -> UnsafeBufferPointer<UInt8>? {
        var start = 0
        while start < info.count {
            var end = start
            while end < info.count && info[end] != UInt8(ascii: ";") { end += 1 }
            var matches = end - start >= key.count
            if matches {
                for offset in 0..<key.count where info[start + offset] != key[offset] { matches = false; break }
            }
            if matches {
                let after = start + key.count
                if after == end { return UnsafeBufferPointer(rebasing: info[after..<after]) }
                if info[after] == UInt8(ascii: "=") { return UnsafeBufferPointer(rebasing: info[(after + 1)..<end]) }
            }
            start = end + 1
        }
        return nil
    }

    /// Item `index` of a comma-separated list, or nil.
    static func item(_ list: UnsafeBufferPointer<UInt8>, _ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard index >= 0 else { return nil }
        var start = 0, item = 0
        for cursor in 0...list.count where cursor == list.count || list[cursor] == UInt8(ascii: ",") {
            if item == index { return UnsafeBufferPointer(rebasing: list[start..<cursor]) }
            item += 1
            start = cursor + 1
        }
        return nil
    }

    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value &* 10 &+ Int(byte - 48)
        }
        return value
    }

    /// True for an allele made of bases (not `*`, `.`, `<DEL>` or a breakend).
    static func isSequence(_ allele: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !allele.isEmpty else { return false }
        for byte in allele {
            switch byte {
            case UInt8(ascii: "A"), UInt8(ascii: "C"), UInt8(ascii: "G"), UInt8(ascii: "T"), UInt8(ascii: "N"),
                 UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "g"), UInt8(ascii: "t"), UInt8(ascii: "n"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// A value made safe for a String INFO field: `;`, `=`, space and tab (which VCF
    /// forbids there) become `_`; with `commas`, `,` becomes `|` so a per-allele list
    /// keeps one item per allele.
    static func escaped<Bytes: Collection>(_ value: Bytes, commas: Bool = false) -> [UInt8] where Bytes.Element == UInt8 {
        value.map { byte in
            switch byte {
            case UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: " "), 9: return UInt8(ascii: "_")
            case UInt8(ascii: ",") where commas: return UInt8(ascii: "|")
            default: return byte
            }
        }
    }

    private static func list(_ list: [UInt8], contains value: [UInt8]) -> Bool {
        guard !list.isEmpty else { return false }
        var start = 0
        for cursor in 0...list.count where cursor == list.count || list[cursor] == UInt8(ascii: ",") {
            if cursor - start == value.count && list[start..<cursor].elementsEqual(value) { return true }
            start = cursor + 1
        }
        return false
    }
}

/// One ALT allele of a source line, in minimal representation.
struct AlleleEntry {
    var position: Int
    var keyStart: Int32
    var referenceLength: Int32
    var alternateLength: Int32
    var line: Int32
    var allele: Int32
    var next: Int32
}

/// One BED interval, 1-based inclusive.
struct RegionEntry {
    var start: Int
    var end: Int
    var line: Int
}

/// What a source has given one output for one allele of one record.
struct Accumulator {
    var hits: Int32 = 0
    var numbers: Int32 = 0
    var value: Double = 0
    var sum: Double = 0

    mutating func add(_ number: Double, operation: SourceOperation) {
        hits += 1
        if numbers == 0 {
            value = number
        } else {
            switch operation {
            case .max: value = Swift.max(value, number)
            case .min: value = Swift.min(value, number)
            case .sum: value += number
            default: break
            }
        }
        sum += number
        numbers += 1
    }
}

/// A REF/ALT pair trimmed to its minimal representation: common suffix removed, then
/// common prefix, while both alleles keep at least one base; the position moves with
/// the prefix. The alleles are views of the caller's buffers.
struct MinimalAllele {
    let position: Int
    let reference: UnsafeBufferPointer<UInt8>
    let alternate: UnsafeBufferPointer<UInt8>
    let hash: Int

    init(position: Int, reference: UnsafeBufferPointer<UInt8>, alternate: UnsafeBufferPointer<UInt8>) {
        var referenceEnd = reference.count, alternateEnd = alternate.count
        while referenceEnd > 1 && alternateEnd > 1 && MinimalAllele.upper(reference[referenceEnd - 1]) == MinimalAllele.upper(alternate[alternateEnd - 1]) {
            referenceEnd -= 1; alternateEnd -= 1
        }
        var prefix = 0
        while referenceEnd - prefix > 1 && alternateEnd - prefix > 1 && MinimalAllele.upper(reference[prefix]) == MinimalAllele.upper(alternate[prefix]) {
            prefix += 1
        }
        self.position = position + prefix
        self.reference = UnsafeBufferPointer(rebasing: reference[prefix..<referenceEnd])
        self.alternate = UnsafeBufferPointer(rebasing: alternate[prefix..<alternateEnd])
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: self.position)
        hash = hash &* 0x100_0000_01b3
        for byte in self.reference { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        hash = (hash ^ 62) &* 0x100_0000_01b3
        for byte in self.alternate { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        self.hash = Int(truncatingIfNeeded: hash)
    }

    @inline(__always) static func upper(_ byte: UInt8) -> UInt8 { byte >= 97 && byte <= 122 ? byte - 32 : byte }
}
