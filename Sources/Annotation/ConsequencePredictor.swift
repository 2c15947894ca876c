/// Computes the consequence of an allele on each nearby transcript, following the
/// definitions of Ensembl VEP (see docs/annotation.md). One predictor per worker:
/// it caches transcript sequences built from its own reference handle.
public final class ConsequencePredictor {
    /// The gene model.
    public let model: GeneModel
    /// The worker's reference window.
    public let reference: ReferenceWindow
    /// Built layouts by transcript index (at most `layoutLimit` at a time).
    private var layouts: [TranscriptLayout?]
    /// Cached transcripts in the order they were built: a ring, the oldest at `layoutOldest`.
    private var layoutOrder: [Int] = []
    private var layoutOldest = 0
    private let layoutLimit = 4096

    /// Bases of intron next to an exon that count as splice region (VEP: 3–8).
    static let spliceRegionIntronLast = 8
    /// Exon bases next to an intron that count as splice region (VEP: 1–3).
    static let spliceRegionExonBases = 3
    /// Introns shorter than this (VEP: 13 bp or less) are gaps in the model (frameshift introns), without splice effects.
    static let minimumIntronLength = 14

    /// Splice terms that make VEP leave out splice_region_variant.
    static let sharperSpliceTerms: ConsequenceSet = {
        var set = ConsequenceSet()
        for term in [ConsequenceTerm.spliceDonor, .spliceAcceptor, .spliceDonorRegion, .spliceDonorFifthBase] { set.insert(term) }
        return set
    }()

    /// Creates a predictor for one worker.
    public init(model: GeneModel, reference: ReferenceWindow) {
        self.model = model
        self.reference = reference
        layouts = Array(repeating: nil, count: model.transcripts.count)
    }

    /// The text columns of the annotations of the last allele (`TranscriptAnnotation`'s spans
    /// point here), rewritten for each allele.
    public private(set) var text: [UInt8] = []

    /// The layout of a transcript (built and cached on first use).
    public func layout(_ index: Int) throws -> TranscriptLayout {
        if let cached = layouts[index] { return cached }
        return try buildLayout(index)
    }

    private func buildLayout(_ index: Int) throws -> TranscriptLayout {
        let built = try TranscriptLayout(transcript: model.transcripts[index], reference: reference)
        if layoutOrder.count >= layoutLimit {
            // Evict the oldest and reuse its slot (no shifting of the ring).
            layouts[layoutOrder[layoutOldest]] = nil
            layoutOrder[layoutOldest] = index
            layoutOldest = (layoutOldest + 1) % layoutLimit
        } else {
            layoutOrder.append(index)
        }
        layouts[index] = built
        return built
    }

    /// Annotations of `change` on every transcript within the model's flank, in model order.
    public func annotate(_ change: AlleleChange, into results: inout [TranscriptAnnotation]) throws {
        results.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        let low = change.isInsertion ? change.end : change.start
        let high = change.isInsertion ? change.start : change.end
        try model.transcripts(near: change.contig, start: low, end: high) { index in
            if let annotation = try annotate(change, transcript: index) { results.append(annotation) }
        }
    }

