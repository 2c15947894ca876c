import Foundation
import VariantIO

/// One output INFO field of a source.
public struct SourceOutput: Sendable {
    /// Where the value comes from in a source line.
    enum Origin: Sendable {
        /// An INFO tag of a VCF source, with the tag's Number in the source.
        case info(name: [UInt8], number: FieldNumber, isFlag: Bool)
        /// The ID column of a VCF source.
        case identifier
        /// A 0-based column of a BED or table source.
        case column(Int)
        /// Review-status stars computed from an INFO tag (CLNREVSTAT).
        case stars(name: [UInt8])
        /// Column `field` of a prepared source, with the field's source Number.
        case prepared(field: Int, number: FieldNumber)
        /// Review-status stars from String column `field` of a prepared source.
        case preparedStars(field: Int)
    }

    /// How many values the output holds.
    enum Shape: Sendable {
        /// One per ALT allele (allele-matched sources).
        case perAlternate
        /// One value (region sources).
        case single
        /// Any number, copied verbatim.
        case variable
        /// A Flag.
        case flag
    }

    /// The output INFO name.
    public let name: String
    /// The output type.
    public let type: FieldType
    let origin: Origin
    let operation: SourceOperation
    let shape: Shape
    /// The `##INFO` line.
    public let headerLine: String
}

/// A source resolved against the input: its file opened once to check it, its kind,
/// and its output fields with types. Workers open their own readers from it.
public struct SourcePlan: Sendable {
    /// The declaration.
    public let declaration: SourceDeclaration
    /// The resolved kind.
    public let kind: SourceKind
    /// The output fields.
    public let outputs: [SourceOutput]
    /// Contigs the source's index knows.
    public let contigs: Set<String>
    /// 0-based columns of position, REF and ALT (allele-matched sources).
    let positionColumn: Int, referenceColumn: Int, alternateColumn: Int
    /// 0-based columns of BED start and end.
    let startColumn: Int, endColumn: Int
    /// True when starts are 0-based (BED).
    let isZeroBased: Bool
    /// The provenance line `##criba_source=<…>`.
    public let provenanceLine: String
    /// The mapped file, for a prepared source (`criba db build`); shared by every worker.
    public let prepared: PreparedSource?

    /// True for sources matched by allele (VCF and score tables).
    var matchesAlleles: Bool { kind == .vcf || kind == .table }

