import Glibc
import VariantIO
import VariantModel

/// Resolves a parsed expression against a `FilterSchema`: every name is looked up,
/// every operator type-checked, per-entry (CSQ) and per-sample (FORMAT) references
/// bound to the `any()`/`all()` around them (an implicit `any()` around each
/// comparison that has none).
struct FilterCompiler {
    let schema: FilterSchema
    let expression: String
    /// Regular expressions in slot order.
    private(set) var patterns: [String] = []

    init(schema: FilterSchema, expression: String) {
        self.schema = schema
        self.expression = expression
    }

    /// A value during compilation.
    fileprivate enum Value {
        case number(NumberExpression, vector: Bool)
        case text(TextExpression)
        /// A CSQ column: text or number, whichever the other operand needs.
        case csq(Int)
        case predicate(Predicate)
        case flag(TagKey)
        case list([FilterSyntax])
        case sample(SampleBinding)
    }

    mutating func compilePredicate(_ syntax: FilterSyntax) throws(FilterError) -> Predicate {
        try predicate(syntax, bound: [])
    }

    // MARK: Predicates

    private mutating func predicate(_ syntax: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        switch syntax {
        case .binary("&&", let left, let right, _):
            return .and([try predicate(left, bound: bound), try predicate(right, bound: bound)].flatMap(FilterCompiler.flattenAnd))
        case .binary("||", let left, let right, _):
            return .or([try predicate(left, bound: bound), try predicate(right, bound: bound)].flatMap(FilterCompiler.flattenOr))
        case .unary("!", let operand, _):
            return .not(try predicate(operand, bound: bound))
        case .call(let name, let arguments, let columns) where name == "any" || name == "all":
            guard arguments.count == 1 else { throw error("\(name)() takes one condition", columns) }
            let domains = FilterCompiler.freeDomains(arguments[0], schema: schema).subtracting(bound)
            guard let domain = domains.first else {
                throw error("\(name)() needs CSQ.* or per-sample FORMAT/* fields inside (nothing to iterate over)", columns)
            }
            guard domains.count == 1 else {
                throw error("\(name)() mixes CSQ entries and samples: write \(name)(CSQ…) && \(name)(FORMAT…)", columns)
            }
            return .quantified(all: name == "all", domain, try predicate(arguments[0], bound: bound.union([domain])))
        default:
            let free = FilterCompiler.freeDomains(syntax, schema: schema).subtracting(bound)
            guard free.count <= 1 else {
                throw error("this condition reads both CSQ entries and samples: split it, or use any()/all() for each", syntax.columns)
            }
            let leaf = try leafPredicate(syntax, bound: bound.union(free))
            if let domain = free.first { return .quantified(all: false, domain, leaf) }
            return leaf
        }
    }

    private static func flattenAnd(_ predicate: Predicate) -> [Predicate] {
        if case .and(let parts) = predicate { return parts }
        return [predicate]
    }

    private static func flattenOr(_ predicate: Predicate) -> [Predicate] {
        if case .or(let parts) = predicate { return parts }
        return [predicate]
    }

    private mutating func leafPredicate(_ syntax: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        switch syntax {
        case .binary(let symbol, let left, let right, let columns) where ["==", "!=", "<", "<=", ">", ">="].contains(symbol):
            return try comparison(ComparisonOperator(rawValue: symbol)!, left, right, columns: columns, bound: bound)
        case .binary("in", let left, let right, _):
            return try membership(left, right, bound: bound)
        case .binary(let symbol, let left, let right, _) where symbol == "~" || symbol == "!~":
            return try regularExpression(left, right, negated: symbol == "!~", bound: bound)
        default:
            switch try value(syntax, bound: bound) {
            case .predicate(let predicate): return predicate
            case .flag(let tag): return .flag(tag)
            case .number, .csq: throw error("\(describe(syntax)) is a number, not a condition: compare it (e.g. \(describe(syntax)) > 0)", syntax.columns)
            case .text: throw error("\(describe(syntax)) is text, not a condition: compare it (e.g. \(describe(syntax)) == \"…\")", syntax.columns)
            case .list: throw error("a list is not a condition: use it with 'in'", syntax.columns)
            case .sample: throw error("a sample is not a condition: test its genotype (het(\(describe(syntax)))) or a field (\(describe(syntax)).DP > 10)", syntax.columns)
            }
        }
    }

