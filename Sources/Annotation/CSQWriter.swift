/// Writes CSQ entries (the columns of `CSQFormatter.fields`) as bytes into a caller's
/// buffer. One per worker: it keeps, per transcript, the columns that never change
/// (gene, feature, biotype, strand, MANE and canonical flags, already escaped) and, per
/// set of terms, the `Consequence|IMPACT` text, so an entry is a handful of copies.
final class CSQWriter {
    private let model: GeneModel
    private let catalog: ConsequenceCatalog
    /// Per transcript: `SYMBOL|Gene|Feature_type|Feature|BIOTYPE` and
    /// `STRAND` with `SYMBOL_SOURCE|HGNC_ID|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL`.
    private var fixedColumns: [(head: [UInt8], strand: [UInt8], tail: [UInt8])?]
    private var termTexts: [UInt64: [UInt8]] = [:]
    private static let intergenicTail = Array(intergenicTailText(picked: false).utf8)
    private static let intergenicPickedTail = Array(intergenicTailText(picked: true).utf8)

    init(model: GeneModel, catalog: ConsequenceCatalog) {
        self.model = model
        self.catalog = catalog
        fixedColumns = Array(repeating: nil, count: model.transcripts.count)
    }

    /// Appends the entry of an allele that touches no transcript.
    func appendIntergenic(allele: [UInt8], picked: Bool, to output: inout [UInt8]) {
        output.append(contentsOf: allele)
        output.append(contentsOf: picked ? Self.intergenicPickedTail : Self.intergenicTail)
    }

    /// Appends one transcript entry; `text` is the buffer the annotation's text spans point into.
    func append(allele: [UInt8], annotation: TranscriptAnnotation, text: [UInt8], picked: Bool, to output: inout [UInt8]) {
        let bar = UInt8(ascii: "|")
        let fixed = columns(of: annotation.transcriptIndex)
        output.append(contentsOf: allele)
        output.append(bar)
        output.append(contentsOf: termText(annotation.terms))
        output.append(bar)
        output.append(contentsOf: fixed.head)
        output.append(bar)
        appendText(annotation.exon, text, to: &output)
        output.append(bar)
        appendText(annotation.intron, text, to: &output)
        output.append(bar)
        if let hgvsc = annotation.hgvsc { CSQWriter.appendEscaped(text[hgvsc.start..<hgvsc.end], equals: false, to: &output) }
        output.append(bar)
        if let hgvsp = annotation.hgvsp { CSQWriter.appendEscaped(text[hgvsp.start..<hgvsp.end], equals: true, to: &output) }
        output.append(bar)
        appendText(annotation.cdnaPosition, text, to: &output)
        output.append(bar)
        appendText(annotation.cdsPosition, text, to: &output)
        output.append(bar)
        appendText(annotation.proteinPosition, text, to: &output)
        output.append(bar)
        appendText(annotation.aminoAcids, text, to: &output)
        output.append(bar)
        appendText(annotation.codons, text, to: &output)
        output.append(bar)   // Existing_variation
        output.append(bar)
        if let distance = annotation.distance { output.appendDecimal(distance) }
        output.append(bar)
        output.append(contentsOf: fixed.strand)
        output.append(bar)   // FLAGS
        output.append(bar)
        if picked { output.append(UInt8(ascii: "1")) }
        output.append(bar)
        output.append(contentsOf: fixed.tail)
        output.append(bar)
        if let offset = annotation.hgvsOffset {
            output.appendDecimal(offset * Int(model.spans[annotation.transcriptIndex].strand.rawValue))
        }
    }

    @inline(__always)
    private func appendText(_ span: TextSpan?, _ text: [UInt8], to output: inout [UInt8]) {
        guard let span else { return }
        output.append(contentsOf: text[span.start..<span.end])
    }

    /// `Consequence|IMPACT` for a set of terms.
    private func termText(_ terms: ConsequenceSet) -> [UInt8] {
        if let cached = termTexts[terms.bits] { return cached }
        let text = Array((catalog.ordered(terms).map(\.name).joined(separator: "&") + "|" + catalog.impact(of: terms).rawValue).utf8)
        termTexts[terms.bits] = text
        return text
    }

    private func columns(of index: Int) -> (head: [UInt8], strand: [UInt8], tail: [UInt8]) {
        if let cached = fixedColumns[index] { return cached }
        let transcript = model.transcripts[index]
        let isRefSeq = ["NM_", "NR_", "XM_", "XR_"].contains { transcript.identifier.hasPrefix($0) }
        let head = [CSQFormatter.escaped(transcript.geneSymbol), CSQFormatter.escaped(transcript.geneIdentifier), "Transcript",
                    isRefSeq ? transcript.versionedIdentifier : transcript.identifier, CSQFormatter.escaped(transcript.biotype)]
        let tail = [transcript.hgncIdentifier != nil ? "HGNC" : "", transcript.hgncIdentifier ?? "",
                    transcript.tags.contains(.canonical) ? "YES" : "",
                    transcript.maneSelectName ?? (transcript.tags.contains(.maneSelect) ? transcript.versionedIdentifier : ""),
                    transcript.tags.contains(.manePlusClinical) ? transcript.versionedIdentifier : ""]
        let built = (head: Array(head.joined(separator: "|").utf8), strand: Array((transcript.strand == .forward ? "1" : "-1").utf8),
                     tail: Array(tail.joined(separator: "|").utf8))
        fixedColumns[index] = built
        return built
    }

    /// Appends a value with VEP's escaping: `,` and `|` become `&`, `;` becomes `%3B`,
    /// whitespace `_`, and (in HGVSp) `=` becomes `%3D`.
    static func appendEscaped(_ value: ArraySlice<UInt8>, equals: Bool, to output: inout [UInt8]) {
        for byte in value {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "|"): output.append(UInt8(ascii: "&"))
            case UInt8(ascii: ";"): output.append(contentsOf: [UInt8(ascii: "%"), UInt8(ascii: "3"), UInt8(ascii: "B")])
            case UInt8(ascii: " "), UInt8(ascii: "\t"): output.append(UInt8(ascii: "_"))
            case UInt8(ascii: "=") where equals: output.append(contentsOf: [UInt8(ascii: "%"), UInt8(ascii: "3"), UInt8(ascii: "D")])
            default: output.append(byte)
            }
        }
    }

    /// Everything after the allele in an intergenic entry.
    private static func intergenicTailText(picked: Bool) -> String {
        var values = [String](repeating: "", count: CSQFormatter.fields.count)
        values[1] = ConsequenceTerm.intergenic.name
        values[2] = Impact.modifier.rawValue
        values[21] = picked ? "1" : ""
        return values.joined(separator: "|")
    }
}
