import Foundation
import VariantIO

/// Reads a gene model from Ensembl/GENCODE/RefSeq GFF3, Ensembl/GENCODE GTF, or a
/// UCSC genePred/refGene table (plain or gzipped); the format is recognised from
/// the content, not the file name.
public enum GeneModelReader {
    /// The formats understood.
    public enum Format: String, Sendable {
        /// GFF3 (`key=value` attributes).
        case gff3
        /// GTF (`key "value";` attributes).
        case gtf
        /// UCSC genePred, with or without the leading `bin` column, or with a `#name …` header.
        case genePred
    }

    /// The largest coordinate a gene model may use (4 Gb, above every known chromosome):
    /// a larger one is a damaged file, and would size the transcript index by it.
    public static let maximumCoordinate = 4_000_000_000

    /// Reads every transcript with at least one exon (from a source file, or a cache
    /// written by `criba db genes`).
    public static func read(path: String) throws -> [Transcript] {
        if GeneModelCache.isCache(path: path) { return try GeneModelCache.read(path: path).transcripts }
        let format = try detectFormat(path: path)
        switch format {
        case .gff3: return try readGFF(path: path, isGTF: false)
        case .gtf: return try readGFF(path: path, isGTF: true)
        case .genePred: return try readGenePred(path: path)
        }
    }

    /// Recognises the format from the first data lines.
    public static func detectFormat(path: String) throws -> Format {
        var found: Format?
        struct Stop: Error {}
        do {
            try TextLineReader.forEachLine(path: path) { line, number in
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("##gff-version 3") { found = .gff3; throw Stop() }
                if text.hasPrefix("#name\t") || text.hasPrefix("#bin\t") { found = .genePred; throw Stop() }
                if text.isEmpty || text.hasPrefix("#") { return }
                let columns = GeneModelReader.tabColumns(text)
                if columns.count >= 9, Int(columns[3]) != nil, Int(columns[4]) != nil, ["+", "-", ".", "?"].contains(columns[6]) {
                    found = columns[8].contains("\"") && !columns[8].contains("=") ? .gtf : .gff3
                } else if columns.count >= 10 {
                    found = .genePred
                }
                if found == nil || number > 1000 { throw GeneModelError(path: path, line: number, "not GFF3, GTF or genePred (expected 9 tab-separated GFF columns or a genePred table)") }
                throw Stop()
            }
        } catch is Stop {}
        guard let found else { throw GeneModelError(path: path, "the gene model has no features") }
        return found
    }

    // MARK: GFF3 and GTF

    private struct Feature {
        var type: Substring
        var contig: Substring
        var start: Int
        var end: Int
        var strand: Strand
        var parent: String?
        var attributes: [Substring: String]
    }

    private struct TranscriptParts {
        var exons: [ClosedRange<Int>] = []
        var coding: [(range: ClosedRange<Int>, phase: Int)] = []
        var stopCodons: [ClosedRange<Int>] = []
        var proteinIdentifier: String?
        var contig: Substring = ""
        var strand: Strand = .forward
    }

