import Annotation
import VariantIO

/// Reads per-gene consequences of an ALT allele from the consequence annotation the VCF
/// carries: `CSQ` (Criba, Ensembl VEP), `ANN` (SnpEff) or `BCSQ` (bcftools csq), in that
/// order of preference. The layout comes from the header's `Format:` description.
/// One reader per worker.
public final class ConsequenceReader {
    /// Which annotation is read.
    public enum Style: String, Sendable { case csq = "CSQ", ann = "ANN", bcsq = "BCSQ" }

    /// The annotation in use.
    public let style: Style
    private let tag: TagIndex
    private let catalog = ConsequenceCatalog.standard
    private let termsByName: [String: ConsequenceTerm]
    private let termsByHash: [UInt64: ConsequenceTerm]
    private let alleleColumn: Int?, consequenceColumn: Int, symbolColumn: Int?, geneColumn: Int?, featureColumn: Int?
    private let exonColumn: Int?, hgvsCodingColumn: Int?, hgvsProteinColumn: Int?
    private let pickColumn: Int?, canonicalColumn: Int?, maneColumn: Int?
    private let extraColumns: [(name: String, column: Int)]
    private let preferredTranscripts: [String: String]
    private let preferMANE: Bool

    /// The CSQ columns of the header (empty for ANN/BCSQ).
    public let columns: [String]

    /// Resolves the annotation in `header`; `extraColumns` names numeric CSQ columns to
    /// read (those absent from the layout are ignored). Throws when the header declares
    /// none of CSQ, ANN and BCSQ.
    /// `preferredTranscripts` (gene → accession, version ignored, matched against the
    /// Feature and MANE_SELECT columns) and `preferMANE` choose an entry before severity.
    public init(header: VariantHeader, extraColumns requested: [String] = [], preferredTranscripts: [String: String] = [:],
                preferMANE: Bool = false) throws(PrioritizationError) {
        self.preferredTranscripts = preferredTranscripts.mapValues { ConsequenceReader.unversioned($0) }
        self.preferMANE = preferMANE
        var names: [String: ConsequenceTerm] = [:]
        for term in ConsequenceTerm.allCases {
            names[term.name] = term
            if let bcftools = ConsequenceCatalog.standard.bcftoolsName(of: term), names[bcftools] == nil { names[bcftools] = term }
        }
        // Older and tool-specific spellings.
        names["5_prime_UTR_premature_start_codon_gain_variant"] = .fivePrimeUTR
        names["splice_donor_region"] = .spliceDonorRegion
        names["non_coding_exon_variant"] = .nonCodingTranscriptExon
        names["disruptive_inframe_insertion"] = .inframeInsertion
        names["disruptive_inframe_deletion"] = .inframeDeletion
        names["conservative_inframe_insertion"] = .inframeInsertion
        names["conservative_inframe_deletion"] = .inframeDeletion
        names["initiator_codon_variant"] = .startLost
        names["exon_loss_variant"] = .transcriptAblation
        names["5_prime_UTR_variant"] = .fivePrimeUTR
        names["3_prime_UTR_variant"] = .threePrimeUTR
        names["5_prime_utr"] = .fivePrimeUTR
        names["3_prime_utr"] = .threePrimeUTR
        termsByName = names
        termsByHash = Dictionary(names.map { (ConsequenceReader.hash($0.key.utf8), $0.value) }, uniquingKeysWith: { first, _ in first })

        func layout(_ description: String) -> [String] {
            guard let range = description.range(of: "Format: ") ?? description.range(of: "Functional annotations: ") else { return [] }
            var text = description[range.upperBound...]
            text = text.drop { $0 == "'" || $0 == " " }
            if let end = text.firstIndex(where: { $0 == "'" || $0 == "\"" }) { text = text[..<end] }
            return text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let definition = header.info("CSQ") {
            style = .csq
            columns = layout(definition.description)
            guard let consequence = columns.firstIndex(of: "Consequence") else {
                throw PrioritizationError("the CSQ header has no Consequence column (Format: \(columns.joined(separator: "|")))")
            }
            let columns = self.columns
            tag = header.tag("CSQ").index
            alleleColumn = columns.firstIndex(of: "Allele")
            consequenceColumn = consequence
            symbolColumn = columns.firstIndex(of: "SYMBOL")
            geneColumn = columns.firstIndex(of: "Gene")
            featureColumn = columns.firstIndex(of: "Feature")
            exonColumn = columns.firstIndex(of: "EXON")
            hgvsCodingColumn = columns.firstIndex(of: "HGVSc")
            hgvsProteinColumn = columns.firstIndex(of: "HGVSp")
            pickColumn = columns.firstIndex(of: "PICK")
            canonicalColumn = columns.firstIndex(of: "CANONICAL")
            maneColumn = columns.firstIndex(of: "MANE_SELECT")
            extraColumns = requested.compactMap { name in columns.firstIndex(of: name).map { (name, $0) } }
        } else if header.info("ANN") != nil {
            // SnpEff: Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type
            // | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | …
            style = .ann
            columns = []
            tag = header.tag("ANN").index
            alleleColumn = 0; consequenceColumn = 1; symbolColumn = 3; geneColumn = 4; featureColumn = 6
            exonColumn = 8; hgvsCodingColumn = 9; hgvsProteinColumn = 10
            pickColumn = nil; canonicalColumn = nil; maneColumn = nil
            extraColumns = []
        } else if header.info("BCSQ") != nil {
            // bcftools csq: consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change
            style = .bcsq
            columns = []
            tag = header.tag("BCSQ").index
            alleleColumn = nil; consequenceColumn = 0; symbolColumn = 1; geneColumn = nil; featureColumn = 2
            exonColumn = nil; hgvsCodingColumn = 6; hgvsProteinColumn = 5
            pickColumn = nil; canonicalColumn = nil; maneColumn = nil
            extraColumns = []
        } else {
            throw PrioritizationError("no consequence annotation (INFO/CSQ, ANN or BCSQ): run 'criba annotate -g genes.gff3 -f ref.fa' first")
        }
    }

    /// An accession without its version (`NM_000546.6` → `NM_000546`).
    static func unversioned<Text: StringProtocol>(_ accession: Text) -> String {
        guard let dot = accession.lastIndex(of: "."), accession[accession.index(after: dot)...].allSatisfy(\.isNumber) else { return String(accession) }
        return String(accession[..<dot])
    }

    /// FNV-1a of a term name's bytes.
    private static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return value
    }

