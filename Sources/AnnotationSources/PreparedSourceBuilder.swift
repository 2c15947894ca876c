import Foundation
import VariantIO

/// Builds a prepared source (`criba db build`) from an indexed VCF.gz/BCF: every ALT
/// allele split out and trimmed as `SourceAnnotator` matches them, the chosen INFO
/// fields decoded once into typed columns, written to a temporary file and renamed.
public enum PreparedSourceBuilder {
    /// What a build did.
    public struct Summary: Sendable {
        /// Source records read.
        public var records: Int
        /// ALT alleles written.
        public var alleles: Int
        /// Contigs written.
        public var contigs: Int
        /// Bytes of the prepared file.
        public var bytes: Int
    }

    /// Builds `output` from `path` with `fields` (INFO tags; empty means every INFO tag);
    /// with `reference`, simple indels are left-aligned as `criba annotate -f` does.
    public static func build(path: String, fields requested: [String], output: String, version: String,
                             reference: ReferenceSequence? = nil) throws -> Summary {
        let aligner = try reference.map { reference throws(SourceError) in try IndelLeftAligner(reference: reference) }
        let arena = ByteArena()
        let source: IndexedLineSource
        let header: VariantHeader
        do {
            source = try IndexedLineSource(path: path)
            header = try VariantReader(path: path).header
        } catch {
            throw SourceError(error.description)
        }
        guard source.isBCF || source.isVCFLayout || (source.headerLines.last ?? "").hasPrefix("#CHROM") else {
            throw SourceError("\(path): not a VCF/BCF (only VCF/BCF sources can be prepared; BED and tables are read directly)")
        }
        let names = requested.isEmpty ? header.infoDefinitions.map(\.id) : requested
        var definitions: [FieldDefinition] = []
        for name in names {
            guard let definition = header.info(name) else {
                throw SourceError("\(path): INFO/\(name) is not declared in the header")
            }
            definitions.append(definition)
        }
        let keys = definitions.map { Array($0.id.utf8) }
        var dictionaries = Array(repeating: [String: UInt32](), count: definitions.count)
        var pools = Array(repeating: [UInt8](), count: definitions.count)
        var poolOffsets = Array(repeating: [UInt32(0)], count: definitions.count)

        let temporary = output + ".tmp-\(getpid())"
        let writer = try SectionWriter(path: temporary)
        var success = false
        defer { if !success { writer.discard() } }

        var contigs: [PreparedSource.Contig] = []
        var records = 0, alleles = 0
        var columnEnds: [Int] = []
        let lengths = Dictionary(header.contigs.map { ($0.name, $0.length) }, uniquingKeysWith: { first, _ in first })
        for contig in source.contigs {
            guard source.query(contig: contig, start: 1, end: Int(Int32.max)) else { continue }
            var positions: [Int32] = [], codes: [UInt64] = []
            var columns = Array(repeating: [UInt32](), count: definitions.count)
            while let line = try source.next() {
                records += 1
                columnEnds.removeAll(keepingCapacity: true)
                var index = 0
                while columnEnds.count < 8 && index <= line.count {
                    while index < line.count && line[index] != 9 { index += 1 }
                    columnEnds.append(index)
                    index += 1
                }
                guard columnEnds.count == 8 else { throw SourceError("\(path): \(contig): a line has fewer than 8 columns") }
                let positionText = UnsafeBufferPointer(rebasing: line[(columnEnds[0] + 1)..<columnEnds[1]])
                guard let position = SourceAnnotator.integer(positionText) else {
                    throw SourceError("\(path): \(contig): position '\(String(decoding: positionText, as: UTF8.self))' is not a number")
                }
                let reference = UnsafeBufferPointer(rebasing: line[(columnEnds[2] + 1)..<columnEnds[3]])
                let alternates = UnsafeBufferPointer(rebasing: line[(columnEnds[3] + 1)..<columnEnds[4]])
                let info = UnsafeBufferPointer(rebasing: line[(columnEnds[6] + 1)..<columnEnds[7]])
                var allele = 1, itemStart = 0
                for cursor in 0...alternates.count where cursor == alternates.count || alternates[cursor] == UInt8(ascii: ",") {
                    let alternate = UnsafeBufferPointer(rebasing: alternates[itemStart..<cursor])
                    itemStart = cursor + 1
                    defer { allele += 1 }
                    guard SourceAnnotator.isSequence(alternate) else { continue }
                    var key = MinimalAllele(position: position, reference: reference, alternate: alternate, hashed: false)
                    if let aligner {
                        arena.reset()
                        key = try aligner.leftAligned(key, contig: contig, arena: arena, hashed: false)
                    }
                    positions.append(Int32(clamping: key.position))
                    codes.append(AlleleCode.code(key))
                    alleles += 1
                    for (field, definition) in definitions.enumerated() {
                        let found = SourceAnnotator.infoValue(info, keys[field])
                        var value: UnsafeBufferPointer<UInt8>?
                        if let found {
                            switch definition.number {
                            case .perAlternateAllele: value = SourceAnnotator.item(found, allele - 1)
                            case .perAllele: value = SourceAnnotator.item(found, allele)
                            default: value = definition.type == .string ? found : SourceAnnotator.item(found, 0)
                            }
                        }
                        let missing = value == nil || value!.isEmpty || (value!.count == 1 && value![0] == UInt8(ascii: "."))
                        switch definition.type {
                        case .flag:
                            columns[field].append(found == nil ? 0 : 1)
                        case .float:
                            let number = missing ? Float.nan : (Float(String(decoding: value!, as: UTF8.self)) ?? Float.nan)
                            columns[field].append(number.bitPattern)
                        case .integer:
                            let number = missing ? AlleleCode.missingInteger : (Int32(String(decoding: value!, as: UTF8.self)) ?? AlleleCode.missingInteger)
                            columns[field].append(UInt32(bitPattern: number))
                        case .string:
                            if missing { columns[field].append(AlleleCode.missingString); continue }
                            let text = String(decoding: value!, as: UTF8.self)
                            if let id = dictionaries[field][text] {
                                columns[field].append(id)
                            } else {
                                let id = UInt32(dictionaries[field].count)
                                dictionaries[field][text] = id
                                pools[field].append(contentsOf: value!)
                                poolOffsets[field].append(UInt32(pools[field].count))
                                columns[field].append(id)
                            }
                        }
                    }
                }
            }
            guard !positions.isEmpty else { continue }
            // Trimming (or left-alignment) can move a position past a neighbour's: restore order
            // (stable, so equal positions keep file order for `first`).
            var sorted = true
            for index in 1..<max(1, positions.count) where positions[index] < positions[index - 1] { sorted = false; break }
            if !sorted {
                let order = positions.indices.sorted { positions[$0] != positions[$1] ? positions[$0] < positions[$1] : $0 < $1 }
                positions = order.map { positions[$0] }
                codes = order.map { codes[$0] }
                for field in columns.indices { columns[field] = order.map { columns[field][$0] } }
            }
            let positionsOffset = writer.append(positions)
            let keysOffset = writer.append(codes)
            let columnOffsets = columns.map { writer.append($0) }
            contigs.append(PreparedSource.Contig(name: contig, length: lengths[contig] ?? nil, count: positions.count,
                                                 positionsOffset: positionsOffset, keysOffset: keysOffset, columnOffsets: columnOffsets))
        }
        var fields: [PreparedSource.Field] = []
        for (index, definition) in definitions.enumerated() {
            var field = PreparedSource.Field(name: definition.id, type: definition.type.rawValue, number: definition.number.description,
                                             description: definition.description)
            if definition.type == .string {
                field.poolOffset = writer.append(pools[index])
                field.poolLength = pools[index].count
                field.stringOffsetsOffset = writer.append(poolOffsets[index])
                field.stringCount = dictionaries[index].count
            }
            fields.append(field)
        }
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let sourceVersion = source.headerLines.lazy.compactMap { line -> String? in
            for key in ["##fileDate=", "##source="] where line.hasPrefix(key) { return String(line.dropFirst(key.count)) }
            return nil
        }.first ?? "NA"
        let metadata = PreparedSource.Metadata(
            version: PreparedSource.formatVersion,
            source: PreparedSource.SourceFile(path: path, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                                              md5: (try? FileChecksum.md5(path: path)) ?? "NA", version: sourceVersion),
            fields: fields, contigs: contigs, builtBy: version, leftAligned: reference != nil, reference: reference?.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(metadata)
        let total = try writer.finish(metadata: json)
        guard rename(temporary, output) == 0 else {
            throw SourceError("\(output): cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        success = true
        return Summary(records: records, alleles: alleles, contigs: contigs.count, bytes: total)
    }
}

/// Writes the sections of a prepared source, 8-byte aligned, then the metadata and
/// its location in the header.
final class SectionWriter {
    private let path: String
    private let file: FileHandle
    private var written = 24

    init(path: String) throws(SourceError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw SourceError("\(path): cannot create the output file")
        }
        self.file = file
        file.write(Data(PreparedSource.magic) + Data(count: 16))
    }

    /// Appends an array's bytes; returns its offset.
    func append<Element>(_ array: [Element]) -> Int {
        let offset = written
        array.withUnsafeBytes { file.write(Data($0)) }
        written += array.count * MemoryLayout<Element>.stride
        let padding = (8 - written % 8) % 8
        if padding > 0 { file.write(Data(count: padding)); written += padding }
        return offset
    }

    /// Appends the metadata, records where it is, and closes the file; returns the size.
    func finish(metadata: Data) throws -> Int {
        let offset = written
        file.write(metadata)
        written += metadata.count
        file.seek(toFileOffset: 8)
        let location = [UInt64(offset).littleEndian, UInt64(metadata.count).littleEndian]
        location.withUnsafeBytes { file.write(Data($0)) }
        try file.synchronize()
        try file.close()
        return written
    }

    /// Closes and removes an unfinished file.
    func discard() {
        try? file.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
