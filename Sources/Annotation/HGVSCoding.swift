/// HGVS names on the transcript: `c.` for coding transcripts (with intronic offsets
/// `c.123+5`, UTR positions `c.-12` and `c.*34`), `n.` for non-coding ones.
enum HGVSCoding {
    /// The position of a genomic base in HGVS transcript coordinates, nil outside the transcript.
    static func position(of genomic: Int, layout: TranscriptLayout) -> String? {
        if let cdna = layout.cdna(of: genomic) { return coordinate(cdna, layout: layout) }
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
                let lastBase = layout.exonCDNAStarts[index] + current.count - 1
                return "\(coordinate(lastBase, layout: layout))+\(fromDonor)"
            }
            return "\(coordinate(layout.exonCDNAStarts[index + 1], layout: layout))-\(toAcceptor)"
        }
        return nil
    }

    /// A cDNA position as `c.` (`-12`, `123`, `*34`) or `n.` coordinate.
    static func coordinate(_ cdna: Int, layout: TranscriptLayout) -> String {
        guard let codingStart = layout.codingStartCDNA, let end = layout.codingEndCDNA else { return "\(cdna)" }
        // An incomplete 5′ CDS (GFF phase > 0) starts numbering at its first complete codon, as CDS_position does.
        let start = codingStart + layout.transcript.codingPhase
        if cdna < start { return "-\(start - cdna)" }
        if cdna > end { return "*\(cdna - end)" }
        return "\(cdna - start + 1)"
    }

    /// The full name (`ENST00000357654.9:c.5266dup`), nil when the change is outside the transcript.
    static func name(_ change: AlleleChange, layout: TranscriptLayout, reference: ReferenceWindow) throws -> String? {
        let transcript = layout.transcript
        let forward = transcript.strand == .forward
        let kind = transcript.isCoding ? "c." : "n."
        let prefix = transcript.versionedIdentifier + ":" + kind
        func oriented(_ bases: [UInt8]) -> String { String(decoding: forward ? bases : DNA.reverseComplement(bases), as: UTF8.self) }
        func range(_ low: Int, _ high: Int) -> String? {
            guard let a = position(of: low, layout: layout), let b = position(of: high, layout: layout) else { return nil }
            if low == high { return a }
            return forward ? "\(a)_\(b)" : "\(b)_\(a)"
        }
        if change.isInsertion {
            let length = change.alternate.count
            // A duplication when the inserted bases repeat the bases just 5′ of the insertion (transcript orientation).
            if forward {
                let before = try reference.sequence(contig: change.contig, start: change.start - length, end: change.end)
                if before == change.alternate, let text = range(change.start - length, change.end) { return prefix + text + "dup" }
            } else {
                let after = try reference.sequence(contig: change.contig, start: change.start, end: change.start + length - 1)
                if after == change.alternate, let text = range(change.start, change.start + length - 1) { return prefix + text + "dup" }
            }
            guard let a = position(of: change.end, layout: layout), let b = position(of: change.start, layout: layout) else { return nil }
            return prefix + (forward ? "\(a)_\(b)" : "\(b)_\(a)") + "ins" + oriented(change.alternate)
        }
        guard let text = range(change.start, change.end) else { return nil }
        if change.isDeletion { return prefix + text + "del" }
        if change.reference.count == 1 && change.alternate.count == 1 {
            return prefix + text + oriented(change.reference) + ">" + oriented(change.alternate)
        }
        return prefix + text + "delins" + oriented(change.alternate)
    }
}
