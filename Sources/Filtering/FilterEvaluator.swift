import Glibc
import VariantIO

/// Evaluates compiled expressions on records. One evaluator per worker thread: it
/// owns a copy of the lowered programs, its compiled regular expressions, per-node
/// value buffers and the per-record CSQ split, all in manually managed storage, so
/// evaluating a record allocates nothing and does no reference counting.
///
/// ```swift
/// let evaluator = FilterEvaluator(expressions: [rare, coding], csqTag: header.tag("CSQ"))
/// evaluator.load(record)
/// if evaluator.holds(0) && evaluator.holds(1) { … }
/// ```
public final class FilterEvaluator {
    /// A run of bytes in the record, a literal or the CSQ value.
    private typealias Span = (start: UnsafePointer<UInt8>?, count: Int)

    private let nodes: UnsafeMutableBufferPointer<FilterNode>
    private let children: UnsafeMutableBufferPointer<Int32>
    private let listNumbers: UnsafeMutableBufferPointer<Double>
    private let literalBytes: UnsafeMutableBufferPointer<UInt8>
    private let literals: UnsafeMutableBufferPointer<Span>
    private let roots: UnsafeMutableBufferPointer<Int32>
    private let regexes: UnsafeMutableBufferPointer<regex_t>

    /// Per node: value storage and its capacity (numbers and spans share the count).
    private let numberValues: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>>
    private let spanValues: UnsafeMutableBufferPointer<UnsafeMutablePointer<Span>>
    private let capacities: UnsafeMutableBufferPointer<Int>

    /// CSQ of the loaded record: (start, end) byte offsets of each column, entry after entry.
    private let csqTag: TagIndex
    private var csqLoaded = false
    private var csqBytes: UnsafePointer<UInt8>?
    private var csqBounds: UnsafeMutablePointer<Int32>
    private var csqBoundsCapacity = 256
    private var csqEntryStarts: UnsafeMutablePointer<Int32>
    private var csqEntryCapacity = 64
    private var csqColumnCount = 0
    private var csqEntries = 0

    private var scratch: UnsafeMutablePointer<CChar>
    private var scratchCapacity = 256
    /// `.`, what FILTER reads as when the record has none.
    private let missingFilter: UnsafeMutablePointer<UInt8>