    /// Opens the declared file, infers its kind, checks fields, types and contig naming
    /// against `input`, and derives the output definitions.
    public init(_ declaration: SourceDeclaration, input: VariantHeader) throws(SourceError) {
        if FileManager.default.fileExists(atPath: declaration.file) && PreparedSource.isPrepared(path: declaration.file) {
            self = try SourcePlan(prepared: try PreparedSource(path: declaration.file), declaration, input: input)
            return
        }
        self.declaration = declaration
        let origin = declaration.origin
        prepared = nil
        let source: IndexedLineSource
        do {
            source = try IndexedLineSource(path: declaration.file)
        } catch {
            throw SourceError("\(origin): \(error.description)")
        }
        let lastHeader = source.headerLines.last ?? ""
        let looksLikeVCF = source.isBCF || source.isVCFLayout || lastHeader.hasPrefix("#CHROM\tPOS")
        let kind = declaration.kind ?? (looksLikeVCF ? .vcf : source.isZeroBased ? .bed : .table)
        guard kind != .genes else { throw SourceError("\(origin): a gene table is not position-indexed; it is read by GeneTable") }
        if kind == .vcf && !looksLikeVCF {
            throw SourceError("\(origin): declared kind = \"vcf\" but the file has no #CHROM header line")
        }
        self.kind = kind
        contigs = Set(source.contigs)
        var declaredLengths: [String: Int] = [:]
        if source.isVCFLayout || source.isBCF {
            for line in source.headerLines where line.hasPrefix("##contig=<") {
                guard let id = SourcePlan.attribute("ID", in: line), let length = SourcePlan.attribute("length", in: line).flatMap(Int.init) else { continue }
                declaredLengths[id] = length
            }
        }
        try SourcePlan.checkContigs(names: source.contigs, lengths: declaredLengths, input: input, origin: origin)

        let count = max(declaration.fields.count, declaration.columns.count)
        guard count > 0 || declaration.starsName != nil else {
            throw SourceError("\(origin): name the values to copy with 'fields' (INFO tags or column names) or 'columns' (1-based numbers)")
        }
        if !declaration.names.isEmpty && declaration.names.count != count {
            throw SourceError("\(origin): 'names' has \(declaration.names.count) entries but there are \(count) fields")
        }
        if !declaration.operations.isEmpty && declaration.operations.count != count {
            throw SourceError("\(origin): 'ops' has \(declaration.operations.count) entries but there are \(count) fields")
        }
        if !declaration.types.isEmpty && declaration.types.count != count {
            throw SourceError("\(origin): 'types' has \(declaration.types.count) entries but there are \(count) fields")
        }
        var declaredTypes: [FieldType?] = []
        for text in declaration.types {
            guard let type = FieldType(rawValue: text) else {
                throw SourceError("\(origin): type '\(text)' must be Integer, Float, String or Flag")
            }
            declaredTypes.append(type)
        }

        var outputs: [SourceOutput] = []
        let file = (declaration.file as NSString).lastPathComponent
        func output(_ index: Int, field: String, origin outputOrigin: SourceOutput.Origin, sourceType: FieldType, sourceNumber: FieldNumber?) throws(SourceError) {
            outputs.append(try SourcePlan.output(declaration, index, field: field, origin: outputOrigin, sourceType: sourceType,
                                                 sourceNumber: sourceNumber, declaredTypes: declaredTypes, kind: kind, file: file))
        }

        var positionColumn = 1, referenceColumn = 3, alternateColumn = 4
        switch kind {
        case .vcf:
            guard declaration.columns.isEmpty else { throw SourceError("\(origin): a VCF source copies INFO tags: use 'fields', not 'columns'") }
            let header: VariantHeader
            do { header = try VariantReader(path: declaration.file).header } catch {
                throw SourceError("\(origin): \(error.description)")
            }
            for (index, field) in declaration.fields.enumerated() {
                if field == "ID" {
                    try output(index, field: field, origin: .identifier, sourceType: .string, sourceNumber: .variable)
                    continue
                }
                guard let definition = header.info(field) else {
                    let known = header.infoDefinitions.map(\.id)
                    let close = known.filter { $0.lowercased() == field.lowercased() || $0.lowercased().hasPrefix(field.lowercased()) }.prefix(3)
                    let hint = close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"
                    throw SourceError("\(origin): INFO/\(field) is not declared in \(file)\(hint)")
                }
                try output(index, field: field, origin: .info(name: Array(field.utf8), number: definition.number, isFlag: definition.type == .flag),
                           sourceType: definition.type, sourceNumber: definition.number)
            }
            if let stars = declaration.starsName {
                guard header.info("CLNREVSTAT") != nil else {
                    throw SourceError("\(origin): 'stars' needs INFO/CLNREVSTAT (a ClinVar VCF), which \(file) does not declare")
                }
                guard SourcePlan.isValidName(stars) else { throw SourceError("\(origin): output name '\(stars)' is not a valid INFO key") }
                outputs.append(SourceOutput(name: stars, type: .integer, origin: .stars(name: Array("CLNREVSTAT".utf8)), operation: .max,
                                            shape: .perAlternate,
                                            headerLine: "##INFO=<ID=\(stars),Number=A,Type=Integer,Description=\"ClinVar review status in gold stars (0-4) from CLNREVSTAT in \(file)\">"))
            }
        case .table, .bed:
            let columnNames = SourcePlan.columnNames(source.headerLines)
            func column(named name: String) -> Int? {
                columnNames.firstIndex { $0.lowercased() == name.lowercased() }
            }
            var valueColumns: [(Int, String)] = []
            for number in declaration.columns { valueColumns.append((number - 1, number - 1 < columnNames.count ? columnNames[number - 1] : "column \(number)")) }
            for field in declaration.fields {
                guard let index = column(named: field) else {
                    throw SourceError("\(origin): no column named '\(field)' in the header of \(file) (columns: \(columnNames.prefix(12).joined(separator: ", ")))")
                }
                valueColumns.append((index, field))
            }
            positionColumn = source.startColumn - 1
            if kind == .table {
                let referenceName = declaration.referenceColumn, alternateName = declaration.alternateColumn
                let reference = referenceName.flatMap { column(named: $0) } ?? ["ref", "reference", "ref_allele"].lazy.compactMap { column(named: $0) }.first
                let alternate = alternateName.flatMap { column(named: $0) } ?? ["alt", "alternate", "alt_allele"].lazy.compactMap { column(named: $0) }.first
                guard let reference, let alternate else {
                    throw SourceError("\(origin): a score table needs REF and ALT columns: name them in the header ('ref', 'alt') or set ref_column/alt_column")
                }
                referenceColumn = reference; alternateColumn = alternate
            }
            for (index, (column, field)) in valueColumns.enumerated() {
                let defaultType: FieldType = kind == .table ? .float : .string
                try output(index, field: field, origin: .column(column), sourceType: defaultType, sourceNumber: nil)
            }
        case .genes:
            break
        }
        self.outputs = outputs
        self.positionColumn = positionColumn
        self.referenceColumn = referenceColumn
        self.alternateColumn = alternateColumn
        startColumn = source.startColumn - 1
        endColumn = source.endColumn - 1
        isZeroBased = source.isZeroBased
        provenanceLine = SourcePlan.provenance(declaration, source: source)
    }

