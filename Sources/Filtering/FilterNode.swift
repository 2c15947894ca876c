import VariantIO

/// One instruction of a lowered filter program. Every field is a plain value, so
/// that walking the program per record costs no reference counting; children,
/// lists and literal text live in side tables referenced by index.
struct FilterNode {
    enum Kind: UInt8 {
        // Conditions
        case constant, not, and, or, compareNumbers, compareTexts, numberIn, textIn, matches, flag
        case presentQuality, presentInfo, presentFormat, presentCSQ, genotype, quantified
        // Numbers
        case numberConstant, quality, position, infoNumber, formatNumber, csqNumber, arithmetic, negate, absolute, coalesceNumbers
        // Texts
        case literal, contig, reference, alternates, identifiers, filters, infoText, formatText, csqText, coalesceTexts
    }

    var kind: Kind
    /// Comparison (`ComparisonOperator` index), arithmetic symbol, genotype test or domain.
    var operation: UInt8 = 0
    /// Negated / split into parts / `all` / constant truth.
    var flag = false
    /// First child, tag, CSQ column or list start.
    var first: Int32 = -1
    /// Second child, or the sample (-1: the one being visited).
    var second: Int32 = -1
    /// Value index (-1: all values), list length, or regex slot.
    var third: Int32 = -1
    /// A numeric constant.
    var number: Double = 0
    /// The tag (INFO/FORMAT) the node reads.
    var tag: TagIndex = .undeclared
}

/// A compiled expression in lowered form: nodes plus side tables.
struct FilterProgram {
    var nodes: [FilterNode] = []
    /// Child lists of `and`/`or` nodes.
    var children: [Int32] = []
    /// Number lists of `in`.
    var numbers: [Double] = []
    /// Literal text: (offset, length) into `bytes`.
    var literals: [(Int32, Int32)] = []
    var bytes: [UInt8] = []
    var root: Int32 = 0

    /// Lowers a compiled condition.
    init(_ predicate: Predicate) {
        root = lower(predicate)
    }

    private mutating func add(_ node: FilterNode) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    private mutating func literal(_ text: [UInt8]) -> Int32 {
        literals.append((Int32(bytes.count), Int32(text.count)))
        bytes.append(contentsOf: text)
        return Int32(literals.count - 1)
    }

    private static func sample(_ binding: SampleBinding) -> Int32 {
        if case .fixed(let index) = binding { return Int32(index) }
        return -1
    }

    private mutating func lower(_ predicate: Predicate) -> Int32 {
        switch predicate {
        case .constant(let value):
            return add(FilterNode(kind: .constant, flag: value))
        case .not(let inner):
            let child = lower(inner)
            return add(FilterNode(kind: .not, first: child))
        case .and(let parts), .or(let parts):
            let lowered = parts.map { lower($0) }
            let start = Int32(children.count)
            children.append(contentsOf: lowered)
            let isAnd: Bool
            if case .and = predicate { isAnd = true } else { isAnd = false }
            return add(FilterNode(kind: isAnd ? .and : .or, first: start, third: Int32(lowered.count)))
        case .compareNumbers(let left, let comparison, let right):
            let a = lower(left), b = lower(right)
            return add(FilterNode(kind: .compareNumbers, operation: comparison.code, first: a, second: b))
        case .compareTexts(let left, let equal, let right):
            let a = lower(left), b = lower(right)
            return add(FilterNode(kind: .compareTexts, flag: equal, first: a, second: b))
        case .numberIn(let subject, let values):
            let a = lower(subject)
            let start = Int32(numbers.count)
            numbers.append(contentsOf: values)
            return add(FilterNode(kind: .numberIn, first: a, second: start, third: Int32(values.count)))
        case .textIn(let subject, let values):
            let a = lower(subject)
            let start = Int32(literals.count)
            for value in values { _ = literal(value) }
            return add(FilterNode(kind: .textIn, first: a, second: start, third: Int32(values.count)))
        case .matches(let subject, let slot, let negated):
            let a = lower(subject)
            return add(FilterNode(kind: .matches, flag: negated, first: a, third: Int32(slot)))
        case .flag(let tag):
            return add(FilterNode(kind: .flag, tag: tag.index))
        case .present(let test):
            switch test {
            case .quality: return add(FilterNode(kind: .presentQuality))
            case .info(let tag): return add(FilterNode(kind: .presentInfo, tag: tag.index))
            case .format(let tag, let binding): return add(FilterNode(kind: .presentFormat, second: FilterProgram.sample(binding), tag: tag.index))
            case .csq(let column): return add(FilterNode(kind: .presentCSQ, first: Int32(column)))
            }
        case .genotype(let test, let binding, let genotypeTag):
            return add(FilterNode(kind: .genotype, operation: test.code, second: FilterProgram.sample(binding), tag: genotypeTag.index))
        case .quantified(let all, let domain, let inner):
            let child = lower(inner)
            return add(FilterNode(kind: .quantified, operation: domain == .entries ? 0 : 1, flag: all, first: child))
        }
    }