    /// Prepares an evaluator for `expressions`, all compiled against one schema.
    public init(expressions: [FilterExpression], csqTag: TagKey?) {
        var program = FilterProgram()
        var roots: [Int32] = []
        var patterns: [String] = []
        for expression in expressions {
            roots.append(program.append(expression.program, regexOffset: Int32(patterns.count)))
            patterns.append(contentsOf: expression.patterns)
        }
        nodes = .allocate(capacity: max(1, program.nodes.count))
        _ = nodes.initialize(from: program.nodes)
        children = .allocate(capacity: max(1, program.children.count))
        _ = children.initialize(from: program.children)
        listNumbers = .allocate(capacity: max(1, program.numbers.count))
        _ = listNumbers.initialize(from: program.numbers)
        literalBytes = .allocate(capacity: max(1, program.bytes.count))
        _ = literalBytes.initialize(from: program.bytes)
        literals = .allocate(capacity: max(1, program.literals.count))
        let base = UnsafePointer(literalBytes.baseAddress!)
        for (index, literal) in program.literals.enumerated() {
            literals[index] = (base + Int(literal.0), Int(literal.1))
        }
        self.roots = .allocate(capacity: max(1, roots.count))
        _ = self.roots.initialize(from: roots)
        regexes = .allocate(capacity: max(1, patterns.count))
        for (index, pattern) in patterns.enumerated() {
            // Validated when the expression was compiled.
            _ = regcomp(regexes.baseAddress! + index, pattern, REG_EXTENDED | REG_NOSUB)
        }
        let count = max(1, program.nodes.count)
        numberValues = .allocate(capacity: count)
        spanValues = .allocate(capacity: count)
        capacities = .allocate(capacity: count)
        for index in 0..<count {
            numberValues[index] = .allocate(capacity: 8)
            spanValues[index] = .allocate(capacity: 8)
            capacities[index] = 8
        }
        self.csqTag = csqTag?.index ?? .undeclared
        csqBounds = .allocate(capacity: csqBoundsCapacity)
        csqEntryStarts = .allocate(capacity: csqEntryCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        missingFilter = .allocate(capacity: 1)
        missingFilter.initialize(to: UInt8(ascii: "."))
        regexCount = patterns.count
    }

    private let regexCount: Int

    deinit {
        for index in 0..<regexCount { regfree(regexes.baseAddress! + index) }
        for index in 0..<capacities.count {
            numberValues[index].deallocate()
            spanValues[index].deallocate()
        }
        nodes.deallocate()
        children.deallocate(); listNumbers.deallocate(); literalBytes.deallocate(); literals.deallocate()
        roots.deallocate(); regexes.deallocate(); numberValues.deallocate(); spanValues.deallocate(); capacities.deallocate()
        csqBounds.deallocate(); csqEntryStarts.deallocate(); scratch.deallocate(); missingFilter.deallocate()
    }

    private unowned(unsafe) var record: VariantRecord?

    /// Makes `record` the one the next `holds` calls look at.
    public func load(_ record: VariantRecord) {
        self.record = record
        csqLoaded = false
    }

    /// Whether expression `index` holds for the loaded record.
    public func holds(_ index: Int) -> Bool {
        guard let record else { return false }
        return condition(roots[index], record, entry: -1, sample: -1)
    }

    // MARK: Conditions

    private func condition(_ index: Int32, _ record: VariantRecord, entry: Int, sample: Int) -> Bool {
        let node = nodes[Int(index)]
        switch node.kind {
        case .constant:
            return node.flag
        case .not:
            return !condition(node.first, record, entry: entry, sample: sample)
        case .and:
            for slot in Int(node.first)..<Int(node.first + node.third) where !condition(children[slot], record, entry: entry, sample: sample) {
                return false
            }
            return true
        case .or:
            for slot in Int(node.first)..<Int(node.first + node.third) where condition(children[slot], record, entry: entry, sample: sample) {
                return true
            }
            return false
        case .compareNumbers:
            let left = numbers(node.first, record, entry, sample)
            let right = numbers(node.second, record, entry, sample)
            let comparison = ComparisonOperator(code: node.operation)
            // `!=` also holds when a side has no value (as in bcftools).
            if left == 0 || right == 0 { return comparison == .notEqual }
            let a = numberValues[Int(node.first)], b = numberValues[Int(node.second)]
            for i in 0..<left { for j in 0..<right where comparison.holds(a[i], b[j]) { return true } }
            return false
        case .compareTexts:
            let left = texts(node.first, record, entry, sample)
            let right = texts(node.second, record, entry, sample)
            if left == 0 || right == 0 { return !node.flag }
            let a = spanValues[Int(node.first)], b = spanValues[Int(node.second)]
            for i in 0..<left { for j in 0..<right where FilterEvaluator.same(a[i], b[j]) == node.flag { return true } }
            return false
        case .numberIn:
            let count = numbers(node.first, record, entry, sample)
            let values = numberValues[Int(node.first)]
            for i in 0..<count {
                for slot in Int(node.second)..<Int(node.second + node.third) where listNumbers[slot] == values[i] { return true }
            }
            return false
        case .textIn:
            let count = texts(node.first, record, entry, sample)
            let values = spanValues[Int(node.first)]
            for i in 0..<count {
                for slot in Int(node.second)..<Int(node.second + node.third) where FilterEvaluator.same(values[i], literals[slot]) { return true }
            }
            return false
        case .matches:
            let count = texts(node.first, record, entry, sample)
            let values = spanValues[Int(node.first)]
            let regex = regexes.baseAddress! + Int(node.third)
            for i in 0..<count where matches(regex, values[i]) != node.flag { return true }
            return false
        case .flag, .presentInfo:
            return record.hasInfo(node.tag)
        case .presentQuality:
            return record.quality != nil
        case .presentFormat:
            let sampleIndex = node.second >= 0 ? Int(node.second) : sample
            guard sampleIndex >= 0, sampleIndex < record.sampleCount, let column = record.formatColumn(node.tag) else { return false }
            if let bytes = column.bytes(sample: sampleIndex) { return !bytes.isEmpty && !(bytes.count == 1 && bytes[0] == UInt8(ascii: ".")) }
            for slot in 0..<column.valuesPerSample where !column.number(sample: sampleIndex, index: slot).isNaN { return true }
            return false
        case .presentCSQ:
            loadCSQ(record)
            guard let span = csqValue(entry: entry, column: Int(node.first)) else { return false }
            return span.count > 0
        case .genotype:
            return genotype(GenotypeTest(code: node.operation), node.second >= 0 ? Int(node.second) : sample, node.tag, record)
        case .quantified:
            let entries = node.operation == 0
            let count: Int
            if entries { loadCSQ(record); count = csqEntries } else { count = record.sampleCount }
            guard count > 0 else { return false }
            for element in 0..<count {
                let holds = entries
                    ? condition(node.first, record, entry: element, sample: sample)
                    : condition(node.first, record, entry: entry, sample: element)
                if holds != node.flag { return holds }
            }
            return node.flag
        default:
            return false
        }
    }

    private func genotype(_ test: GenotypeTest, _ sample: Int, _ genotypeTag: TagIndex, _ record: VariantRecord) -> Bool {
        guard sample >= 0, sample < record.sampleCount else { return false }
        guard let column = record.formatColumn(genotypeTag) else { return test == .missing }
        if test == .phased { return column.isPhased(sample: sample) }
        let call = column.genotypeCall(sample: sample).genotypeClass
        switch test {
        case .het: return call.isHeterozygous
        case .homReference: return call == .homozygousReference || call == .haploidReference
        case .homAlternate: return call == .homozygousAlternate || call == .haploidAlternate
        case .alt: return call.isHeterozygous || call == .homozygousAlternate || call == .haploidAlternate
        case .missing: return call == .missing
        case .phased: return false
        }
    }

    // MARK: Value storage

    /// Makes room for `count` values at node `index`, keeping the first `kept`.
    @inline(__always)
    private func reserve(_ index: Int, _ count: Int, keeping kept: Int = 0) {
        guard count > capacities[index] else { return }
        var capacity = capacities[index]
        while capacity < count { capacity *= 2 }
        let numbers = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        let spans = UnsafeMutablePointer<Span>.allocate(capacity: capacity)
        numbers.update(from: numberValues[index], count: kept)
        spans.update(from: spanValues[index], count: kept)
        numberValues[index].deallocate()
        spanValues[index].deallocate()
        numberValues[index] = numbers
        spanValues[index] = spans
        capacities[index] = capacity
    }

    // MARK: Numbers

    /// Fills node `index`'s number storage with its non-missing values; returns how many.
    private func numbers(_ index: Int32, _ record: VariantRecord, _ entry: Int, _ sample: Int) -> Int {
        let slot = Int(index)
        let node = nodes[slot]
        switch node.kind {
        case .numberConstant:
            numberValues[slot][0] = node.number
            return 1
        case .quality:
            guard let quality = record.quality else { return 0 }
            numberValues[slot][0] = Double(quality)
            return 1
        case .position:
            numberValues[slot][0] = Double(record.position)
            return 1
        case .infoNumber:
            if node.third >= 0 {
                let value = record.infoNumber(node.tag, index: Int(node.third))
                numberValues[slot][0] = value
                return value.isNaN ? 0 : 1
            }
            var count = record.infoNumbers(node.tag, into: numberValues[slot], capacity: capacities[slot])
            if count > capacities[slot] {
                reserve(slot, count)
                count = record.infoNumbers(node.tag, into: numberValues[slot], capacity: capacities[slot])
            }
            return compact(numberValues[slot], count)
        case .formatNumber:
            let sampleIndex = node.second >= 0 ? Int(node.second) : sample
            guard sampleIndex >= 0, sampleIndex < record.sampleCount, let column = record.formatColumn(node.tag) else { return 0 }
            if node.third >= 0 {
                let value = column.number(sample: sampleIndex, index: Int(node.third))
                numberValues[slot][0] = value
                return value.isNaN ? 0 : 1
            }
            let width = column.valuesPerSample
            reserve(slot, width)
            let values = numberValues[slot]
            var count = 0
            for position in 0..<width {
                let value = column.number(sample: sampleIndex, index: position)
                if !value.isNaN { values[count] = value; count += 1 }
            }
            return count
        case .csqNumber:
            loadCSQ(record)
            guard let span = csqValue(entry: entry, column: Int(node.first)), span.count > 0, let start = span.start else { return 0 }
            var count = 0
            var partStart = 0
            for position in 0...span.count where position == span.count || start[position] == UInt8(ascii: "&") {
                if let value = parseNumber(start + partStart, position - partStart) {
                    reserve(slot, count + 1, keeping: count)
                    numberValues[slot][count] = value
                    count += 1
                }
                partStart = position + 1
            }
            return count
        case .arithmetic:
            let left = numbers(node.first, record, entry, sample)
            let right = numbers(node.second, record, entry, sample)
            reserve(slot, left * right)
            let a = numberValues[Int(node.first)], b = numberValues[Int(node.second)], out = numberValues[slot]
            var count = 0
            for i in 0..<left {
                for j in 0..<right {
                    let result: Double
                    switch node.operation {
                    case UInt8(ascii: "+"): result = a[i] + b[j]
                    case UInt8(ascii: "-"): result = a[i] - b[j]
                    case UInt8(ascii: "*"): result = a[i] * b[j]
                    default: result = a[i] / b[j]
                    }
                    if !result.isNaN { out[count] = result; count += 1 }
                }
            }
            return count
        case .negate, .absolute:
            let count = numbers(node.first, record, entry, sample)
            reserve(slot, count)
            let source = numberValues[Int(node.first)], out = numberValues[slot]
            for i in 0..<count { out[i] = node.kind == .negate ? -source[i] : Swift.abs(source[i]) }
            return count
        case .coalesceNumbers:
            var source = node.first
            var count = numbers(source, record, entry, sample)
            if count == 0 {
                source = node.second
                count = numbers(source, record, entry, sample)
            }
            reserve(slot, count)
            numberValues[slot].update(from: numberValues[Int(source)], count: count)
            return count
        default:
            return 0
        }
    }

    /// Removes NaN (missing) values in place.
    private func compact(_ values: UnsafeMutablePointer<Double>, _ count: Int) -> Int {
        var kept = 0
        for i in 0..<count where !values[i].isNaN {
            values[kept] = values[i]
            kept += 1
        }
        return kept
    }

    private func parseNumber(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count > 0, count < scratchCapacity else { return nil }
        UnsafeMutableRawPointer(scratch).copyMemory(from: start, byteCount: count)
        scratch[count] = 0
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod(scratch, &end)
        guard end == scratch + count, value.isFinite else { return nil }
        return value
    }

    // MARK: Texts

    /// Fills node `index`'s span storage with its values; returns how many.
    private func texts(_ index: Int32, _ record: VariantRecord, _ entry: Int, _ sample: Int) -> Int {
        let slot = Int(index)
        let node = nodes[slot]
        switch node.kind {
        case .literal:
            spanValues[slot][0] = literals[Int(node.first)]
            return 1
        case .contig:
            spanValues[slot][0] = FilterEvaluator.span(record.contigBytes)
            return 1
        case .reference:
            spanValues[slot][0] = FilterEvaluator.span(record.alleleBytes(0))
            return 1
        case .alternates:
            let count = max(0, record.alleleCount - 1)
            reserve(slot, count)
            for allele in 0..<count { spanValues[slot][allele] = FilterEvaluator.span(record.alleleBytes(allele + 1)) }
            return count
        case .identifiers:
            return split(FilterEvaluator.span(record.identifierBytes), separator: UInt8(ascii: ";"), index: -1, into: slot)
        case .filters:
            let count = record.filterCount
            if count == 0 {
                spanValues[slot][0] = (UnsafePointer(missingFilter), 1)
                return 1
            }
            reserve(slot, count)
            for position in 0..<count { spanValues[slot][position] = FilterEvaluator.span(record.filterName(at: position)) }
            return count
        case .infoText:
            guard let bytes = record.infoBytes(node.tag) else { return 0 }
            if !node.flag { spanValues[slot][0] = FilterEvaluator.span(bytes); return 1 }
            return split(FilterEvaluator.span(bytes), separator: UInt8(ascii: ","), index: Int(node.third), into: slot)
        case .formatText:
            let sampleIndex = node.second >= 0 ? Int(node.second) : sample
            guard sampleIndex >= 0, sampleIndex < record.sampleCount, let column = record.formatColumn(node.tag),
                  let bytes = column.bytes(sample: sampleIndex) else { return 0 }
            if bytes.count == 1, bytes[0] == UInt8(ascii: ".") { return 0 }
            if !node.flag { spanValues[slot][0] = FilterEvaluator.span(bytes); return 1 }
            return split(FilterEvaluator.span(bytes), separator: UInt8(ascii: ","), index: Int(node.third), into: slot)
        case .csqText:
            loadCSQ(record)
            guard let span = csqValue(entry: entry, column: Int(node.first)), span.count > 0 else { return 0 }
            if !node.flag { spanValues[slot][0] = span; return 1 }
            return split(span, separator: UInt8(ascii: "&"), index: -1, into: slot)
        case .coalesceTexts:
            var source = node.first
            var count = texts(source, record, entry, sample)
            if count == 0 {
                source = node.second
                count = texts(source, record, entry, sample)
            }
            reserve(slot, count)
            spanValues[slot].update(from: spanValues[Int(source)], count: count)
            return count
        default:
            return 0
        }
    }

    /// Splits `span` at `separator` into node `slot`'s storage (only part `index` when ≥ 0).
    private func split(_ span: Span, separator: UInt8, index: Int, into slot: Int) -> Int {
        guard let start = span.start else { return 0 }
        var count = 0, part = 0, partStart = 0
        for position in 0...span.count where position == span.count || start[position] == separator {
            if index < 0 || part == index {
                reserve(slot, count + 1, keeping: count)
                spanValues[slot][count] = (start + partStart, position - partStart)
                count += 1
            }
            part += 1
            partStart = position + 1
        }
        return count
    }

    @inline(__always)
    private static func span(_ buffer: UnsafeBufferPointer<UInt8>) -> Span { (buffer.baseAddress, buffer.count) }

    @inline(__always)
    private static func same(_ left: Span, _ right: Span) -> Bool {
        guard left.count == right.count else { return false }
        if left.count == 0 { return true }
        guard let a = left.start, let b = right.start else { return false }
        return memcmp(a, b, left.count) == 0
    }

    private func matches(_ regex: UnsafeMutablePointer<regex_t>, _ span: Span) -> Bool {
        if span.count + 1 > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = span.count + 1
            scratch = .allocate(capacity: scratchCapacity)
        }
        if let start = span.start { UnsafeMutableRawPointer(scratch).copyMemory(from: start, byteCount: span.count) }
        scratch[span.count] = 0
        return regexec(regex, scratch, 0, nil, 0) == 0
    }