    /// True when some entry of the record (any allele) names a term with
    /// `qualifies[term.rawValue]`, read from the bytes without building strings; records
    /// without annotation give false. Meant as a cheap test before `consequences`.
    public func anyTerm(_ record: VariantRecord, qualifies: [Bool]) -> Bool {
        guard let bytes = record.infoBytes(tag), bytes.count > 0 else { return false }
        if style == .bcsq { return true }
        let pipe = UInt8(ascii: "|"), comma = UInt8(ascii: ","), ampersand = UInt8(ascii: "&")
        var field = 0
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            if field == consequenceColumn {
                if byte == pipe || byte == comma || byte == ampersand {
                    if let term = termsByHash[value], qualifies[term.rawValue] { return true }
                    value = 0xcbf2_9ce4_8422_2325
                } else {
                    value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                    continue
                }
            }
            if byte == pipe { field += 1 } else if byte == comma { field = 0 }
        }
        if field == consequenceColumn, let term = termsByHash[value], qualifies[term.rawValue] { return true }
        return false
    }

    /// The hash `anyGene` compares gene symbols with.
    public static func geneHash(_ symbol: String) -> UInt64 { hash(symbol.utf8) }

    /// True when some entry of the record names a gene whose `geneHash` is in `genes`,
    /// read from the bytes without building strings (the cheap test of a panel run).
    public func anyGene(_ record: VariantRecord, in genes: Set<UInt64>) -> Bool {
        guard let column = symbolColumn, let bytes = record.infoBytes(tag), bytes.count > 0 else { return false }
        let pipe = UInt8(ascii: "|"), comma = UInt8(ascii: ",")
        var field = 0
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            if byte == pipe || byte == comma {
                if field == column, genes.contains(value) { return true }
                value = 0xcbf2_9ce4_8422_2325
                if byte == pipe { field += 1 } else { field = 0 }
            } else if field == column {
                value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return field == column && genes.contains(value)
    }

    /// The most severe consequence per gene of ALT allele `allele` (1-based), in order of
    /// first appearance. Entries for other alleles, and entries without a gene, are skipped.
    public func consequences(_ record: VariantRecord, allele: Int) -> [GeneConsequence] {
        guard let bytes = record.infoBytes(tag), bytes.count > 0 else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let alleles = record.alleles
        let alleleKey: String
        switch style {
        case .csq: alleleKey = CSQFormatter.displayAlleles(alleles)[allele]
        case .ann, .bcsq: alleleKey = alleles[allele]
        }
        var result: [GeneConsequence] = []
        var preference: [Int] = []
        for entry in text.split(separator: ",") {
            var fields = entry.split(separator: "|", omittingEmptySubsequences: false)
            if style == .bcsq {
                guard let first = fields.first, !first.hasPrefix("@") else { continue }
                if first.hasPrefix("*") { fields[0] = first.dropFirst() }
                // bcftools writes one entry per ALT; match the DNA change's new bases.
                if alleles.count > 2, fields.count > 6, let arrow = fields[6].lastIndex(of: ">") {
                    guard fields[6][fields[6].index(after: arrow)...].hasSuffix(alleleKey) else { continue }
                }
            } else if let column = alleleColumn, column < fields.count, fields[column] != alleleKey {
                continue
            }
            guard consequenceColumn < fields.count else { continue }
            var gene = symbolColumn.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? ""
            if gene.isEmpty { gene = geneColumn.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? "" }
            guard !gene.isEmpty else { continue }
            var terms: [ConsequenceTerm] = []
            for name in fields[consequenceColumn].split(separator: "&") {
                if let term = termsByName[String(name)] { terms.append(term) }
            }
            guard !terms.isEmpty else { continue }
            terms.sort { catalog.rank(of: $0) < catalog.rank(of: $1) }
            func field(_ column: Int?) -> String { column.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? "" }
            var consequence = GeneConsequence(gene: gene, transcript: field(featureColumn), terms: terms,
                                              hgvsCoding: field(hgvsCodingColumn), hgvsProtein: field(hgvsProteinColumn))
            let exon = field(exonColumn).split(separator: "/")
            if exon.count == 2, let number = Int(exon[0]), let count = Int(exon[1]) {
                consequence.exon = number
                consequence.exonCount = count
            }
            for (name, column) in extraColumns where column < fields.count {
                // VEP joins duplicate values with '&'; the largest one counts.
                let values = fields[column].split(separator: "&").compactMap { Double($0) }
                if let value = values.max() { consequence.extras[name] = value }
            }
            // Preference among entries of one gene: more severe first, then PICK,
            // MANE Select, canonical.
            var score = -catalog.rank(of: terms[0]) * 8 + (field(pickColumn) == "1" ? 4 : 0)
                + (field(maneColumn).isEmpty ? 0 : 2) + (field(canonicalColumn) == "YES" ? 1 : 0)
            // A curated transcript, then MANE Select, wins before severity when asked for.
            if let curated = preferredTranscripts[gene],
               ConsequenceReader.unversioned(field(featureColumn)) == curated || ConsequenceReader.unversioned(field(maneColumn)) == curated {
                score += 1 << 20
            } else if preferMANE && !field(maneColumn).isEmpty {
                score += 1 << 19
            }
            if let index = result.firstIndex(where: { $0.gene == gene }) {
                if score > preference[index] {
                    // Keep extras seen on other transcripts when the winner lacks them.
                    for (name, value) in result[index].extras where consequence.extras[name] == nil { consequence.extras[name] = value }
                    result[index] = consequence
                    preference[index] = score
                }
            } else {
                result.append(consequence)
                preference.append(score)
            }
        }
        return result
    }
}
