import Glibc
import VariantIO

/// Evaluates compiled expressions on records. One evaluator per worker thread: it
/// owns its compiled regular expressions and the per-record CSQ split, and
/// allocates nothing per record once warmed up.
///
/// ```swift
/// let evaluator = FilterEvaluator(expressions: [rare, coding])
/// evaluator.load(record)
/// if evaluator.holds(0) && evaluator.holds(1) { … }
/// ```
public final class FilterEvaluator {
    private let expressions: [FilterExpression]
    private var regexes: [[UnsafeMutablePointer<regex_t>]]
    private var record: VariantRecord?
    private let csq: CSQTable
    private var scratch: [CChar] = []
    private var expressionIndex = 0

    /// Prepares an evaluator for `expressions`, all compiled against one schema.
    public init(expressions: [FilterExpression], csqTag: TagKey?) {
        self.expressions = expressions
        self.csq = CSQTable(tag: csqTag)
        self.regexes = expressions.map { expression in
            expression.patterns.map { pattern in
                let compiled = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
                // Validated at compile time; a failure here cannot happen.
                _ = regcomp(compiled, pattern, REG_EXTENDED | REG_NOSUB)
                return compiled
            }
        }
    }

    deinit {
        for slots in regexes {
            for compiled in slots { regfree(compiled); compiled.deallocate() }
        }
    }

    /// Makes `record` the one the next `holds` calls look at.
    public func load(_ record: VariantRecord) {
        self.record = record
        csq.invalidate()
    }

    /// Whether expression `index` holds for the loaded record.
    public func holds(_ index: Int) -> Bool {
        guard let record else { return false }
        expressionIndex = index
        return evaluate(expressions[index].predicate, record, entry: -1, sample: -1)
    }

    // MARK: Predicates

    private func evaluate(_ predicate: Predicate, _ record: VariantRecord, entry: Int, sample: Int) -> Bool {
        switch predicate {
        case .constant(let value):
            return value
        case .not(let inner):
            return !evaluate(inner, record, entry: entry, sample: sample)
        case .and(let parts):
            for part in parts where !evaluate(part, record, entry: entry, sample: sample) { return false }
            return true
        case .or(let parts):
            for part in parts where evaluate(part, record, entry: entry, sample: sample) { return true }
            return false
        case .compareNumbers(let left, let comparison, let right):
            // `!=` also holds when either side has no value (as in bcftools): a
            // missing value differs from every value.
            var leftSeen = false
            let found = numbers(left, record, entry, sample) { x in
                leftSeen = true
                var rightSeen = false
                let holds = numbers(right, record, entry, sample) { y in rightSeen = true; return comparison.holds(x, y) }
                return holds || (comparison == .notEqual && !rightSeen)
            }
            return found || (comparison == .notEqual && !leftSeen)
        case .compareTexts(let left, let equal, let right):
            var leftSeen = false
            let found = texts(left, record, entry, sample) { x in
                leftSeen = true
                var rightSeen = false
                let holds = texts(right, record, entry, sample) { y in rightSeen = true; return FilterEvaluator.same(x, y) == equal }
                return holds || (!equal && !rightSeen)
            }
            return found || (!equal && !leftSeen)
        case .numberIn(let subject, let values):
            return numbers(subject, record, entry, sample) { values.contains($0) }
        case .textIn(let subject, let values):
            return texts(subject, record, entry, sample) { text in
                values.contains { value in value.withUnsafeBufferPointer { FilterEvaluator.same(text, $0) } }
            }
        case .matches(let subject, let slot, let negated):
            let compiled = regexes[expressionIndex][slot]
            return texts(subject, record, entry, sample) { text in matches(compiled, text) != negated }
        case .flag(let tag):
            return record.hasInfo(tag)
        case .present(let test):
            return present(test, record, entry: entry, sample: sample)
        case .genotype(let test, let binding, let genotypeTag):
            return genotype(test, binding.resolve(sample), genotypeTag, record)
        case .quantified(let all, let domain, let inner):
            let count: Int
            switch domain {
            case .entries:
                csq.load(from: record)
                count = csq.entryCount
            case .samples:
                count = record.sampleCount
            }
            guard count > 0 else { return false }
            for element in 0..<count {
                let holds = domain == .entries
                    ? evaluate(inner, record, entry: element, sample: sample)
                    : evaluate(inner, record, entry: entry, sample: element)
                if holds != all { return holds }
            }
            return all
        }
    }