    /// The annotation of `change` on one transcript, nil when it lies beyond the flank. Its
    /// text is appended to `text`.
    func annotate(_ change: AlleleChange, transcript index: Int) throws -> TranscriptAnnotation? {
        var result = TranscriptAnnotation(transcriptIndex: index)
        let start = change.start, end = change.end
        let insertion = change.isInsertion
        // Upstream / downstream, from the span alone (no copy of the transcript).
        let span = model.spans[index]
        let outsideBefore = insertion ? start <= span.start : end < span.start
        let outsideAfter = insertion ? end >= span.end : start > span.end
        if outsideBefore || outsideAfter {
            let distance = outsideBefore ? span.start - (insertion ? start : end) : (insertion ? end : start) - span.end
            guard distance <= model.flank else { return nil }
            let isFivePrime = outsideBefore == (span.strand == .forward)
            result.terms.insert(isFivePrime ? .upstreamGene : .downstreamGene)
            result.distance = max(distance, 1)
            if span.isNonsenseMediatedDecay { result.terms.insert(.nmdTranscript) }
            return result
        }
        let layout = try self.layout(index)
        let transcript = layout.transcript

        /// True when the change overlaps `low...high`; an insertion must lie between two bases of it.
        func overlaps(_ low: Int, _ high: Int) -> Bool {
            guard low <= high else { return false }
            return insertion ? (end >= low && start <= high) : (start <= high && end >= low)
        }
        /// True when the change touches `low...high`; an insertion may sit at either edge.
        func touches(_ low: Int, _ high: Int) -> Bool {
            guard low <= high else { return false }
            return insertion ? (start >= low && end <= high) : (start <= high && end >= low)
        }

        let exons = transcript.exons
        let forward = transcript.strand == .forward
        // Exons and introns touched: contiguous runs of genomic-order indices.
        var exonHits = IndexSpan(), intronHits = IndexSpan()
        var inIntron = false
        // Only exons within `nearby` bases of the change, and the introns next to them, can
        // matter (splice terms reach 16 bases into an intron): found by binary search, so a
        // variant in a 300-exon gene does not walk every exon.
        let nearby = 32
        var firstExon = 0, upper = exons.count
        while firstExon < upper {
            let middle = (firstExon + upper) / 2
            if exons[middle].upperBound + nearby < start { firstExon = middle + 1 } else { upper = middle }
        }
        var lastExon = min(firstExon, exons.count - 1)
        while lastExon + 1 < exons.count && exons[lastExon + 1].lowerBound - nearby <= end { lastExon += 1 }
        if firstExon < exons.count {
            for k in firstExon...lastExon where overlaps(exons[k].lowerBound, exons[k].upperBound) { exonHits.add(k) }
        }
        if exons.count > 1 && max(0, firstExon - 1) <= min(lastExon, exons.count - 2) {
            for k in max(0, firstExon - 1)...min(lastExon, exons.count - 2) {
                let a = exons[k].upperBound + 1, b = exons[k + 1].lowerBound - 1
                guard a <= b else { continue }
                let intronOverlap = overlaps(a, b)
                let boundaryInsertion = insertion && (start == a || end == b)
                if intronOverlap { intronHits.add(k); inIntron = true }
                if b - a + 1 < ConsequencePredictor.minimumIntronLength { continue }
                guard intronOverlap || boundaryInsertion || touches(a - ConsequencePredictor.spliceRegionExonBases, b + ConsequencePredictor.spliceRegionExonBases) else { continue }
                // Splice sites in transcript orientation.
                let donorSite = forward ? (a, a + 1) : (b - 1, b)
                let acceptorSite = forward ? (b - 1, b) : (a, a + 1)
                let fifthBase = forward ? a + 4 : b - 4
                let donorRegion = forward ? (a + 2, a + 5) : (b - 5, b - 2)
                let polypyrimidine = forward ? (b - 16, b - 2) : (a + 2, a + 16)
                let last = ConsequencePredictor.spliceRegionIntronLast
                let exonBases = ConsequencePredictor.spliceRegionExonBases
                if overlaps(donorSite.0, donorSite.1) { result.terms.insert(.spliceDonor) }
                if overlaps(acceptorSite.0, acceptorSite.1) { result.terms.insert(.spliceAcceptor) }
                if overlaps(fifthBase, fifthBase) { result.terms.insert(.spliceDonorFifthBase) }
                if overlaps(donorRegion.0, donorRegion.1) { result.terms.insert(.spliceDonorRegion) }
                if overlaps(polypyrimidine.0, polypyrimidine.1) { result.terms.insert(.splicePolypyrimidineTract) }
                let nearSiteInsertion = insertion && (start == a + 2 || end == b - 2)
                let spliceRegion = overlaps(a + 2, min(a + last - 1, b)) || overlaps(max(b - last + 1, a), b - 2)
                    || touches(a - exonBases, a - 1) || touches(b + 1, b + exonBases) || boundaryInsertion || nearSiteInsertion
                // VEP reports splice_region only when no sharper splice term applies.
                if spliceRegion && result.terms.bits & ConsequencePredictor.sharperSpliceTerms.bits == 0 { result.terms.insert(.spliceRegion) }
                if result.terms.contains(.spliceDonorFifthBase) { result.terms.remove(.spliceDonorRegion) }
                if intronOverlap && (overlaps(a + 2, b - 2) || nearSiteInsertion) { result.terms.insert(.intron) }
            }
        }
        let exonCount = exons.count
        func number(_ genomicIndex: Int) -> Int { forward ? genomicIndex + 1 : exonCount - genomicIndex }
        if !exonHits.isEmpty {
            let a = number(exonHits.low), b = number(exonHits.high)
            result.exon = appendNumbered(a, b, of: exonCount)
        }
        if !intronHits.isEmpty {
            let a = forward ? intronHits.low + 1 : exonCount - 1 - intronHits.low
            let b = forward ? intronHits.high + 1 : exonCount - 1 - intronHits.high
            result.intron = appendNumbered(a, b, of: exonCount - 1)
        }

        let isNMD = span.isNonsenseMediatedDecay
        if !exonHits.isEmpty {
            if let codingLow = transcript.codingStart, let codingHigh = transcript.codingEnd {
                let utrBefore = forward ? FeatureSide.fivePrime : .threePrime
                let utrAfter = forward ? FeatureSide.threePrime : .fivePrime
                if overlapsExonic(exons, exonHits, transcript.start, codingLow - 1, insertion: insertion, start: start, end: end) {
                    result.terms.insert(utrBefore == .fivePrime ? .fivePrimeUTR : .threePrimeUTR)
                }
                if overlapsExonic(exons, exonHits, codingHigh + 1, transcript.end, insertion: insertion, start: start, end: end) {
                    result.terms.insert(utrAfter == .fivePrime ? .fivePrimeUTR : .threePrimeUTR)
                }
                // An insertion right next to the CDS belongs to the UTR on that side (VEP).
                if insertion && start == codingLow { result.terms.insert(utrBefore == .fivePrime ? .fivePrimeUTR : .threePrimeUTR) }
                if insertion && end == codingHigh { result.terms.insert(utrAfter == .fivePrime ? .fivePrimeUTR : .threePrimeUTR) }
                if overlaps(codingLow, codingHigh) || (insertion && start > codingLow && end < codingHigh) {
                    try codingEffects(change, layout: layout, result: &result, crossesIntron: inIntron || exonHits.high > exonHits.low)
                }
            } else {
                result.terms.insert(.nonCodingTranscriptExon)
            }
        }
        if isNMD { result.terms.insert(.nmdTranscript) }
        result.cdnaPosition = appendCDNAPositions(change, layout: layout)
        if result.terms.isEmpty {
            // Inside the transcript but only in the 2-base splice sites' shadow, e.g. an intronic
            // insertion next to a site: report the intron.
            // (also variants in a frameshift intron, which VEP treats as coding sequence)
            if let low = transcript.codingStart, let high = transcript.codingEnd, start <= high, end >= low, !inIntron || transcript.isCoding {
                result.terms.insert(.codingSequence)
            } else {
                result.terms.insert(inIntron ? .intron : (transcript.isCoding ? .codingTranscript : .nonCodingTranscript))
            }
        }
        // Inside a non-coding transcript but not in its exons (intron, splice sites): VEP adds
        // non_coding_transcript_variant, e.g. `splice_donor_variant&non_coding_transcript_variant`.
        if !transcript.isCoding && !result.terms.contains(.nonCodingTranscriptExon) && !result.terms.contains(.matureMiRNA) {
            result.terms.insert(.nonCodingTranscript)
        }
        try hgvsCoding(change, layout: layout, result: &result)
        return result
    }