    /// True when `bytes` and `other` hold the same bytes (memcmp, not a generic element walk).
    @inline(__always)
    private static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return other.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, bytes.count) == 0 }
    }

    /// The tab-separated columns of a line, split on UTF-8 bytes (not Characters).
    static func tabColumns(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The tab-separated columns of a line.
    static func tabColumns(_ line: String) -> [Substring] { tabColumns(Substring(line)) }

    private static let skippedTypes: Set<Substring> = [
        "five_prime_UTR", "three_prime_UTR", "UTR", "start_codon", "biological_region", "chromosome", "region",
        "Selenocysteine", "five_prime_utr", "three_prime_utr", "transcript_region", "match", "cDNA_match",
    ]

    /// `skippedTypes` as bytes, to drop those lines before any `String` is made.
    private static let skippedTypeBytes = skippedTypes.map { Array($0.utf8) }

    private static func readGFF(path: String, isGTF: Bool) throws -> [Transcript] {
        var features: [String: Feature] = [:]           // GFF3 ID → feature (genes, transcripts)
        var parts: [TranscriptParts] = []                // exons/CDS per transcript key, in order of first appearance
        var order: [String] = []                         // the transcript keys, parallel to `parts`
        var partIndex: [String: Int] = [:]               // transcript key → index in `parts`
        var gtfTranscripts: [String: [Substring: String]] = [:]
        var stop = false
        var lastContig: Substring = ""
        var lastContigBytes: [UInt8] = [0]   // never a contig: the first line sets both
        // The Parent of the previous part line and its slot: a transcript's parts are usually
        // consecutive, so most lines find their slot without a String or a hash.
        var lastParent: [UInt8] = []
        var lastSlot = -1
        /// The slot of `key`, made on first use with the contig and strand of its first part.
        func slot(_ key: String, contig: Substring, strand: Strand) -> Int {
            if let index = partIndex[key] { return index }
            var entry = TranscriptParts()
            entry.contig = contig; entry.strand = strand
            parts.append(entry)
            order.append(key)
            partIndex[key] = parts.count - 1
            return parts.count - 1
        }
        try TextLineReader.forEachLine(path: path) { bytes, number in
            if stop || bytes.isEmpty { return }
            if bytes[0] == UInt8(ascii: "#") {
                if bytes.count >= 7, String(decoding: bytes.prefix(7), as: UTF8.self) == "##FASTA" { stop = true }
                return
            }
            // Fast path for the bulk of a GFF3 (exon, CDS and stop_codon lines with a plain
            // Parent): read in place from the bytes. Anything unusual takes the general path
            // below, which also produces the error messages.
            if !isGTF, let part = GFF3PartLine(bytes) {
                let contigBytes = UnsafeBufferPointer(rebasing: bytes[part.contig])
                let sameContig = sameBytes(contigBytes, lastContigBytes)
                if !sameContig {
                    lastContig = Substring(String(decoding: contigBytes, as: UTF8.self))
                    lastContigBytes = Array(contigBytes)
                }
                for parentRange in part.parents {
                    let parentBytes = UnsafeBufferPointer(rebasing: bytes[parentRange])
                    let index: Int
                    // The previous line's slot on the previous line's contig was checked then.
                    var checkContig = !sameContig
                    if lastSlot >= 0 && sameBytes(parentBytes, lastParent) {
                        index = lastSlot
                    } else {
                        checkContig = true
                        let parent = String(decoding: parentBytes, as: UTF8.self)
                        index = slot(parent, contig: lastContig, strand: part.strand)
                        lastParent.removeAll(keepingCapacity: true)
                        lastParent.append(contentsOf: parentBytes)
                        lastSlot = index
                    }
                    if (checkContig && parts[index].contig != lastContig) || parts[index].strand != part.strand {
                        throw GeneModelError(path: path, line: number, "\(part.kind.name) of \(order[index]) lies on another contig or strand than its other parts")
                    }
                    switch part.kind {
                    case .exon: parts[index].exons.append(part.start...part.end)
                    case .coding:
                        parts[index].coding.append((part.start...part.end, part.phase))
                        if parts[index].proteinIdentifier == nil, let protein = part.proteinIdentifier {
                            parts[index].proteinIdentifier = String(decoding: UnsafeBufferPointer(rebasing: bytes[protein]), as: UTF8.self)
                        }
                    case .stopCodon: parts[index].stopCodons.append(part.start...part.end)
                    }
                }
                return
            }
            if let type = GFF3PartLine.typeColumn(bytes), skippedTypeBytes.contains(where: { type.elementsEqual($0) }) { return }
            let line = String(decoding: bytes, as: UTF8.self)
            var columns = GeneModelReader.tabColumns(line)
            if columns.count > 9 {
                // Unescaped tabs inside the attributes (seen in real files): keep them in column 9.
                columns = Array(columns[0..<8]) + [Substring(columns[8...].joined(separator: " "))]
            }
            guard columns.count == 9 else {
                throw GeneModelError(path: path, line: number, "expected 9 tab-separated columns, found \(columns.count)")
            }
            let type = columns[2]
            if skippedTypes.contains(type) { return }
            guard let rawStart = Int(columns[3]), let end = Int(columns[4]), rawStart <= end,
                  rawStart >= 1 || !(type == "exon" || type == "CDS" || type == "stop_codon") else {
                throw GeneModelError(path: path, line: number, "start/end '\(columns[3])'/'\(columns[4])' are not 1-based positions with start ≤ end")
            }
            guard end <= GeneModelReader.maximumCoordinate else {
                throw GeneModelError(path: path, line: number, "end \(end) is beyond any chromosome (the limit is \(GeneModelReader.maximumCoordinate))")
            }
            let start = max(rawStart, 1)   // genes clipped at the sequence start keep their parts
            let strand: Strand
            switch columns[6] {
            case "+": strand = .forward
            case "-": strand = .reverse
            default:
                if type == "exon" || type == "CDS" { throw GeneModelError(path: path, line: number, "strand '\(columns[6])' is not + or -") }
                strand = .forward
            }
            let attributes = isGTF ? FeatureAttributes.gtf(columns[8]) : FeatureAttributes.gff3(columns[8])
            let isPart = type == "exon" || type == "CDS" || type == "stop_codon"
            if isPart {
                let parents: [String]
                if isGTF {
                    guard let transcript = attributes["transcript_id"] else {
                        throw GeneModelError(path: path, line: number, "\(type) without a transcript_id attribute")
                    }
                    parents = [transcript]
                    if gtfTranscripts[transcript] == nil { gtfTranscripts[transcript] = attributes }
                } else {
                    guard let parent = attributes["Parent"] else {
                        throw GeneModelError(path: path, line: number, "\(type) without a Parent attribute")
                    }
                    parents = parent.split(separator: ",").map(String.init)
                }
                for parent in parents {
                    let index = slot(parent, contig: columns[0], strand: strand)
                    if parts[index].contig != columns[0] || parts[index].strand != strand {
                        throw GeneModelError(path: path, line: number, "\(type) of \(parent) lies on another contig or strand than its other parts")
                    }
                    switch type {
                    case "exon": parts[index].exons.append(start...end)
                    case "CDS":
                        parts[index].coding.append((start...end, Int(columns[7]) ?? 0))
                        if parts[index].proteinIdentifier == nil { parts[index].proteinIdentifier = attributes["protein_id"] }
                    default: parts[index].stopCodons.append(start...end)
                    }
                }
            } else if isGTF {
                if type == "transcript", let transcript = attributes["transcript_id"] { gtfTranscripts[transcript] = attributes }
            } else if let identifier = attributes["ID"] {
                features[identifier] = Feature(type: type, contig: columns[0], start: start, end: end, strand: strand,
                                               parent: attributes["Parent"], attributes: attributes)
            }
        }
        var transcripts: [Transcript] = []
        transcripts.reserveCapacity(order.count)
        var repairs = (cdsWithoutExon: 0, firstCDS: String?.none, missingParents: 0, firstParent: String?.none)
        defer {
            if repairs.cdsWithoutExon > 0 {
                FileHandle.standardError.write(Data("criba: warning: \(path): \(repairs.cdsWithoutExon) CDS piece(s) have no exon line (first: \(repairs.firstCDS ?? "")): taken as exons\n".utf8))
            }
            if repairs.missingParents > 0 {
                FileHandle.standardError.write(Data("criba: warning: \(path): \(repairs.missingParents) transcript(s) name a Parent with no line of its own (first: \(repairs.firstParent ?? "")): their gene is known by that ID only\n".utf8))
            }
        }
        for (key, entry) in zip(order, parts) {
            var exons = entry.exons
            if exons.isEmpty { exons = entry.coding.map(\.range) }   // some GTFs give CDS only
            guard !exons.isEmpty else { continue }
            exons.sort { $0.lowerBound < $1.lowerBound }
            if !entry.exons.isEmpty {
                // A CDS piece must lie within an exon. One that overlaps no exon at all is an
                // exon line missing from the file (region exports cut them): it is taken as
                // an exon, with a warning. One that crosses an exon boundary is an error.
                for piece in entry.coding where !exons.contains(where: { $0.lowerBound <= piece.range.lowerBound && piece.range.upperBound <= $0.upperBound }) {
                    if exons.contains(where: { $0.overlaps(piece.range) }) {
                        throw GeneModelError(path: path, "CDS \(piece.range.lowerBound)-\(piece.range.upperBound) of \(key) lies outside its exons")
                    }
                    exons.append(piece.range)
                    repairs.cdsWithoutExon += 1
                    if repairs.firstCDS == nil { repairs.firstCDS = "\(key) CDS \(piece.range.lowerBound)-\(piece.range.upperBound)" }
                }
                exons.sort { $0.lowerBound < $1.lowerBound }
            }
            if !isGTF, let feature = features[key] {
                // The Parent chain of a transcript ends at a feature without a Parent (its gene).
                var seen: [String] = [key]
                var current = feature
                while let parent = current.parent {
                    if seen.contains(parent) {
                        throw GeneModelError(path: path, "the Parent chain of \(key) loops (\((seen + [parent]).joined(separator: " → ")))")
                    }
                    guard let next = features[parent] else {
                        // A gene line missing (a region export cut it): the gene is known by its ID.
                        repairs.missingParents += 1
                        if repairs.firstParent == nil { repairs.firstParent = "\(key) → \(parent)" }
                        break
                    }
                    seen.append(parent)
                    current = next
                }
            }
            var transcriptAttributes: [Substring: String] = [:]
            var geneAttributes: [Substring: String] = [:]
            var transcriptType: Substring = "transcript"
            if isGTF {
                transcriptAttributes = gtfTranscripts[key] ?? [:]
                geneAttributes = transcriptAttributes
            } else if let feature = features[key] {
                transcriptAttributes = feature.attributes
                transcriptType = feature.type
                if let parent = feature.parent, let gene = features[parent] { geneAttributes = gene.attributes }
            }
            var coding = entry.coding.map(\.range) + entry.stopCodons
            coding.sort { $0.lowerBound < $1.lowerBound }
            let codingStart = coding.first?.lowerBound
            let codingEnd = coding.map(\.upperBound).max()
            // The phase that matters is that of the CDS piece at the 5′ end of the transcript.
            var phase = 0
            if !entry.coding.isEmpty {
                let fivePrime = entry.strand == .forward
                    ? entry.coding.min { $0.range.lowerBound < $1.range.lowerBound }!
                    : entry.coding.max { $0.range.upperBound < $1.range.upperBound }!
                phase = fivePrime.phase
            }
            let rawIdentifier = transcriptAttributes["transcript_id"] ?? strippedPrefix(key)
            var (identifier, version) = splitVersion(rawIdentifier)
            if version == nil, let explicit = transcriptAttributes["version"] ?? transcriptAttributes["transcript_version"] { version = explicit }
            let geneSymbol = transcriptAttributes["gene_name"] ?? geneAttributes["gene_name"] ?? geneAttributes["Name"]
                ?? transcriptAttributes["gene"] ?? geneAttributes["gene"] ?? geneAttributes["gene_id"] ?? ""
            var geneIdentifier = geneAttributes["gene_id"] ?? transcriptAttributes["gene_id"]
            let dbxref = geneAttributes["Dbxref"] ?? transcriptAttributes["Dbxref"]
            if geneIdentifier == nil, let dbxref, let geneID = dbxref.split(separator: ",").first(where: { $0.hasPrefix("GeneID:") }) {
                geneIdentifier = String(geneID.dropFirst(7))
            }
            let gene = splitVersion(geneIdentifier ?? strippedPrefix(features[key]?.parent ?? geneSymbol)).0
            var hgnc: String?
            if let dbxref, let entryHGNC = dbxref.split(separator: ",").first(where: { $0.hasPrefix("HGNC:") }) {
                hgnc = String(entryHGNC.dropFirst(5))
            }
            if let id = geneAttributes["hgnc_id"] ?? transcriptAttributes["hgnc_id"] { hgnc = id }
            var biotype = transcriptAttributes["biotype"] ?? transcriptAttributes["transcript_biotype"] ?? transcriptAttributes["transcript_type"]
            if biotype == nil {
                switch transcriptType {
                case "mRNA": biotype = codingStart != nil ? "protein_coding" : "processed_transcript"
                case "lnc_RNA", "lncRNA": biotype = "lncRNA"
                case "transcript": biotype = codingStart != nil ? "protein_coding" : "processed_transcript"
                default: biotype = String(transcriptType)
                }
            }
            var tags: TranscriptTags = []
            let tagText = transcriptAttributes["tag"] ?? ""
            for tag in tagText.split(separator: ",") {
                switch tag.trimmingCharacters(in: .whitespaces) {
                case "Ensembl_canonical": tags.insert(.canonical)
                case "MANE_Select", "MANE Select": tags.insert([.maneSelect, .canonical])
                case "MANE_Plus_Clinical", "MANE Plus Clinical": tags.insert(.manePlusClinical)
                case "basic": tags.insert(.basic)
                case "RefSeq Select": tags.insert(.canonical)
                default: break
                }
            }
            if transcriptAttributes["is_canonical"] == "1" || transcriptAttributes["Ensembl_canonical"] != nil { tags.insert(.canonical) }
            var maneName: String?
            if tags.contains(.maneSelect) {
                maneName = identifier.hasPrefix("N") ? (version.map { "\(identifier).\($0)" } ?? identifier) : transcriptAttributes["MANE_Select"]
            }
            transcripts.append(Transcript(
                identifier: identifier, version: version, geneIdentifier: gene, geneSymbol: geneSymbol, hgncIdentifier: hgnc,
                biotype: biotype ?? "transcript", contig: String(entry.contig), strand: entry.strand, exons: mergedTouching(exons),
                codingStart: codingStart, codingEnd: codingEnd, codingPhase: phase,
                proteinIdentifier: entry.proteinIdentifier.map { stripped in strippedPrefix(stripped) }, tags: tags, maneSelectName: maneName))
        }
        return transcripts
    }

    /// Removes `transcript:`, `gene:`, `rna-`, `gene-`, `CDS:` prefixes of GFF3 IDs.
    private static func strippedPrefix(_ identifier: String) -> String {
        for prefix in ["transcript:", "gene:", "rna-", "gene-", "CDS:", "cds-"] where identifier.hasPrefix(prefix) {
            return String(identifier.dropFirst(prefix.count))
        }
        return identifier
    }

    /// `ENST00000357654.9` → (`ENST00000357654`, `9`); IDs without a numeric suffix are kept whole.
    static func splitVersion(_ identifier: String) -> (String, String?) {
        guard let dot = identifier.lastIndex(of: "."), identifier.index(after: dot) < identifier.endIndex,
              identifier[identifier.index(after: dot)...].allSatisfy(\.isNumber) else { return (identifier, nil) }
        return (String(identifier[..<dot]), String(identifier[identifier.index(after: dot)...]))
    }

    /// Merges exons that overlap or abut (some models split an exon at the CDS start).
    private static func mergedTouching(_ exons: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var merged: [ClosedRange<Int>] = []
        for exon in exons {
            if let last = merged.last, exon.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, exon.upperBound)
            } else {
                merged.append(exon)
            }
        }
        return merged
    }

    // MARK: genePred

    private static func readGenePred(path: String) throws -> [Transcript] {
        var transcripts: [Transcript] = []
        var columnNames: [Substring]?
        try TextLineReader.forEachLine(path: path) { bytes, number in
            if bytes.isEmpty { return }
            let line = String(decoding: bytes, as: UTF8.self)
            if line.hasPrefix("#") {
                columnNames = line.dropFirst().split(separator: "\t")
                return
            }
            var columns = GeneModelReader.tabColumns(line)
            // refGene tables start with a numeric `bin` column.
            if columnNames == nil, columns.count >= 11, Int(columns[0]) != nil, columns[3] == "+" || columns[3] == "-" {
                columns.removeFirst()
            } else if let names = columnNames, names.first == "bin" {
                columns.removeFirst()
            }
            guard columns.count >= 10 else {
                throw GeneModelError(path: path, line: number, "a genePred line needs at least 10 columns, found \(columns.count)")
            }
            func column(_ name: String, standard: Int) -> Substring? {
                if let names = columnNames?.filter({ $0 != "bin" }), let index = names.firstIndex(of: Substring(name)) {
                    return index < columns.count ? columns[index] : nil
                }
                return standard < columns.count ? columns[standard] : nil
            }
            guard let transcriptStart = Int(columns[3]), let transcriptEnd = Int(columns[4]),
                  let cdsStart = Int(columns[5]), let cdsEnd = Int(columns[6]), let exonCount = Int(columns[7]) else {
                throw GeneModelError(path: path, line: number, "txStart, txEnd, cdsStart, cdsEnd and exonCount must be integers")
            }
            let starts = columns[8].split(separator: ",").compactMap { Int($0) }
            let ends = columns[9].split(separator: ",").compactMap { Int($0) }
            guard starts.count == exonCount, ends.count == exonCount, transcriptStart <= transcriptEnd else {
                throw GeneModelError(path: path, line: number, "exonStarts/exonEnds do not list exonCount (\(exonCount)) exons")
            }
            let strand: Strand
            switch columns[2] {
            case "+": strand = .forward
            case "-": strand = .reverse
            default: throw GeneModelError(path: path, line: number, "strand '\(columns[2])' is not + or -")
            }
            for value in [transcriptEnd, cdsEnd] + ends where value > GeneModelReader.maximumCoordinate {
                throw GeneModelError(path: path, line: number, "coordinate \(value) is beyond any chromosome (the limit is \(GeneModelReader.maximumCoordinate))")
            }
            for (start, end) in zip(starts, ends) where start < 0 || start >= end {
                throw GeneModelError(path: path, line: number, "exon \(start)-\(end) is empty or reversed (exonStarts must be below exonEnds, 0-based)")
            }
            guard transcriptStart >= 0, cdsStart >= 0, cdsEnd >= 0 else {
                throw GeneModelError(path: path, line: number, "txStart, cdsStart and cdsEnd must not be negative")
            }
            let exons = zip(starts, ends).map { ($0 + 1)...$1 }
            let coding = cdsEnd > cdsStart
            let (identifier, version) = splitVersion(String(columns[0]))
            let symbol = String(column("name2", standard: 11) ?? columns[0])
            let gene = column("geneId", standard: 99).map(String.init) ?? symbol
            transcripts.append(Transcript(
                identifier: identifier, version: version, geneIdentifier: gene, geneSymbol: symbol,
                biotype: coding ? "protein_coding" : "misc_RNA", contig: String(columns[1]), strand: strand,
                exons: mergedTouching(exons.sorted { $0.lowerBound < $1.lowerBound }),
                codingStart: coding ? cdsStart + 1 : nil, codingEnd: coding ? cdsEnd : nil))
        }
        return transcripts
    }
}