    private mutating func lower(_ expression: NumberExpression) -> Int32 {
        switch expression {
        case .source(let source):
            switch source {
            case .constant(let value): return add(FilterNode(kind: .numberConstant, number: value))
            case .quality: return add(FilterNode(kind: .quality))
            case .position: return add(FilterNode(kind: .position))
            case .info(let tag, let index): return add(FilterNode(kind: .infoNumber, third: Int32(index ?? -1), tag: tag.index))
            case .format(let tag, let binding, let index):
                return add(FilterNode(kind: .formatNumber, second: FilterProgram.sample(binding), third: Int32(index ?? -1), tag: tag.index))
            case .csq(let column): return add(FilterNode(kind: .csqNumber, first: Int32(column)))
            }
        case .arithmetic(let symbol, let left, let right):
            let a = lower(left), b = lower(right)
            return add(FilterNode(kind: .arithmetic, operation: symbol.asciiValue ?? 0, first: a, second: b))
        case .negate(let inner):
            let a = lower(inner)
            return add(FilterNode(kind: .negate, first: a))
        case .absolute(let inner):
            let a = lower(inner)
            return add(FilterNode(kind: .absolute, first: a))
        case .coalesce(let left, let right):
            let a = lower(left), b = lower(right)
            return add(FilterNode(kind: .coalesceNumbers, first: a, second: b))
        }
    }

    private mutating func lower(_ expression: TextExpression) -> Int32 {
        switch expression {
        case .source(let source):
            switch source {
            case .literal(let text): return add(FilterNode(kind: .literal, first: literal(text)))
            case .contig: return add(FilterNode(kind: .contig))
            case .reference: return add(FilterNode(kind: .reference))
            case .alternates: return add(FilterNode(kind: .alternates))
            case .identifiers: return add(FilterNode(kind: .identifiers))
            case .filters: return add(FilterNode(kind: .filters))
            case .info(let tag, let split, let index):
                return add(FilterNode(kind: .infoText, flag: split, third: Int32(index ?? -1), tag: tag.index))
            case .format(let tag, let binding, let split, let index):
                return add(FilterNode(kind: .formatText, flag: split, second: FilterProgram.sample(binding), third: Int32(index ?? -1), tag: tag.index))
            case .csq(let column, let split):
                return add(FilterNode(kind: .csqText, flag: split, first: Int32(column)))
            }
        case .coalesce(let left, let right):
            let a = lower(left), b = lower(right)
            return add(FilterNode(kind: .coalesceTexts, first: a, second: b))
        }
    }

    /// Appends `other` (its nodes, tables and regex slots relocated) and returns its root.
    mutating func append(_ other: FilterProgram, regexOffset: Int32) -> Int32 {
        let nodeOffset = Int32(nodes.count), childOffset = Int32(children.count)
        let numberOffset = Int32(numbers.count), literalOffset = Int32(literals.count), byteOffset = Int32(bytes.count)
        for var node in other.nodes {
            switch node.kind {
            case .not, .quantified, .negate, .absolute:
                node.first += nodeOffset
            case .compareNumbers, .compareTexts, .arithmetic, .coalesceNumbers, .coalesceTexts:
                node.first += nodeOffset
                node.second += nodeOffset
            case .and, .or:
                node.first += childOffset
            case .numberIn:
                node.first += nodeOffset
                node.second += numberOffset
            case .textIn:
                node.first += nodeOffset
                node.second += literalOffset
            case .matches:
                node.first += nodeOffset
                node.third += regexOffset
            case .literal:
                node.first += literalOffset
            default:
                break
            }
            nodes.append(node)
        }
        children.append(contentsOf: other.children.map { $0 + nodeOffset })
        numbers.append(contentsOf: other.numbers)
        literals.append(contentsOf: other.literals.map { ($0.0 + byteOffset, $0.1) })
        bytes.append(contentsOf: other.bytes)
        return other.root + nodeOffset
    }

    /// An empty program to append expressions to.
    init() {}
}