    private enum FeatureSide { case fivePrime, threePrime }

    /// True when the change overlaps `low...high` within an exon it touches.
    private func overlapsExonic(_ exons: [ClosedRange<Int>], _ hits: IndexSpan, _ low: Int, _ high: Int,
                                insertion: Bool, start: Int, end: Int) -> Bool {
        guard low <= high, !hits.isEmpty else { return false }
        for k in hits.low...hits.high {
            let lo = max(low, exons[k].lowerBound), hi = min(high, exons[k].upperBound)
            guard lo <= hi else { continue }
            if insertion ? (end >= lo && start <= hi) : (start <= hi && end >= lo) { return true }
        }
        return false
    }

    /// Appends the cDNA positions of the change (`12`, `12-14`; an insertion gives its two
    /// flanking bases) to `text`, nil when neither end is exonic.
    private func appendCDNAPositions(_ change: AlleleChange, layout: TranscriptLayout) -> TextSpan? {
        let (first, last) = transcriptOrderedFlanks(change, layout: layout)
        let a = layout.cdna(of: first), b = layout.cdna(of: last)
        let mark = text.count
        switch (a, b) {
        case let (a?, b?): text.appendPositionRange(min(a, b), max(a, b))
        case let (a?, nil):
            text.appendDecimal(a)
            text.appendASCII("-?")
        case let (nil, b?):
            text.appendASCII("?-")
            text.appendDecimal(b)
        default: return nil
        }
        return TextSpan(mark, text.count)
    }