    private func present(_ test: PresenceTest, _ record: VariantRecord, entry: Int, sample: Int) -> Bool {
        switch test {
        case .quality: return record.quality != nil
        case .info(let tag): return record.hasInfo(tag)
        case .format(let tag, let binding):
            let index = binding.resolve(sample)
            guard index >= 0, index < record.sampleCount, let column = record.formatColumn(tag) else { return false }
            if let bytes = column.bytes(sample: index) { return !bytes.isEmpty && !(bytes.count == 1 && bytes[0] == UInt8(ascii: ".")) }
            for slot in 0..<column.valuesPerSample where !column.number(sample: index, index: slot).isNaN { return true }
            return false
        case .csq(let column):
            csq.load(from: record)
            guard entry >= 0, let bytes = csq.value(entry: entry, column: column) else { return false }
            return !bytes.isEmpty
        }
    }

    private func genotype(_ test: GenotypeTest, _ sample: Int, _ genotypeTag: TagKey, _ record: VariantRecord) -> Bool {
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

    // MARK: Numbers

    /// Calls `body` with each value of `expression` until it returns true.
    private func numbers(_ expression: NumberExpression, _ record: VariantRecord, _ entry: Int, _ sample: Int,
                         _ body: (Double) -> Bool) -> Bool {
        switch expression {
        case .source(let source):
            return numbers(source, record, entry, sample, body)
        case .arithmetic(let symbol, let left, let right):
            return numbers(left, record, entry, sample) { x in
                numbers(right, record, entry, sample) { y in
                    let result: Double
                    switch symbol {
                    case "+": result = x + y
                    case "-": result = x - y
                    case "*": result = x * y
                    default: result = x / y
                    }
                    return result.isNaN ? false : body(result)
                }
            }
        case .negate(let inner):
            return numbers(inner, record, entry, sample) { body(-$0) }
        case .absolute(let inner):
            return numbers(inner, record, entry, sample) { body(Swift.abs($0)) }
        case .coalesce(let left, let right):
            var produced = false
            if numbers(left, record, entry, sample, { produced = true; return body($0) }) { return true }
            return produced ? false : numbers(right, record, entry, sample, body)
        }
    }

    private func numbers(_ source: NumberSource, _ record: VariantRecord, _ entry: Int, _ sample: Int,
                         _ body: (Double) -> Bool) -> Bool {
        switch source {
        case .constant(let value):
            return body(value)
        case .quality:
            guard let quality = record.quality else { return false }
            return body(Double(quality))
        case .position:
            return body(Double(record.position))
        case .info(let tag, let index):
            if let index {
                let value = record.infoNumber(tag, index: index)
                return value.isNaN ? false : body(value)
            }
            for slot in 0..<record.infoValueCount(tag) {
                let value = record.infoNumber(tag, index: slot)
                if !value.isNaN, body(value) { return true }
            }
            return false
        case .format(let tag, let binding, let index):
            let sampleIndex = binding.resolve(sample)
            guard sampleIndex >= 0, sampleIndex < record.sampleCount, let column = record.formatColumn(tag) else { return false }
            if let index {
                let value = column.number(sample: sampleIndex, index: index)
                return value.isNaN ? false : body(value)
            }
            for slot in 0..<column.valuesPerSample {
                let value = column.number(sample: sampleIndex, index: slot)
                if !value.isNaN, body(value) { return true }
            }
            return false
        case .csq(let column):
            csq.load(from: record)
            guard entry >= 0, let bytes = csq.value(entry: entry, column: column) else { return false }
            return FilterEvaluator.parts(bytes, separator: UInt8(ascii: "&")) { part in
                guard let value = parseNumber(part) else { return false }
                return body(value)
            }
        }
    }

    private func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        scratch.removeAll(keepingCapacity: true)
        for byte in bytes { scratch.append(CChar(bitPattern: byte)) }
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { buffer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == UnsafeMutablePointer(mutating: buffer.baseAddress! + bytes.count), value.isFinite else { return nil }
            return value
        }
    }