    /// One output definition: type from the op and the source, shape and Number from the kind.
    static func output(_ declaration: SourceDeclaration, _ index: Int, field: String, origin outputOrigin: SourceOutput.Origin,
                       sourceType: FieldType, sourceNumber: FieldNumber?, declaredTypes: [FieldType?], kind: SourceKind,
                       file: String) throws(SourceError) -> SourceOutput {
        let origin = declaration.origin
        let name = declaration.names.isEmpty ? field : declaration.names[index]
        guard SourcePlan.isValidName(name) else { throw SourceError("\(origin): output name '\(name)' is not a valid INFO key (letters, digits, '_' and '.')") }
        let operation = declaration.operations.isEmpty ? .first : declaration.operations[index]
        var type = declaredTypes.isEmpty ? sourceType : (declaredTypes[index] ?? sourceType)
        switch operation {
        case .count: type = .integer
        case .flag: type = .flag
        case .mean: type = .float
        case .concat, .uniq: type = .string
        case .max, .min, .sum:
            if type != .integer && type != .float {
                if declaredTypes.isEmpty && kind != .vcf { type = .float } else {
                    throw SourceError("\(origin): op '\(operation.rawValue)' needs numbers but \(field) is \(type.rawValue)")
                }
            }
        case .first: break
        }
        if type == .flag && operation != .flag && operation != .first {
            throw SourceError("\(origin): \(field) is a Flag: use op 'flag' or 'first'")
        }
        var copiesWhole = false
        switch outputOrigin {
        case .info(_, let number, _), .prepared(_, let number):
            copiesWhole = !SourcePlan.isPerAllele(number) && operation == .first && type == .string
        default:
            break
        }
        let shape: SourceOutput.Shape
        if type == .flag { shape = .flag }
        else if operation == .concat || operation == .uniq { shape = .variable }
        else if !(kind == .vcf || kind == .table) { shape = .single }
        else if copiesWhole { shape = .variable }
        else { shape = .perAlternate }
        let number: String
        switch shape {
        case .perAlternate: number = "A"
        case .single: number = "1"
        case .variable: number = "."
        case .flag: number = "0"
        }
        let what = operation == .first ? "" : " (\(operation.rawValue) of the hits)"
        let description = "\(field) from \(file)\(what)"
        let line = "##INFO=<ID=\(name),Number=\(number),Type=\(type.rawValue),Description=\"\(description.replacingOccurrences(of: "\"", with: "'"))\">"
        return SourceOutput(name: name, type: type, origin: outputOrigin, operation: operation, shape: shape, headerLine: line)
    }

    /// A plan for a prepared source: fields are looked up in its metadata.
    private init(prepared source: PreparedSource, _ declaration: SourceDeclaration, input: VariantHeader) throws(SourceError) {
        self.declaration = declaration
        let origin = declaration.origin
        let metadata = source.metadata
        prepared = source
        kind = .vcf
        contigs = Set(metadata.contigs.map(\.name))
        var lengths: [String: Int] = [:]
        for contig in metadata.contigs { if let length = contig.length { lengths[contig.name] = length } }
        try SourcePlan.checkContigs(names: metadata.contigs.map(\.name), lengths: lengths, input: input, origin: origin)
        guard declaration.columns.isEmpty else { throw SourceError("\(origin): a prepared source copies INFO fields: use 'fields', not 'columns'") }
        let count = declaration.fields.count
        guard count > 0 || declaration.starsName != nil else { throw SourceError("\(origin): name the fields to copy with 'fields'") }
        if !declaration.names.isEmpty && declaration.names.count != count {
            throw SourceError("\(origin): 'names' has \(declaration.names.count) entries but there are \(count) fields")
        }
        if !declaration.operations.isEmpty && declaration.operations.count != count {
            throw SourceError("\(origin): 'ops' has \(declaration.operations.count) entries but there are \(count) fields")
        }
        let file = (declaration.file as NSString).lastPathComponent
        var outputs: [SourceOutput] = []
        for (index, field) in declaration.fields.enumerated() {
            guard let position = metadata.fields.firstIndex(where: { $0.name == field }) else {
                throw SourceError("\(origin): INFO/\(field) is not in the prepared source (it holds \(metadata.fields.map(\.name).joined(separator: ", ")); rebuild with `criba db build -i`)")
            }
            let descriptor = metadata.fields[position]
            let number = SourcePlan.number(descriptor.number)
            outputs.append(try SourcePlan.output(declaration, index, field: field, origin: .prepared(field: position, number: number),
                                                 sourceType: FieldType(rawValue: descriptor.type) ?? .string, sourceNumber: number,
                                                 declaredTypes: [], kind: .vcf, file: file))
        }
        if let stars = declaration.starsName {
            guard let position = metadata.fields.firstIndex(where: { $0.name == "CLNREVSTAT" }) else {
                throw SourceError("\(origin): 'stars' needs CLNREVSTAT in the prepared source; rebuild it with `criba db build -i …,CLNREVSTAT`")
            }
            outputs.append(SourceOutput(name: stars, type: .integer, origin: .preparedStars(field: position), operation: .max, shape: .perAlternate,
                                        headerLine: "##INFO=<ID=\(stars),Number=A,Type=Integer,Description=\"ClinVar review status in gold stars (0-4) from CLNREVSTAT in \(file)\">"))
        }
        self.outputs = outputs
        positionColumn = 1; referenceColumn = 3; alternateColumn = 4; startColumn = 1; endColumn = 1; isZeroBased = false
        let attributes = (try? FileManager.default.attributesOfItem(atPath: declaration.file)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        provenanceLine = "##criba_source=<ID=\(declaration.displayName),File=\"\(declaration.file)\",Prepared=true,Size=\(size),"
            + "Source=\"\(metadata.source.path)\",SourceVersion=\"\(metadata.source.version)\",SourceMD5=\(metadata.source.md5),BuiltBy=\"\(metadata.builtBy)\">"
    }

    private static func number(_ text: String) -> FieldNumber {
        switch text {
        case "A": return .perAlternateAllele
        case "R": return .perAllele
        case "G": return .perGenotype
        default: return Int(text).map { .fixed($0) } ?? .variable
        }
    }

    static func isPerAllele(_ number: FieldNumber) -> Bool {
        switch number {
        case .perAlternateAllele, .perAllele, .fixed(1): return true
        default: return false
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." }
    }

    /// Column names from the last header line (its leading `#` removed).
    static func columnNames(_ headerLines: [String]) -> [String] {
        guard var last = headerLines.last else { return [] }
        while last.hasPrefix("#") { last.removeFirst() }
        return last.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Known chr1 lengths, to name a build in messages.
    private static let builds: [Int: String] = [249_250_621: "GRCh37", 248_956_422: "GRCh38"]

    /// Errors for a contig-naming mismatch (`chr1` vs `1`) or different genome builds
    /// (a contig whose declared length differs between the source and the input).
    static func checkContigs(names: [String], lengths: [String: Int], input: VariantHeader, origin: String) throws(SourceError) {
        let inputNames = Set(input.contigs.map(\.name))
        let sourceNames = Set(names)
        guard !inputNames.isEmpty, !sourceNames.isEmpty else { return }
        if inputNames.isDisjoint(with: sourceNames) {
            let renamed = Set(sourceNames.map { $0.hasPrefix("chr") ? String($0.dropFirst(3)) : "chr" + $0 })
            let example = names.first ?? ""
            let inputExample = input.contigs.first?.name ?? ""
            if !renamed.isDisjoint(with: inputNames) {
                throw SourceError("\(origin): contig naming differs: the source names contigs like '\(example)' but the input uses '\(inputExample)'; rename one side (bcftools annotate --rename-chrs)")
            }
            throw SourceError("\(origin): no contig in common with the input (source: \(names.prefix(3).joined(separator: ", ")); input: \(input.contigs.prefix(3).map(\.name).joined(separator: ", "))): wrong file or wrong build?")
        }
        for contig in input.contigs {
            guard let inputLength = contig.length, let sourceLength = lengths[contig.name], inputLength != sourceLength else { continue }
            let inputBuild = builds[inputLength].map { " (\($0))" } ?? ""
            let sourceBuild = builds[sourceLength].map { " (\($0))" } ?? ""
            throw SourceError("\(origin): contig \(contig.name) is \(sourceLength) bp in the source\(sourceBuild) but \(inputLength) bp in the input\(inputBuild): the files are on different genome builds")
        }
    }

    private static func attribute(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: key + "=") else { return nil }
        let rest = line[range.upperBound...]
        let end = rest.firstIndex { $0 == "," || $0 == ">" } ?? rest.endIndex
        return String(rest[..<end])
    }

    private static func provenance(_ declaration: SourceDeclaration, source: IndexedLineSource) -> String {
        let path = declaration.file
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let indexPath = [path + ".tbi", path + ".csi"].first { FileManager.default.fileExists(atPath: $0) }
        let checksum = indexPath.flatMap { try? FileChecksum.md5(path: $0) } ?? "NA"
        let version = source.headerLines.lazy.compactMap { line -> String? in
            for key in ["##fileDate=", "##source=", "##reference="] where line.hasPrefix(key) { return String(line.dropFirst(key.count)) }
            return nil
        }.first ?? "NA"
        return "##criba_source=<ID=\(declaration.displayName),File=\"\(path)\",Version=\"\(version)\",Size=\(size),IndexMD5=\(checksum)>"
    }
}
