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
    private let readers: [IndexedLineSource?]
    private let header: VariantHeader
    private let overwritten: [String]
    /// Per source, per output: the tag in the output header.
    private let outputTags: [[TagIndex]]
    /// Per prepared source, per output: the column to read and how.
    private let preparedOutputs: [[PreparedOutput]]
    private var columnPointers: [UnsafeRawPointer] = []
    /// Left-aligns indels when a reference was given.
    private let aligner: IndelLeftAligner?
    private let inputArena = ByteArena()
    private let sourceArena = ByteArena()
    /// Per source, per output: what `emit` needs, as plain data.
    private let emitOutputs: [[EmitOutput]]
    private let stars = ReviewStars.bundled

    // One window: the input alleles by hash (allele sources), or BED lines.
    private var inputKeys: [InputAllele] = []
    private var buckets: [Int: Int32] = [:]
    private var lines: [UInt8] = []
    private var lineStarts: [Int] = []
    private var regions: [RegionEntry] = []
    private var active: [Int] = []

    // The window's accumulators: record r, output k, allele a at
    // slotBases[r] + k * slotStrides[r] + a.
    private var accumulators: [Accumulator] = []
    private var texts: [[UInt8]] = []
    private var slotBases: [Int] = []
    private var slotStrides: [Int] = []
    private var recordHits: [Bool] = []

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
    ///
    /// With `reference`, simple indels on both sides are also left-aligned before matching.
    public init(plans: [SourcePlan], header: VariantHeader, overwritten: [String], reference: ReferenceSequence? = nil) throws(SourceError) {
        self.plans = plans
        aligner = try reference.map { reference throws(SourceError) in try IndelLeftAligner(reference: reference) }
        outputTags = plans.map { $0.outputs.map { header.tag($0.name).index } }
        emitOutputs = plans.map { plan in
            plan.outputs.map { EmitOutput(shape: $0.shape, type: $0.type, operation: $0.operation, matchesAlleles: plan.matchesAlleles) }
        }
        preparedOutputs = plans.map { plan in
            guard let prepared = plan.prepared else { return [] }
            return plan.outputs.map { output in
                switch output.origin {
                case .preparedStars(let field): return PreparedOutput(field: field, kind: .stars, operation: .max)
                case .prepared(let field, _):
                    let kind: PreparedOutput.Kind
                    switch prepared.metadata.fields[field].type {
                    case "Float": kind = .float
                    case "Integer": kind = .integer
                    case "Flag": kind = .flag
                    default: kind = .string
                    }
                    return PreparedOutput(field: field, kind: kind, operation: output.operation)
                default: return PreparedOutput(field: 0, kind: .string, operation: output.operation)
                }
            }
        }
        self.header = header
        self.overwritten = overwritten
        var readers: [IndexedLineSource?] = []
        for plan in plans {
            if plan.prepared != nil { readers.append(nil); continue }
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
                if let prepared = plans[source].prepared {
                    try annotatePrepared(source, prepared, window, contig: contig)
                } else if plans[source].matchesAlleles {
                    try annotateAlleles(source, window, contig: contig, start: start, end: end)
                } else {
                    try annotateRegions(source, window, contig: contig, start: start, end: end)
                }
            }
            first = last
        }
    }

    // MARK: Allele-matched sources

    /// Indexes the window's input alleles (a small hash that stays in cache), then
    /// streams the source lines once: each source ALT is trimmed and looked up, and a
    /// hit is accumulated straight from the line, which is never copied.
    private func annotateAlleles(_ source: Int, _ window: ArraySlice<VariantRecord>, contig: String, start: Int, end: Int) throws {
        let plan = plans[source], reader = readers[source]!
        layoutSlots(window, outputs: plan.outputs.count, perAllele: true)
        inputKeys.removeAll(keepingCapacity: true)
        buckets.removeAll(keepingCapacity: true)
        inputArena.reset()
        var first = start
        for (offset, record) in window.enumerated() {
            let alleleCount = record.alleleCount
            guard alleleCount > 1 else { continue }
            let reference = record.alleleBytes(0)
            for allele in 1..<alleleCount {
                let alternate = record.alleleBytes(allele)
                guard SourceAnnotator.isSequence(alternate) else { continue }
                var key = MinimalAllele(position: record.position, reference: reference, alternate: alternate)
                if let aligner { key = try aligner.leftAligned(key, contig: contig, arena: inputArena, hashed: true) }
                first = min(first, key.position)
                inputKeys.append(InputAllele(key: key, record: Int32(offset), allele: Int32(allele), next: buckets[key.hash] ?? -1))
                buckets[key.hash] = Int32(inputKeys.count - 1)
            }
        }
        guard !inputKeys.isEmpty else { return }
        // A source indel written further right in a repeat left-aligns into the window.
        let reach = aligner == nil ? 0 : 200
        guard reader.query(contig: contig, start: max(1, first - 50), end: end + reach) else {
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
            let reference = SourceAnnotator.slice(line, columnEnds, plan.referenceColumn)
            let alternates = SourceAnnotator.slice(line, columnEnds, plan.alternateColumn)
            var sourceAllele = 1
            var itemStart = 0
            for cursor in 0...alternates.count {
                guard cursor == alternates.count || alternates[cursor] == UInt8(ascii: ",") else { continue }
                let alternate = UnsafeBufferPointer(rebasing: alternates[itemStart..<cursor])
                itemStart = cursor + 1
                defer { sourceAllele += 1 }
                guard SourceAnnotator.isSequence(alternate) else { continue }
                var key = MinimalAllele(position: position, reference: reference, alternate: alternate)
                if let aligner {
                    sourceArena.reset()
                    key = try aligner.leftAligned(key, contig: contig, arena: sourceArena, hashed: true)
                }
                var candidate = buckets[key.hash] ?? -1
                while candidate >= 0 {
                    let input = inputKeys[Int(candidate)]
                    if input.key.matches(key) {
                        let record = Int(input.record)
                        recordHits[record] = true
                        try accumulate(source, line: line, sourceAllele: sourceAllele, base: slotBases[record],
                                       stride: slotStrides[record], allele: Int(input.allele))
                    }
                    candidate = input.next
                }
            }
        }
        for (offset, record) in window.enumerated() where recordHits[offset] {
            annotatedRecords[source] += 1
            try emit(source, record, base: slotBases[offset], alleles: slotStrides[offset])
        }
    }

    // MARK: Prepared sources

    /// Looks each input allele up in a prepared source: a binary search on position,
    /// then a comparison of 64-bit allele codes; values are read from typed columns.
    private func annotatePrepared(_ source: Int, _ prepared: PreparedSource, _ window: ArraySlice<VariantRecord>, contig: String) throws {
        let plan = plans[source]
        guard let contigSlot = prepared.contig(contig) else {
            if !missingContigs[source].contains(contig) { missingContigs[source].insert(contig) }
            return
        }
        let positions = prepared.positions(contigSlot), codes = prepared.keys(contigSlot)
        columnPointers.removeAll(keepingCapacity: true)
        for descriptor in preparedOutputs[source] { columnPointers.append(prepared.column(contigSlot, field: descriptor.field)) }
        layoutSlots(window, outputs: plan.outputs.count, perAllele: true)
        // Records are sorted: one binary search per window, then a cursor that only
        // moves forward (a trimmed allele sits at or after its record's position).
        var cursor = -1
        for (offset, record) in window.enumerated() {
            let alleleCount = record.alleleCount
            guard alleleCount > 1 else { continue }
            let recordPosition = Int32(clamping: record.position)
            if cursor < 0 {
                cursor = PreparedSource.lowerBound(positions, recordPosition)
            } else {
                while cursor < positions.count && positions[cursor] < recordPosition { cursor += 1 }
            }
            let reference = record.alleleBytes(0)
            for allele in 1..<alleleCount {
                let alternate = record.alleleBytes(allele)
                guard SourceAnnotator.isSequence(alternate) else { continue }
                var key = MinimalAllele(position: record.position, reference: reference, alternate: alternate, hashed: false)
                if let aligner {
                    inputArena.reset()
                    key = try aligner.leftAligned(key, contig: contig, arena: inputArena, hashed: false)
                }
                let code = AlleleCode.code(key)
                let position = Int32(clamping: key.position)
                // Left-alignment can move an allele before its record's position.
                var entry = position >= recordPosition ? cursor : PreparedSource.lowerBound(positions, position)
                while entry < positions.count && positions[entry] < position { entry += 1 }
                while entry < positions.count && positions[entry] == position {
                    if codes[entry] == code {
                        recordHits[offset] = true
                        try accumulatePrepared(source, prepared, entry: entry, slot: slotBases[offset] + allele, stride: slotStrides[offset])
                    }
                    entry += 1
                }
            }
        }
        for (offset, record) in window.enumerated() where recordHits[offset] {
            annotatedRecords[source] += 1
            try emit(source, record, base: slotBases[offset], alleles: slotStrides[offset])
        }
    }

    private func accumulatePrepared(_ source: Int, _ prepared: PreparedSource, entry: Int, slot firstSlot: Int, stride: Int) throws {
        let descriptors = preparedOutputs[source]
        for index in 0..<descriptors.count {
            let descriptor = descriptors[index]
            let slot = firstSlot + index * stride
            let column = columnPointers[index]
            switch descriptor.kind {
            case .float:
                let value = column.load(fromByteOffset: 4 * entry, as: Float.self)
                guard !value.isNaN else { continue }
                try addNumber(Double(value), operation: descriptor.operation, slot: slot)
            case .integer:
                let value = column.load(fromByteOffset: 4 * entry, as: Int32.self)
                guard value != AlleleCode.missingInteger else { continue }
                try addNumber(Double(value), operation: descriptor.operation, slot: slot)
            case .flag:
                if column.load(fromByteOffset: 4 * entry, as: UInt32.self) != 0 { accumulators[slot].hits += 1 }
            case .string:
                let id = column.load(fromByteOffset: 4 * entry, as: UInt32.self)
                guard id != AlleleCode.missingString else { continue }
                let bytes = prepared.string(field: descriptor.field, id: id)
                if descriptor.operation == .first {
                    if accumulators[slot].hits == 0 { accumulators[slot].pooled = bytes }
                    accumulators[slot].hits += 1
                } else {
                    try add(bytes, operation: descriptor.operation, slot: slot, source: source, output: index)
                }
            case .stars:
                let id = column.load(fromByteOffset: 4 * entry, as: UInt32.self)
                guard id != AlleleCode.missingString, let stars = stars.stars(for: prepared.string(field: descriptor.field, id: id)) else { continue }
                accumulators[slot].add(Double(stars), operation: .max)
            }
        }
    }

    /// A number from a prepared column: kept as a number (no text round trip) unless
    /// the output is text (`concat`/`uniq`, or a String output).
    private func addNumber(_ number: Double, operation: SourceOperation, slot: Int) throws {
        switch operation {
        case .count, .flag: accumulators[slot].hits += 1
        case .concat, .uniq:
            var text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(Float(number))
            text.withUTF8 { bytes in
                if !texts[slot].isEmpty { texts[slot].append(UInt8(ascii: ",")) }
                texts[slot].append(contentsOf: bytes)
            }
            accumulators[slot].hasText = true
            accumulators[slot].hits += 1
        case .first, .max, .min, .mean, .sum:
            accumulators[slot].add(number, operation: operation)
        }
    }

    // MARK: Region sources (BED)

    private func annotateRegions(_ source: Int, _ window: ArraySlice<VariantRecord>, contig: String, start: Int, end: Int) throws {
        let plan = plans[source], reader = readers[source]!
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
        layoutSlots(window, outputs: plan.outputs.count, perAllele: false)
        active.removeAll(keepingCapacity: true)
        var next = 0
        for (offset, record) in window.enumerated() {
            let recordStart = record.position, recordEnd = max(record.end, record.position)
            while next < regions.count && regions[next].start <= recordEnd { active.append(next); next += 1 }
            active.removeAll { regions[$0].end < recordStart }
            var matched = false
            for index in active where regions[index].start <= recordEnd && regions[index].end >= recordStart {
                matched = true
                let lineStart = lineStarts[regions[index].line]
                let lineEnd = regions[index].line + 1 < lineStarts.count ? lineStarts[regions[index].line + 1] : lines.count
                try lines.withUnsafeBufferPointer { all in
                    try accumulate(source, line: UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd]), sourceAllele: 0,
                                   base: slotBases[offset], stride: 1, allele: 0)
                }
            }
            if matched {
                annotatedRecords[source] += 1
                try emit(source, record, base: slotBases[offset], alleles: 1)
            }
        }
    }

    // MARK: Values

    /// Gives every record of the window `outputs` × alleles accumulator slots, cleared.
    private func layoutSlots(_ window: ArraySlice<VariantRecord>, outputs: Int, perAllele: Bool) {
        slotBases.removeAll(keepingCapacity: true)
        slotStrides.removeAll(keepingCapacity: true)
        recordHits.removeAll(keepingCapacity: true)
        var total = 0
        for record in window {
            let stride = perAllele ? max(1, record.alleleCount) : 1
            slotBases.append(total)
            slotStrides.append(stride)
            recordHits.append(false)
            total += outputs * stride
        }
        // Slots are clean here: `emit` clears the slots it used (and only records with
        // hits touch theirs), so a window costs nothing for records without a match.
        if accumulators.count < total {
            accumulators.append(contentsOf: repeatElement(Accumulator(), count: total - accumulators.count))
            while texts.count < total { texts.append([]) }
        }
    }

    /// Returns a record's slots to the clean state after emitting it.
    private func clearSlots(base: Int, count: Int) {
        for slot in base..<(base + count) {
            if accumulators[slot].hasText { texts[slot].removeAll(keepingCapacity: true) }
            accumulators[slot] = Accumulator()
        }
    }

    private func accumulate(_ source: Int, line text: UnsafeBufferPointer<UInt8>, sourceAllele: Int, base: Int, stride: Int, allele: Int) throws {
        var info: UnsafeBufferPointer<UInt8>?
        let outputs = plans[source].outputs
        for outputIndex in 0..<outputs.count {
            let output = outputs[outputIndex]
            let slot = base + outputIndex * stride + allele
            var value: UnsafeBufferPointer<UInt8>?
            switch output.origin {
            case .identifier:
                value = SourceAnnotator.column(text, 2)
            case .column(let index):
                value = SourceAnnotator.column(text, index)
            case .info(let name, let number, let isFlag):
                if info == nil { info = SourceAnnotator.column(text, 7) }
                guard let info, let found = SourceAnnotator.infoValue(info, name) else { continue }
                if isFlag { accumulators[slot].hits += 1; continue }
                switch number {
                case .perAlternateAllele: value = SourceAnnotator.item(found, sourceAllele - 1)
                case .perAllele: value = SourceAnnotator.item(found, sourceAllele)
                default: value = output.shape == .perAlternate ? SourceAnnotator.item(found, 0) : found
                }
            case .stars(let name):
                if info == nil { info = SourceAnnotator.column(text, 7) }
                guard let info, let status = SourceAnnotator.infoValue(info, name), let stars = stars.stars(for: status) else { continue }
                accumulators[slot].add(Double(stars), operation: .max)
                continue
            case .prepared, .preparedStars:
                continue
            }
            guard let value, !(value.count == 1 && value[0] == UInt8(ascii: ".")), value.count > 0 else { continue }
            try add(value, operation: output.operation, slot: slot, source: source, output: outputIndex)
        }
    }

    private func add(_ value: UnsafeBufferPointer<UInt8>, operation: SourceOperation, slot: Int, source: Int, output: Int) throws {
        switch operation {
        case .count, .flag:
            accumulators[slot].hits += 1
        case .first:
            if accumulators[slot].hits == 0 { texts[slot].append(contentsOf: value); accumulators[slot].hasText = true }
            accumulators[slot].hits += 1
        case .concat:
            if !texts[slot].isEmpty { texts[slot].append(UInt8(ascii: ",")) }
            texts[slot].append(contentsOf: value)
            accumulators[slot].hasText = true
            accumulators[slot].hits += 1
        case .uniq:
            if !SourceAnnotator.list(texts[slot], contains: value) {
                if !texts[slot].isEmpty { texts[slot].append(UInt8(ascii: ",")) }
                texts[slot].append(contentsOf: value)
                accumulators[slot].hasText = true
            }
            accumulators[slot].hits += 1
        case .max, .min, .mean, .sum:
            guard let number = parseDouble(value) else {
                throw SourceError("\(plans[source].declaration.file): value '\(String(decoding: value, as: UTF8.self))' of \(plans[source].outputs[output].name) is not a number (declare types = [\"String\"] or use op 'first')")
            }
            accumulators[slot].add(number, operation: operation)
        }
    }

    /// Appends `value` to `outputText`, made safe for a String INFO value: `;`, `=`,
    /// space and tab (which VCF forbids there) become `_`; with `commas`, `,` becomes
    /// `|` so a per-allele list keeps one item per allele.
    private func appendEscaped(_ value: UnsafeBufferPointer<UInt8>, commas: Bool) {
        for byte in value {
            switch byte {
            case UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: " "), 9: outputText.append(CChar(UInt8(ascii: "_")))
            case UInt8(ascii: ",") where commas: outputText.append(CChar(UInt8(ascii: "|")))
            default: outputText.append(CChar(bitPattern: byte))
            }
        }
    }

    private func emit(_ source: Int, _ record: VariantRecord, base: Int, alleles: Int) throws {
        let descriptors = emitOutputs[source]
        defer { clearSlots(base: base, count: descriptors.count * alleles) }
        let firstAllele = descriptors.first?.matchesAlleles == true ? 1 : 0
        for outputIndex in 0..<descriptors.count {
            let output = descriptors[outputIndex]
            let tag = outputTags[source][outputIndex]
            let outputBase = base + outputIndex * alleles
            var any = false
            for allele in firstAllele..<alleles where accumulators[outputBase + allele].hits > 0 { any = true }
            guard any else { continue }
            switch output.shape {
            case .flag:
                try record.appendInfoFlag(tag, name: plans[source].outputs[outputIndex].name, header: header)
            case .variable:
                outputText.removeAll(keepingCapacity: true)
                for allele in firstAllele..<alleles {
                    let slot = outputBase + allele
                    if let pooled = accumulators[slot].pooled {
                        if !outputText.isEmpty { outputText.append(CChar(UInt8(ascii: ","))) }
                        appendEscaped(pooled, commas: false)
                    } else if accumulators[slot].hasText {
                        if !outputText.isEmpty { outputText.append(CChar(UInt8(ascii: ","))) }
                        texts[slot].withUnsafeBufferPointer { appendEscaped($0, commas: false) }
                    }
                }
                guard !outputText.isEmpty else { continue }
                outputText.append(0)
                try outputText.withUnsafeBufferPointer { try record.appendInfo(tag, name: plans[source].outputs[outputIndex].name, text: $0, header: header) }
            case .perAlternate, .single:
                switch output.type {
                case .integer:
                    integers.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        let value = try number(output, slot: outputBase + allele, source: source, output: outputIndex)
                        if value != nil { present = true }
                        integers.append(value.map { Int32(clamping: Int64($0.rounded())) } ?? VariantRecord.missingInteger)
                    }
                    guard present else { continue }
                    try integers.withUnsafeBufferPointer { try record.appendInfo(tag, name: plans[source].outputs[outputIndex].name, integers: $0, header: header) }
                case .float:
                    floats.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        let value = try number(output, slot: outputBase + allele, source: source, output: outputIndex)
                        if value != nil { present = true }
                        floats.append(value.map { Float($0) } ?? VariantRecord.missingFloat)
                    }
                    guard present else { continue }
                    try floats.withUnsafeBufferPointer { try record.appendInfo(tag, name: plans[source].outputs[outputIndex].name, floats: $0, header: header) }
                default:
                    outputText.removeAll(keepingCapacity: true)
                    var present = false
                    for allele in firstAllele..<alleles {
                        if allele > firstAllele { outputText.append(CChar(UInt8(ascii: ","))) }
                        let slot = outputBase + allele
                        if let pooled = accumulators[slot].pooled {
                            present = true
                            appendEscaped(pooled, commas: true)
                        } else if accumulators[slot].hasText {
                            present = true
                            texts[slot].withUnsafeBufferPointer { appendEscaped($0, commas: true) }
                        } else {
                            outputText.append(CChar(UInt8(ascii: ".")))
                        }
                    }
                    guard present else { continue }
                    outputText.append(0)
                    try outputText.withUnsafeBufferPointer { try record.appendInfo(tag, name: plans[source].outputs[outputIndex].name, text: $0, header: header) }
                }
            }
        }
    }

    /// The numeric value of one accumulator for its operation, or nil when it has none.
    private func number(_ output: EmitOutput, slot: Int, source: Int, output outputIndex: Int) throws -> Double? {
        let accumulator = accumulators[slot]
        switch output.operation {
        case .count: return Double(accumulator.hits)
        case .max, .min, .sum: return accumulator.numbers > 0 ? accumulator.value : nil
        case .mean: return accumulator.numbers > 0 ? accumulator.sum / Double(accumulator.numbers) : nil
        case .first, .concat, .uniq, .flag:
            if accumulator.numbers > 0 { return accumulator.value }
            guard accumulator.hasText else { return nil }
            let parsed = texts[slot].withUnsafeBufferPointer { parseDouble($0) }
            let file = plans[source].declaration.file, name = plans[source].outputs[outputIndex].name
            guard let parsed else {
                throw SourceError("\(file): value '\(String(decoding: texts[slot], as: UTF8.self))' of \(name) is not a number (declare types = [\"String\"])")
            }
            if output.type == .integer && parsed != parsed.rounded() {
                throw SourceError("\(file): value '\(String(decoding: texts[slot], as: UTF8.self))' of \(name) is not an Integer (declare types = [\"Float\"])")
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

    /// Item `index` of a list separated by `separator` (a comma by default), or nil.
    static func item(_ list: UnsafeBufferPointer<UInt8>, _ index: Int, separator: UInt8 = UInt8(ascii: ",")) -> UnsafeBufferPointer<UInt8>? {
        guard index >= 0 else { return nil }
        var start = 0, item = 0
        for cursor in 0...list.count where cursor == list.count || list[cursor] == separator {
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

    private static func list(_ list: [UInt8], contains value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !list.isEmpty else { return false }
        var start = 0
        for cursor in 0...list.count where cursor == list.count || list[cursor] == UInt8(ascii: ",") {
            if cursor - start == value.count && list[start..<cursor].elementsEqual(value) { return true }
            start = cursor + 1
        }
        return false
    }
}

/// One ALT allele of an input record in the window, chained by hash.
struct InputAllele {
    var key: MinimalAllele
    var record: Int32
    var allele: Int32
    var next: Int32
}

/// What `emit` needs of one output (plain data, no reference counting in the loop).
struct EmitOutput {
    var shape: SourceOutput.Shape
    var type: FieldType
    var operation: SourceOperation
    var matchesAlleles: Bool
}

/// How one output reads a prepared column (plain data, no reference counting in the loop).
struct PreparedOutput {
    enum Kind { case float, integer, string, flag, stars }
    var field: Int
    var kind: Kind
    var operation: SourceOperation
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
    /// True once `texts` holds bytes for this slot.
    var hasText = false
    /// For `first` from a prepared source: the value's bytes in the mapped string pool
    /// (stable for the run), so nothing is copied until the record is written.
    var pooled: UnsafeBufferPointer<UInt8>?

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

    init(position: Int, reference: UnsafeBufferPointer<UInt8>, alternate: UnsafeBufferPointer<UInt8>, hashed: Bool = true) {
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
        guard hashed else { hash = 0; return }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: self.position)
        hash = hash &* 0x100_0000_01b3
        for byte in self.reference { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        hash = (hash ^ 62) &* 0x100_0000_01b3
        for byte in self.alternate { hash = (hash ^ UInt64(MinimalAllele.upper(byte))) &* 0x100_0000_01b3 }
        self.hash = Int(truncatingIfNeeded: hash)
    }

    @inline(__always) static func upper(_ byte: UInt8) -> UInt8 { byte >= 97 && byte <= 122 ? byte - 32 : byte }

    /// Same position and the same alleles, ignoring case.
    func matches(_ other: MinimalAllele) -> Bool {
        guard position == other.position, reference.count == other.reference.count, alternate.count == other.alternate.count else { return false }
        for index in 0..<reference.count where MinimalAllele.upper(reference[index]) != MinimalAllele.upper(other.reference[index]) { return false }
        for index in 0..<alternate.count where MinimalAllele.upper(alternate[index]) != MinimalAllele.upper(other.alternate[index]) { return false }
        return true
    }
}
