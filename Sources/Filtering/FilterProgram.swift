import VariantIO

/// Which sample a FORMAT value or genotype is read from.
enum SampleBinding: Equatable {
    /// A sample fixed when the expression was compiled (by name or PED role).
    case fixed(Int)
    /// The sample that an enclosing `any()`/`all()` is visiting.
    case current
}

/// What `any()` and `all()` iterate over.
enum QuantifierDomain: Hashable, CustomStringConvertible {
    /// The transcript entries of INFO/CSQ.
    case entries
    /// The samples of the record.
    case samples

    var description: String { self == .entries ? "CSQ entries" : "samples" }
}

/// Genotype tests (`het(proband)`).
enum GenotypeTest: String, CaseIterable {
    case het, homReference = "hom_ref", homAlternate = "hom_alt", alt, missing, phased

    /// The test's code in a lowered program.
    var code: UInt8 {
        switch self {
        case .het: return 0
        case .homReference: return 1
        case .homAlternate: return 2
        case .alt: return 3
        case .missing: return 4
        case .phased: return 5
        }
    }

    /// The test with code `code`.
    @inline(__always)
    init(code: UInt8) {
        switch code {
        case 0: self = .het
        case 1: self = .homReference
        case 2: self = .homAlternate
        case 3: self = .alt
        case 4: self = .missing
        default: self = .phased
        }
    }
}

/// Comparison operators.
enum ComparisonOperator: String {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The operator's code in a lowered program.
    var code: UInt8 {
        switch self {
        case .equal: return 0
        case .notEqual: return 1
        case .less: return 2
        case .lessOrEqual: return 3
        case .greater: return 4
        case .greaterOrEqual: return 5
        }
    }

    /// The operator with code `code`.
    @inline(__always)
    init(code: UInt8) {
        switch code {
        case 0: self = .equal
        case 1: self = .notEqual
        case 2: self = .less
        case 3: self = .lessOrEqual
        case 4: self = .greater
        default: self = .greaterOrEqual
        }
    }

    @inline(__always)
    func holds(_ left: Double, _ right: Double) -> Bool {
        switch self {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        }
    }
}

/// A leaf that yields numbers (missing values yield nothing).
enum NumberSource {
    case constant(Double)
    case quality
    case position
    /// All values, or value `index`, of a numeric INFO field.
    case info(TagKey, index: Int?)
    /// All values, or value `index`, of a numeric FORMAT field of one sample.
    case format(TagKey, SampleBinding, index: Int?)
    /// A CSQ column of the current entry, read as numbers (`&`-separated parts each).
    case csq(column: Int)
}

/// A numeric expression: every combination of its operands' values.
indirect enum NumberExpression {
    case source(NumberSource)
    case arithmetic(Character, NumberExpression, NumberExpression)
    case negate(NumberExpression)
    case absolute(NumberExpression)
    /// The left values, or the right ones when the left yields none.
    case coalesce(NumberExpression, NumberExpression)
}

/// A leaf that yields text values.
enum TextSource {
    case literal([UInt8])
    case contig
    case reference
    case alternates
    case identifiers
    case filters
    /// A String INFO field: the whole value, or its comma-separated parts (`index` picks one).
    case info(TagKey, split: Bool, index: Int?)
    /// A String FORMAT field of one sample.
    case format(TagKey, SampleBinding, split: Bool, index: Int?)
    /// A CSQ column of the current entry, whole or as its `&`-separated parts.
    case csq(column: Int, split: Bool)
}

/// A text expression.
indirect enum TextExpression {
    case source(TextSource)
    case coalesce(TextExpression, TextExpression)
}

/// A field whose presence `exists()`/`missing()` tests.
enum PresenceTest {
    case quality
    case info(TagKey)
    case format(TagKey, SampleBinding)
    case csq(column: Int)
}

/// The compiled form of a boolean expression, evaluated per record.
indirect enum Predicate {
    case constant(Bool)
    case not(Predicate)
    case and([Predicate])
    case or([Predicate])
    case compareNumbers(NumberExpression, ComparisonOperator, NumberExpression)
    case compareTexts(TextExpression, equal: Bool, TextExpression)
    case numberIn(NumberExpression, [Double])
    case textIn(TextExpression, [[UInt8]])
    /// A POSIX extended regular expression (slot in the evaluator's compiled list).
    case matches(TextExpression, regex: Int, negated: Bool)
    case flag(TagKey)
    case present(PresenceTest)
    case genotype(GenotypeTest, SampleBinding, genotypeTag: TagKey)
    case quantified(all: Bool, QuantifierDomain, Predicate)
}