    // MARK: CSQ

    /// Splits the record's CSQ into entries (`,`) and columns (`|`), once per record.
    private func loadCSQ(_ record: VariantRecord) {
        guard !csqLoaded else { return }
        csqLoaded = true
        csqEntries = 0
        csqBytes = nil
        guard let value = record.infoBytes(csqTag), value.count > 0, let start = value.baseAddress else { return }
        csqBytes = start
        var bounds = 0, fieldStart = 0
        csqEntryStarts[0] = 0
        for position in 0...value.count {
            let atEnd = position == value.count
            let byte = atEnd ? UInt8(ascii: ",") : start[position]
            guard byte == UInt8(ascii: "|") || byte == UInt8(ascii: ",") else { continue }
            if bounds + 2 > csqBoundsCapacity {
                let grown = UnsafeMutablePointer<Int32>.allocate(capacity: csqBoundsCapacity * 2)
                grown.update(from: csqBounds, count: bounds)
                csqBounds.deallocate()
                csqBounds = grown
                csqBoundsCapacity *= 2
            }
            csqBounds[bounds] = Int32(fieldStart)
            csqBounds[bounds + 1] = Int32(position)
            bounds += 2
            fieldStart = position + 1
            if byte == UInt8(ascii: ",") {
                csqEntries += 1
                if csqEntries + 1 > csqEntryCapacity {
                    let grown = UnsafeMutablePointer<Int32>.allocate(capacity: csqEntryCapacity * 2)
                    grown.update(from: csqEntryStarts, count: csqEntries)
                    csqEntryStarts.deallocate()
                    csqEntryStarts = grown
                    csqEntryCapacity *= 2
                }
                csqEntryStarts[csqEntries] = Int32(bounds / 2)
            }
        }
    }

    /// The bytes of `column` in `entry`, or nil when there is no such entry or column.
    private func csqValue(entry: Int, column: Int) -> Span? {
        guard entry >= 0, entry < csqEntries, let bytes = csqBytes else { return nil }
        let field = Int(csqEntryStarts[entry]) + column
        guard field < Int(csqEntryStarts[entry + 1]) else { return nil }
        let start = Int(csqBounds[2 * field]), end = Int(csqBounds[2 * field + 1])
        return (bytes + start, end - start)
    }
}
