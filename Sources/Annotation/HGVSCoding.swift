/// HGVS names on the transcript: `c.` for coding transcripts (with intronic offsets
/// `c.123+5`, UTR positions `c.-12` and `c.*34`), `n.` for non-coding ones. Names are
/// written as bytes into the caller's text buffer.
enum HGVSCoding {
    /// Appends the position of a genomic base in HGVS transcript coordinates; returns false
    /// (and appends nothing) when the base lies outside the transcript.
    static func appendPosition(of genomic: Int, layout: TranscriptLayout, to text: inout [UInt8]) -> Bool {
        if let cdna = layout.cdna(of: genomic) {
            appendCoordinate(cdna, layout: layout, to: &text)
            return true
        }
        let exons = layout.exons
        let forward = layout.transcript.strand == .forward
        for index in 0..<(exons.count - 1) {
            let (current, next) = (exons[index], exons[index + 1])
            let inside = forward ? (genomic > current.upperBound && genomic < next.lowerBound)
                                 : (genomic < current.lowerBound && genomic > next.upperBound)
            guard inside else { continue }
            let fromDonor = forward ? genomic - current.upperBound : current.lowerBound - genomic
            let toAcceptor = forward ? next.lowerBound - genomic : genomic - next.upperBound
            if fromDonor <= toAcceptor {
                appendCoordinate(layout.exonCDNAStarts[index] + current.count - 1, layout: layout, to: &text)
                text.append(UInt8(ascii: "+"))
                text.appendDecimal(fromDonor)
            } else {
                appendCoordinate(layout.exonCDNAStarts[index + 1], layout: layout, to: &text)
                text.append(UInt8(ascii: "-"))
                text.appendDecimal(toAcceptor)
            }
            return true
        }
        return false
    }

    /// Appends a cDNA position as a `c.` (`-12`, `123`, `*34`) or `n.` coordinate.
    static func appendCoordinate(_ cdna: Int, layout: TranscriptLayout, to text: inout [UInt8]) {
        guard let codingStart = layout.codingStartCDNA, let end = layout.codingEndCDNA else {
            text.appendDecimal(cdna)
            return
        }
        // An incomplete 5′ CDS (GFF phase > 0) starts numbering at its first complete codon, as CDS_position does.
        let start = codingStart + layout.transcript.codingPhase
        if cdna < start {
            text.append(UInt8(ascii: "-"))
            text.appendDecimal(start - cdna)
        } else if cdna > end {
            text.append(UInt8(ascii: "*"))
            text.appendDecimal(cdna - end)
        } else {
            text.appendDecimal(cdna - start + 1)
        }
    }

    /// Appends the full name (`ENST00000357654.9:c.5266dup`) and returns true, or returns false
    /// (and appends nothing) when the change is outside the transcript.
    static func appendName(_ change: AlleleChange, layout: TranscriptLayout, reference: ReferenceWindow,
                           to text: inout [UInt8]) throws -> Bool {
        let forward = layout.transcript.strand == .forward
        let mark = text.count
        text.append(contentsOf: layout.hgvsPrefix)
        /// Appends `a_b` in transcript order for the genomic bases `first` and `second` (or `a` when they are one base).
        func appendRange(_ low: Int, _ high: Int) -> Bool {
            let (first, second) = forward ? (low, high) : (high, low)
            guard appendPosition(of: first, layout: layout, to: &text) else { return false }
            if low == high { return true }
            text.append(UInt8(ascii: "_"))
            return appendPosition(of: second, layout: layout, to: &text)
        }
        func appendOriented(_ bases: [UInt8]) {
            if forward { text.append(contentsOf: bases) } else { DNA.appendReverseComplement(bases, to: &text) }
        }
        func fail() -> Bool {
            text.removeSubrange(mark...)
            return false
        }
        if change.isInsertion {
            let length = change.alternate.count
            // A duplication when the inserted bases repeat the bases just 5′ of the insertion (transcript orientation).
            let repeatStart = forward ? change.start - length : change.start
            var duplicated = true
            for (index, base) in change.alternate.enumerated()
            where try reference.base(contig: change.contig, at: repeatStart + index) != base {
                duplicated = false
                break
            }
            if duplicated {
                let range = forward ? (change.start - length, change.end) : (change.start, change.start + length - 1)
                let afterPrefix = text.count
                if appendRange(range.0, range.1) {
                    text.appendASCII("dup")
                    return true
                }
                text.removeSubrange(afterPrefix...)
            }
            // Between the two flanking bases: `end` (the base before) and `start` (the base after).
            guard appendRange(change.end, change.start) else { return fail() }
            text.appendASCII("ins")
            appendOriented(change.alternate)
            return true
        }
        guard appendRange(change.start, change.end) else { return fail() }
        if change.isDeletion {
            text.appendASCII("del")
        } else if change.reference.count == 1 && change.alternate.count == 1 {
            appendOriented(change.reference)
            text.append(UInt8(ascii: ">"))
            appendOriented(change.alternate)
        } else {
            text.appendASCII("delins")
            appendOriented(change.alternate)
        }
        return true
    }
}