    /// Appends `a/total` or `low-high/total` (exon or intron numbers) to `text`.
    private func appendNumbered(_ a: Int, _ b: Int, of total: Int) -> TextSpan {
        let mark = text.count
        text.appendPositionRange(min(a, b), max(a, b))
        text.append(UInt8(ascii: "/"))
        text.appendDecimal(total)
        return TextSpan(mark, text.count)
    }

    /// The genomic positions of the change's first and last base in transcript order
    /// (for an insertion, its flanking bases).
    private func transcriptOrderedFlanks(_ change: AlleleChange, layout: TranscriptLayout) -> (Int, Int) {
        let low = change.isInsertion ? change.end : change.start
        let high = change.isInsertion ? change.start : change.end
        return layout.transcript.strand == .forward ? (low, high) : (high, low)
    }

    // MARK: Coding effects

    private func codingEffects(_ change: AlleleChange, layout: TranscriptLayout, result: inout TranscriptAnnotation, crossesIntron: Bool) throws {
        let transcript = layout.transcript
        guard let codingStartCDNA = layout.codingStartCDNA, let codingEndCDNA = layout.codingEndCDNA else { return }
        let forward = transcript.strand == .forward
        let (firstFlank, lastFlank) = transcriptOrderedFlanks(change, layout: layout)
        guard !crossesIntron, let firstCDNA = layout.cdna(of: firstFlank), let lastCDNA = layout.cdna(of: lastFlank),
              lastCDNA - firstCDNA == (change.isInsertion ? 1 : change.reference.count - 1) else {
            result.terms.insert(.codingSequence)
            return
        }
        // 0-based indices into the spliced sequence.
        let x0 = change.isInsertion ? lastCDNA - 1 : firstCDNA - 1
        let x1 = change.isInsertion ? x0 - 1 : lastCDNA - 1
        let cs0 = codingStartCDNA - 1 + transcript.codingPhase
        let ce0 = codingEndCDNA - 1
        let sequence = layout.sequence
        let alternate = forward ? change.alternate : DNA.reverseComplement(change.alternate)
        // Partly outside the CDS: start or stop codon touched from the UTR side.
        if (!change.isInsertion && (x0 < cs0 || x1 > ce0)) {
            if x0 < cs0 && x1 >= cs0 {
                result.terms.insert(.fivePrimeUTR)
                // The start codon survives when the bases now at the first changed position read as before.
                let changed = Array(sequence[..<x0]) + alternate + Array(sequence[min(x1 + 1, sequence.count)...])
                let startCodon = sequence[min(cs0, sequence.count)..<min(cs0 + 3, sequence.count)]
                if startCodon.contains(DNA.unknown) {
                    // The start codon's bases are unknown: whether it survives cannot be told.
                    result.terms.insert(.codingSequence)
                } else {
                    let kept = x0 + 3 <= changed.count && cs0 + 3 <= sequence.count && changed[x0..<(x0 + 3)] == startCodon
                    if !kept { result.terms.insert(.startLost) }
                }
            }
            if x1 > ce0 && x0 <= ce0 { result.terms.insert(.stopLost) }
            if result.terms.isEmpty { result.terms.insert(.codingSequence) }
            return
        }
        if change.isInsertion && (x0 <= cs0 || x0 > ce0) {
            result.terms.insert(x0 <= cs0 ? .fivePrimeUTR : .threePrimeUTR)
            return
        }
        let codingLength = ce0 - cs0 + 1
        let firstCodon = (x0 - cs0) / 3
        let lastCodon = change.isInsertion ? firstCodon : (x1 - cs0) / 3
        let segmentStart = cs0 + 3 * firstCodon
        let segmentEnd = min(cs0 + 3 * (lastCodon + 1), sequence.count)   // exclusive
        var mark = text.count
        if change.isInsertion { text.appendPositionRange(x0 - cs0, x0 - cs0 + 1) } else { text.appendPositionRange(x0 - cs0 + 1, x1 - cs0 + 1) }
        result.cdsPosition = TextSpan(mark, text.count)
        mark = text.count
        text.appendPositionRange(firstCodon + 1, lastCodon + 1)
        result.proteinPosition = TextSpan(mark, text.count)
        if codingLength % 3 != 0 && cs0 + 3 * (lastCodon + 1) > ce0 + 1 {
            result.terms.insert(.incompleteTerminalCodon)
            return
        }
        var referenceSegment = Array(sequence[segmentStart..<segmentEnd])
        var alternateSegment = Array(sequence[segmentStart..<x0]) + alternate + Array(sequence[min(x1 + 1, segmentEnd)..<segmentEnd])
        let inFrame = change.lengthChange % 3 == 0
        // Codons with unknown bases (N in the reference: a gap, or a contig annotated from the
        // gene model alone) have no amino acid: the change is named from its length only,
        // without codons, amino acids or a protein change.
        if referenceSegment.contains(DNA.unknown) || alternateSegment.contains(DNA.unknown) {
            if !inFrame {
                result.terms.insert(.frameshift)
            } else if change.lengthChange > 0 {
                result.terms.insert(.inframeInsertion)
            } else if change.lengthChange < 0 {
                result.terms.insert(.inframeDeletion)
            } else {
                result.terms.insert(.codingSequence)
            }
            return
        }
        let code = layout.geneticCode
        let referencePeptide = code.translate(referenceSegment)
        // Codons column: changed bases upper case.
        for index in referenceSegment.indices { referenceSegment[index] = index + segmentStart >= x0 && index + segmentStart <= x1 ? referenceSegment[index] : lower(referenceSegment[index]) }
        let prefixCount = x0 - segmentStart
        for index in alternateSegment.indices where index < prefixCount || index >= prefixCount + alternate.count {
            alternateSegment[index] = lower(alternateSegment[index])
        }
        mark = text.count
        text.appendOrDash(referenceSegment)
        text.append(UInt8(ascii: "/"))
        text.appendOrDash(alternateSegment)
        result.codons = TextSpan(mark, text.count)
        let stop = UInt8(ascii: "*")
        if inFrame {
            let alternatePeptide = code.translate(alternateSegment)
            mark = text.count
            if referencePeptide == alternatePeptide {
                text.append(contentsOf: referencePeptide)
            } else {
                text.appendOrDash(referencePeptide)
                text.append(UInt8(ascii: "/"))
                text.appendOrDash(alternatePeptide)
            }
            result.aminoAcids = TextSpan(mark, text.count)
            let startCodon = firstCodon == 0 && referencePeptide.first == UInt8(ascii: "M")
            let referenceStop = referencePeptide.contains(stop)
            let alternateStop = alternatePeptide.contains(stop)
            if change.lengthChange == 0 {
                if referencePeptide == alternatePeptide {
                    result.terms.insert(referenceStop ? .stopRetained : (startCodon ? .startRetained : .synonymous))
                } else if startCodon && alternatePeptide.first != UInt8(ascii: "M") {
                    result.terms.insert(.startLost)
                } else if referenceStop && !alternateStop {
                    result.terms.insert(.stopLost)
                } else if alternateStop && !referenceStop {
                    result.terms.insert(.stopGained)
                } else {
                    result.terms.insert(.missense)
                }
            } else {
                if startCodon && alternatePeptide.first != UInt8(ascii: "M") { result.terms.insert(.startLost) }
                if referenceStop && !alternateStop { result.terms.insert(.stopLost) }
                let firstAlternateStop = alternatePeptide.firstIndex(of: stop)
                if let firstAlternateStop, !referenceStop || firstAlternateStop < referencePeptide.firstIndex(of: stop)! {
                    result.terms.insert(.stopGained)
                } else if referenceStop && alternatePeptide.last == stop {
                    result.terms.insert(.stopRetained)
                }
                if alternatePeptide.count > referencePeptide.count { result.terms.insert(.inframeInsertion) }
                else if alternatePeptide.count < referencePeptide.count { result.terms.insert(.inframeDeletion) }
                else if referencePeptide != alternatePeptide { result.terms.insert(.missense) }
                else { result.terms.insert(.synonymous) }
            }
            let name = try HGVSProtein.inFrame(
                layout: layout, firstCodon: firstCodon, referencePeptide: referencePeptide, alternatePeptide: alternatePeptide,
                tail: { try self.translatedTail(layout: layout, from: segmentEnd, prefix: []) })
            mark = text.count
            text.append(contentsOf: layout.proteinPrefix)
            text.append(contentsOf: name.utf8)
            result.hgvsp = TextSpan(mark, text.count)
        } else {
            result.terms.insert(.frameshift)
            if referencePeptide.contains(stop) { result.terms.insert(.stopLost) }
            if firstCodon == 0 && referencePeptide.first == UInt8(ascii: "M") { result.terms.insert(.startLost) }
            mark = text.count
            text.appendOrDash(referencePeptide)
            text.appendASCII("/X")
            result.aminoAcids = TextSpan(mark, text.count)
            let shifted = Array(sequence[segmentStart..<x0]) + alternate + Array(sequence[min(x1 + 1, sequence.count)...])
            let alternateProtein = code.translate(shifted, untilStop: true)
            let name = HGVSProtein.frameshift(layout: layout, firstCodon: firstCodon, alternateProtein: alternateProtein)
            mark = text.count
            text.append(contentsOf: layout.proteinPrefix)
            text.append(contentsOf: name.utf8)
            result.hgvsp = TextSpan(mark, text.count)
        }
    }