    // MARK: Texts

    private func texts(_ expression: TextExpression, _ record: VariantRecord, _ entry: Int, _ sample: Int,
                       _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        switch expression {
        case .source(let source):
            return texts(source, record, entry, sample, body)
        case .coalesce(let left, let right):
            var produced = false
            if texts(left, record, entry, sample, { produced = true; return body($0) }) { return true }
            return produced ? false : texts(right, record, entry, sample, body)
        }
    }

    private func texts(_ source: TextSource, _ record: VariantRecord, _ entry: Int, _ sample: Int,
                       _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        switch source {
        case .literal(let bytes):
            return bytes.withUnsafeBufferPointer(body)
        case .contig:
            return body(record.contigBytes)
        case .reference:
            return body(record.alleleBytes(0))
        case .alternates:
            for allele in 1..<max(1, record.alleleCount) where body(record.alleleBytes(allele)) { return true }
            return false
        case .identifiers:
            return FilterEvaluator.parts(record.identifierBytes, separator: UInt8(ascii: ";"), body)
        case .filters:
            if record.filterCount == 0 { return FilterEvaluator.missingFilter.withUnsafeBufferPointer(body) }
            return record.anyFilterName(body)
        case .info(let tag, let split, let index):
            guard let bytes = record.infoBytes(tag) else { return false }
            return FilterEvaluator.pick(bytes, split: split, index: index, body)
        case .format(let tag, let binding, let split, let index):
            let sampleIndex = binding.resolve(sample)
            guard sampleIndex >= 0, sampleIndex < record.sampleCount, let column = record.formatColumn(tag),
                  let bytes = column.bytes(sample: sampleIndex) else { return false }
            if bytes.count == 1, bytes[0] == UInt8(ascii: ".") { return false }
            return FilterEvaluator.pick(bytes, split: split, index: index, body)
        case .csq(let column, let split):
            csq.load(from: record)
            guard entry >= 0, let bytes = csq.value(entry: entry, column: column), !bytes.isEmpty else { return false }
            return split ? FilterEvaluator.parts(bytes, separator: UInt8(ascii: "&"), body) : body(bytes)
        }
    }

    private static let missingFilter: [UInt8] = [UInt8(ascii: ".")]

    private static func pick(_ bytes: UnsafeBufferPointer<UInt8>, split: Bool, index: Int?,
                             _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard split else { return body(bytes) }
        var position = 0
        return parts(bytes, separator: UInt8(ascii: ",")) { part in
            defer { position += 1 }
            if let index { return position == index ? body(part) : false }
            return body(part)
        }
    }

    /// Calls `body` with each `separator`-delimited part of `bytes` until it returns true.
    static func parts(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == separator {
            if body(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return true }
            start = index + 1
        }
        return false
    }

    @inline(__always)
    static func same(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        if left.isEmpty { return true }
        return memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
    }

    private func matches(_ compiled: UnsafeMutablePointer<regex_t>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for byte in text { scratch.append(CChar(bitPattern: byte)) }
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { regexec(compiled, $0.baseAddress!, 0, nil, 0) == 0 }
    }
}

extension SampleBinding {
    @inline(__always)
    func resolve(_ current: Int) -> Int {
        switch self {
        case .fixed(let index): return index
        case .current: return current
        }
    }
}