    private mutating func comparison(_ comparison: ComparisonOperator, _ left: FilterSyntax, _ right: FilterSyntax,
                                      columns: Range<Int>, bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        let leftValue = try value(left, bound: bound)
        let rightValue = try value(right, bound: bound)
        switch (leftValue, rightValue) {
        case (.number(let a, let leftVector), .number(let b, let rightVector)):
            if leftVector && rightVector {
                throw error("both sides have several values: pick one with [index]", columns)
            }
            return .compareNumbers(a, comparison, b)
        case (.number(let a, _), .csq(let column)):
            return .compareNumbers(a, comparison, .source(.csq(column: column)))
        case (.csq(let column), .number(let b, _)):
            return .compareNumbers(.source(.csq(column: column)), comparison, b)
        case (.text, .text), (.csq, .text), (.text, .csq), (.csq, .csq):
            guard comparison == .equal || comparison == .notEqual else {
                throw error("'\(comparison.rawValue)' needs numbers; text compares with ==, !=, in and ~", columns)
            }
            let a = text(leftValue, split: true), b = text(rightValue, split: true)
            try checkFilterNames(a, b, columns: right.columns)
            try checkFilterNames(b, a, columns: left.columns)
            return .compareTexts(a, equal: comparison == .equal, b)
        case (.number, .text), (.text, .number):
            let (numberSide, textSide) = leftValue.isNumber ? (left, right) : (right, left)
            throw error("cannot compare \(describe(numberSide)) (a number) with \(describe(textSide)) (text)", columns)
        case (.flag(let tag), _), (_, .flag(let tag)):
            throw error("INFO/\(tag.name) is a Flag: use it alone (INFO/\(tag.name)) or negated (!INFO/\(tag.name))", columns)
        case (.sample, _), (_, .sample):
            throw error("a sample cannot be compared: use het(…), hom_alt(…) or one of its fields (proband.DP)", columns)
        default:
            throw error("these two sides cannot be compared", columns)
        }
    }

    private mutating func membership(_ left: FilterSyntax, _ right: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        guard case .list(let items, let listColumns) = right else {
            throw error("'in' needs a list in brackets, e.g. [\"HIGH\", \"MODERATE\"]", right.columns)
        }
        guard !items.isEmpty else { throw error("the list is empty", listColumns) }
        let subject = try value(left, bound: bound)
        var numbers: [Double] = [], texts: [[UInt8]] = []
        for item in items {
            switch item {
            case .number(let number, _): numbers.append(number)
            case .string(let text, _): texts.append(Array(text.utf8))
            default: throw error("list items must be numbers or quoted text", item.columns)
            }
        }
        guard numbers.isEmpty || texts.isEmpty else { throw error("the list mixes numbers and text", listColumns) }
        switch subject {
        case .number(let expression, _):
            guard texts.isEmpty else { throw error("\(describe(left)) is a number but the list holds text", listColumns) }
            return .numberIn(expression, numbers)
        case .csq(let column):
            if texts.isEmpty { return .numberIn(.source(.csq(column: column)), numbers) }
            return .textIn(.source(.csq(column: column, split: true)), texts)
        case .text:
            guard numbers.isEmpty else { throw error("\(describe(left)) is text but the list holds numbers", listColumns) }
            let expression = text(subject, split: true)
            for (item, name) in zip(items, texts) { try checkFilterNames(expression, .source(.literal(name)), columns: item.columns) }
            return .textIn(expression, texts)
        default:
            throw error("\(describe(left)) cannot be tested with 'in'", left.columns)
        }
    }