    /// Translation of the spliced sequence from `from` on, after `prefix`, up to a stop.
    private func translatedTail(layout: TranscriptLayout, from: Int, prefix: [UInt8]) throws -> [UInt8] {
        let bases = prefix + Array(layout.sequence[min(from, layout.sequence.count)...])
        return layout.geneticCode.translate(bases, untilStop: true)
    }

    @inline(__always)
    private func lower(_ base: UInt8) -> UInt8 { base >= 65 && base <= 90 ? base + 32 : base }

    // MARK: HGVS c./n.

    private func hgvsCoding(_ change: AlleleChange, layout: TranscriptLayout, result: inout TranscriptAnnotation) throws {
        let transcript = layout.transcript
        // Shift 3′ within the exon or intron the change lies in.
        var shifted = change
        if change.isInsertion || change.isDeletion {
            // An indel next to unknown bases cannot be shifted 3′ or told from a duplication:
            // no name rather than a possibly wrong one.
            let before = try reference.base(contig: change.contig, at: change.isInsertion ? change.end : change.start - 1)
            let after = try reference.base(contig: change.contig, at: change.isInsertion ? change.start : change.end + 1)
            if before == DNA.unknown || after == DNA.unknown { return }
        }
        if change.isInsertion || change.isDeletion {
            let low = change.isInsertion ? change.end : change.start
            let high = change.isInsertion ? change.start : change.end
            if let segment = segment(containing: low, high, transcript: transcript) {
                shifted = transcript.strand == .forward
                    ? try change.rightAligned(reference, limit: segment.upperBound)
                    : try change.leftAligned(reference, limit: segment.lowerBound)
                let offset = abs(shifted.start - change.start)
                if offset > 0 { result.hgvsOffset = offset }
            }
        }
        let mark = text.count
        if try HGVSCoding.appendName(shifted, layout: layout, reference: reference, to: &text) {
            result.hgvsc = TextSpan(mark, text.count)
        }
    }

    /// The exon or intron holding `low...high`, or nil when the span crosses a boundary.
    private func segment(containing low: Int, _ high: Int, transcript: Transcript) -> ClosedRange<Int>? {
        let exons = transcript.exons
        for (k, exon) in exons.enumerated() {
            if exon.lowerBound <= low && high <= exon.upperBound { return exon }
            if k + 1 < exons.count {
                let intron = (exon.upperBound + 1)...(exons[k + 1].lowerBound - 1)
                if intron.lowerBound <= low && high <= intron.upperBound { return intron }
            }
        }
        return nil
    }
}

/// A run of consecutive indices (the exons, or introns, a change touches), without an array.
struct IndexSpan {
    /// The first index (Int.max when empty).
    var low = Int.max
    /// The last index (-1 when empty).
    var high = -1
    /// True when no index was added.
    var isEmpty: Bool { high < low }
    /// Adds an index.
    mutating func add(_ index: Int) {
        low = min(low, index)
        high = max(high, index)
    }
}