    private mutating func regularExpression(_ left: FilterSyntax, _ right: FilterSyntax, negated: Bool,
                                            bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        guard case .string(let pattern, let columns) = right else {
            throw error("'~' needs a quoted regular expression on its right", right.columns)
        }
        let subject = try value(left, bound: bound)
        switch subject {
        case .text, .csq: break
        case .number: throw error("'~' matches text; \(describe(left)) is a number", left.columns)
        default: throw error("'~' matches text; \(describe(left)) is not text", left.columns)
        }
        var compiled = regex_t()
        let status = regcomp(&compiled, pattern, REG_EXTENDED | REG_NOSUB)
        if status != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            regerror(status, &compiled, &buffer, buffer.count)
            throw error("invalid regular expression: \(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))", columns)
        }
        regfree(&compiled)
        patterns.append(pattern)
        return .matches(text(subject, split: false), regex: patterns.count - 1, negated: negated)
    }

    private func text(_ value: Value, split: Bool) -> TextExpression {
        switch value {
        case .text(let expression): return expression
        case .csq(let column): return .source(.csq(column: column, split: split))
        default: return .source(.literal([]))
        }
    }

    /// `FILTER == "X"` with X undeclared is almost certainly a typo: say so.
    private func checkFilterNames(_ subject: TextExpression, _ other: TextExpression, columns: Range<Int>) throws(FilterError) {
        guard case .source(.filters) = subject, case .source(.literal(let bytes)) = other else { return }
        let name = String(decoding: bytes, as: UTF8.self)
        guard name != ".", name != "PASS", !schema.header.filterDefinitions.contains(where: { $0.id == name }) else { return }
        let declared = schema.header.filterDefinitions.map(\.id)
        throw error("FILTER '\(name)' is not declared in the header\(FilterCompiler.suggestion(name, among: declared))", columns)
    }

    // MARK: Values

    private mutating func value(_ syntax: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> Value {
        switch syntax {
        case .number(let number, _):
            return .number(.source(.constant(number)), vector: false)
        case .string(let text, _):
            return .text(.source(.literal(Array(text.utf8))))
        case .list(let items, _):
            return .list(items)
        case .name(let name, let columns):
            return try named(name, columns: columns)
        case .info(let tag, let columns):
            return try info(tag, index: nil, columns: columns)
        case .format(let tag, let columns):
            return try format(tag, binding: .current, index: nil, columns: columns, bound: bound)
        case .member(let base, let member, let columns):
            return try self.member(base, member, index: nil, columns: columns, bound: bound)
        case .index(let base, let index, let columns):
            switch base {
            case .info(let tag, let tagColumns): return try info(tag, index: index, columns: tagColumns)
            case .format(let tag, let tagColumns): return try format(tag, binding: .current, index: index, columns: tagColumns, bound: bound)
            case .member(let inner, let member, let memberColumns): return try self.member(inner, member, index: index, columns: memberColumns, bound: bound)
            case .name(let name, let nameColumns) where schema.header.info(name) != nil:
                return try info(name, index: index, columns: nameColumns)
            default: throw error("only INFO and FORMAT fields can be indexed", columns)
            }
        case .call(let name, let arguments, let columns):
            return try call(name, arguments, columns: columns, bound: bound)
        case .unary("-", let operand, let columns):
            guard case .number(let expression, let vector) = try numeric(operand, bound: bound) else { throw error("'-' needs a number", columns) }
            return .number(.negate(expression), vector: vector)
        case .unary("!", _, _), .binary("&&", _, _, _), .binary("||", _, _, _):
            return .predicate(try predicate(syntax, bound: bound))
        case .binary(let symbol, _, _, _) where ["==", "!=", "<", "<=", ">", ">=", "in", "~", "!~"].contains(symbol):
            return .predicate(try leafPredicate(syntax, bound: bound))
        case .binary("??", let left, let right, let columns):
            let leftValue = try value(left, bound: bound), rightValue = try value(right, bound: bound)
            switch (leftValue, rightValue) {
            case (.number(let a, let av), .number(let b, let bv)): return .number(.coalesce(a, b), vector: av || bv)
            case (.csq(let column), .number(let b, let bv)): return .number(.coalesce(.source(.csq(column: column)), b), vector: bv)
            case (.text, .text), (.csq, .text):
                return .text(.coalesce(text(leftValue, split: true), text(rightValue, split: true)))
            default:
                throw error("'??' needs a default of the same kind as \(describe(left)) (a number or quoted text)", columns)
            }
        case .binary(let symbol, let left, let right, let columns):
            let a = try numeric(left, bound: bound), b = try numeric(right, bound: bound)
            guard case .number(let x, let xv) = a, case .number(let y, let yv) = b else {
                throw error("'\(symbol)' needs numbers on both sides", columns)
            }
            if xv && yv { throw error("both sides of '\(symbol)' have several values: pick one with [index]", columns) }
            return .number(.arithmetic(Character(symbol), x, y), vector: xv || yv)
        case .unary(let symbol, _, let columns):
            throw error("unexpected '\(symbol)'", columns)
        }
    }

    /// A value that must be numeric (CSQ columns become numbers).
    private mutating func numeric(_ syntax: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> Value {
        switch try value(syntax, bound: bound) {
        case .number(let expression, let vector): return .number(expression, vector: vector)
        case .csq(let column): return .number(.source(.csq(column: column)), vector: false)
        case .flag(let tag): throw error("INFO/\(tag.name) is a Flag, not a number", syntax.columns)
        default: throw error("\(describe(syntax)) is not a number", syntax.columns)
        }
    }

    private func named(_ name: String, columns: Range<Int>) throws(FilterError) -> Value {
        switch name {
        case "QUAL": return .number(.source(.quality), vector: false)
        case "POS": return .number(.source(.position), vector: false)
        case "CHROM": return .text(.source(.contig))
        case "REF": return .text(.source(.reference))
        case "ALT": return .text(.source(.alternates))
        case "ID": return .text(.source(.identifiers))
        case "FILTER": return .text(.source(.filters))
        case "CSQ": throw error("name a CSQ column: CSQ.IMPACT, CSQ.SYMBOL, …", columns)
        case "true": return .predicate(.constant(true))
        case "false": return .predicate(.constant(false))
        default: break
        }
        if schema.header.info(name) != nil { return try info(name, index: nil, columns: columns) }
        if schema.sampleIndex(name) != nil || Pedigree.roles.contains(name) {
            return .sample(try sample(name, columns: columns))
        }
        let candidates = ["QUAL", "POS", "CHROM", "REF", "ALT", "ID", "FILTER"] + schema.header.infoDefinitions.map(\.id)
        throw error("unknown field '\(name)'\(FilterCompiler.suggestion(name, among: candidates))", columns)
    }

    private func info(_ tag: String, index: Int?, columns: Range<Int>) throws(FilterError) -> Value {
        guard let definition = schema.header.info(tag) else {
            throw error("unknown INFO field '\(tag)'\(FilterCompiler.suggestion(tag, among: schema.header.infoDefinitions.map(\.id)))", columns)
        }
        let key = schema.header.tag(tag)
        let vector = index == nil && definition.number != .fixed(1)
        switch definition.type {
        case .flag:
            if index != nil { throw error("INFO/\(tag) is a Flag and has no values to index", columns) }
            return .flag(key)
        case .integer, .float:
            // Number=1: read value 0 directly (the same answer, without counting values).
            let single = index ?? (definition.number == .fixed(1) ? 0 : nil)
            return .number(.source(.info(key, index: single)), vector: vector)
        case .string:
            if tag == "CSQ" { throw error("read CSQ through its columns: CSQ.IMPACT, CSQ.SYMBOL, …", columns) }
            return .text(.source(.info(key, split: definition.number != .fixed(1), index: index)))
        }
    }

    private func format(_ tag: String, binding: SampleBinding, index: Int?, columns: Range<Int>,
                        bound: Set<QuantifierDomain>) throws(FilterError) -> Value {
        guard let definition = schema.header.format(tag) else {
            throw error("unknown FORMAT field '\(tag)'\(FilterCompiler.suggestion(tag, among: schema.header.formatDefinitions.map(\.id)))", columns)
        }
        if tag == "GT" {
            throw error("test genotypes with het(), hom_ref(), hom_alt(), alt(), missing() or phased(), e.g. het(proband)", columns)
        }
        let key = schema.header.tag(tag)
        let vector = index == nil && definition.number != .fixed(1)
        switch definition.type {
        case .flag: throw error("FORMAT/\(tag) is declared as a Flag, which VCF does not allow in FORMAT", columns)
        case .integer, .float:
            let single = index ?? (definition.number == .fixed(1) ? 0 : nil)
            return .number(.source(.format(key, binding, index: single)), vector: vector)
        case .string: return .text(.source(.format(key, binding, split: definition.number != .fixed(1), index: index)))
        }
    }

    private mutating func member(_ base: FilterSyntax, _ member: String, index: Int?, columns: Range<Int>,
                                 bound: Set<QuantifierDomain>) throws(FilterError) -> Value {
        if case .name("CSQ", let baseColumns) = base {
            guard !schema.csqColumns.isEmpty else {
                throw error("the header has no INFO/CSQ with a 'Format: …' description: annotate first (criba annotate)", baseColumns)
            }
            guard let column = schema.csqColumns.firstIndex(of: member) else {
                throw error("unknown CSQ column '\(member)'\(FilterCompiler.suggestion(member, among: schema.csqColumns))", columns)
            }
            if index != nil { throw error("CSQ columns cannot be indexed; compare the value, or use any()/all()", columns) }
            return .csq(column)
        }
        let sampleValue: Value
        switch base {
        case .name(let name, let nameColumns): sampleValue = .sample(try sample(name, columns: nameColumns))
        case .call("sample", _, _): sampleValue = try value(base, bound: bound)
        default: throw error("expected CSQ, a sample or a role (proband, mother, father) before '.\(member)'", base.columns)
        }
        guard case .sample(let binding) = sampleValue else { throw error("expected a sample before '.\(member)'", base.columns) }
        return try format(member, binding: binding, index: index, columns: columns, bound: bound)
    }

    private func sample(_ name: String, columns: Range<Int>) throws(FilterError) -> SampleBinding {
        if Pedigree.roles.contains(name) {
            guard let pedigree = schema.pedigree else {
                throw error("'\(name)' is a pedigree role: give the family with --ped", columns)
            }
            guard let sampleName = pedigree.sample(forRole: name) else {
                throw error("the pedigree has no \(name)\(name == "proband" ? " (no affected member; name one with --proband)" : " for the proband")", columns)
            }
            guard let index = schema.sampleIndex(sampleName) else {
                throw error("the \(name) '\(sampleName)' is not a sample of the VCF (samples: \(schema.header.samples.prefix(8).joined(separator: ", ")))", columns)
            }
            return .fixed(index)
        }
        guard let index = schema.sampleIndex(name) else {
            throw error("unknown sample '\(name)'\(FilterCompiler.suggestion(name, among: schema.header.samples + Pedigree.roles))", columns)
        }
        return .fixed(index)
    }

    private mutating func call(_ name: String, _ arguments: [FilterSyntax], columns: Range<Int>,
                               bound: Set<QuantifierDomain>) throws(FilterError) -> Value {
        switch name {
        case "any", "all":
            return .predicate(try predicate(.call(name, arguments, columns), bound: bound))
        case "sample":
            guard arguments.count == 1, case .string(let sampleName, let nameColumns) = arguments[0] else {
                throw error("sample() takes one quoted sample name, e.g. sample(\"HG002\")", columns)
            }
            return .sample(try sample(sampleName, columns: nameColumns))
        case "abs":
            guard arguments.count == 1 else { throw error("abs() takes one number", columns) }
            guard case .number(let expression, let vector) = try numeric(arguments[0], bound: bound) else { throw error("abs() takes a number", columns) }
            return .number(.absolute(expression), vector: vector)
        case "exists", "missing":
            if name == "missing", arguments.count == 1, isSampleArgument(arguments[0]) {
                return .predicate(try genotype(.missing, arguments, columns: columns, bound: bound))
            }
            if name == "missing", arguments.isEmpty {
                return .predicate(try genotype(.missing, arguments, columns: columns, bound: bound))
            }
            guard arguments.count == 1 else { throw error("\(name)() takes one field", columns) }
            let test = try presence(arguments[0], bound: bound)
            return .predicate(name == "exists" ? .present(test) : .not(.present(test)))
        default:
            if let test = GenotypeTest(rawValue: name) {
                return .predicate(try genotype(test, arguments, columns: columns, bound: bound))
            }
            let known = ["any", "all", "exists", "missing", "sample", "abs"] + GenotypeTest.allCases.map(\.rawValue)
            throw error("unknown function '\(name)'\(FilterCompiler.suggestion(name, among: known))", columns)
        }
    }

    private func isSampleArgument(_ syntax: FilterSyntax) -> Bool {
        switch syntax {
        case .name(let name, _): return Pedigree.roles.contains(name) || schema.sampleIndex(name) != nil
        case .call("sample", _, _): return true
        default: return false
        }
    }

    private mutating func genotype(_ test: GenotypeTest, _ arguments: [FilterSyntax], columns: Range<Int>,
                                   bound: Set<QuantifierDomain>) throws(FilterError) -> Predicate {
        guard schema.header.format("GT") != nil else { throw error("the header declares no FORMAT/GT", columns) }
        let genotypeTag = schema.header.tag("GT")
        guard arguments.count <= 1 else { throw error("\(test.rawValue)() takes one sample", columns) }
        guard let argument = arguments.first else {
            return .genotype(test, .current, genotypeTag: genotypeTag)
        }
        guard case .sample(let binding) = try value(argument, bound: bound) else {
            throw error("\(test.rawValue)() takes a sample: a name, a role (proband, mother, father) or sample(\"name\")", argument.columns)
        }
        return .genotype(test, binding, genotypeTag: genotypeTag)
    }

    private mutating func presence(_ syntax: FilterSyntax, bound: Set<QuantifierDomain>) throws(FilterError) -> PresenceTest {
        switch try value(syntax, bound: bound) {
        case .flag(let tag): return .info(tag)
        case .csq(let column): return .csq(column: column)
        case .number(.source(.quality), _): return .quality
        case .number(.source(.info(let tag, _)), _), .text(.source(.info(let tag, _, nil))): return .info(tag)
        case .number(.source(.format(let tag, let binding, _)), _), .text(.source(.format(let tag, let binding, _, nil))):
            return .format(tag, binding)
        default: throw error("exists()/missing() take a field: QUAL, INFO/X, FORMAT/X, sample.X or CSQ.X", syntax.columns)
        }
    }

    // MARK: Domains

    /// The domains that `syntax` refers to without binding them itself: CSQ columns
    /// (entries), FORMAT fields and genotype tests without a sample (samples).
    static func freeDomains(_ syntax: FilterSyntax, schema: FilterSchema) -> Set<QuantifierDomain> {
        switch syntax {
        case .number, .string, .name, .info: return []
        case .format: return [.samples]
        case .list(let items, _): return items.reduce(into: []) { $0.formUnion(freeDomains($1, schema: schema)) }
        case .member(.name("CSQ", _), _, _): return [.entries]
        case .member: return []
        case .index(let base, _, _): return freeDomains(base, schema: schema)
        case .call(let name, let arguments, _):
            if name == "any" || name == "all" { return [] }
            if GenotypeTest(rawValue: name) != nil, arguments.isEmpty { return [.samples] }
            return arguments.reduce(into: []) { $0.formUnion(freeDomains($1, schema: schema)) }
        case .unary(_, let operand, _): return freeDomains(operand, schema: schema)
        case .binary(_, let left, let right, _): return freeDomains(left, schema: schema).union(freeDomains(right, schema: schema))
        }
    }

    // MARK: Messages

    private func describe(_ syntax: FilterSyntax) -> String {
        let characters = Array(expression)
        let range = syntax.columns.clamped(to: 0..<characters.count)
        return String(characters[range])
    }

    private func error(_ message: String, _ columns: Range<Int>) -> FilterError {
        FilterError(message, expression: expression, columns: columns)
    }

    /// ` (did you mean 'DP'?)`, or the declared names when few, or nothing.
    static func suggestion(_ name: String, among candidates: [String]) -> String {
        let lowered = name.lowercased()
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }.sorted { $0.1 < $1.1 }
        if let best = scored.first, best.1 <= max(1, name.count / 3) { return " (did you mean '\(best.0)'?)" }
        if candidates.isEmpty { return "" }
        let shown = candidates.prefix(12).joined(separator: ", ")
        return " (known: \(shown)\(candidates.count > 12 ? ", …" : ""))"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

private extension FilterCompiler.Value {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
