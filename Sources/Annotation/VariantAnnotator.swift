import VariantIO

/// What to do when a record's REF differs from the reference genome.
public enum ReferenceMismatchPolicy: String, Sendable {
    /// Stop with an error naming the record (the default).
    case error
    /// Count the record, annotate its alleles as given, and go on.
    case warn
}

/// What to do with a record on a contig the reference lacks.
public enum MissingReferenceContigPolicy: String, Sendable {
    /// Stop with an error naming the record (the default).
    case error
    /// Annotate from the gene model alone: the contig reads as unknown bases, REF is not
    /// checked, coding changes are named from their position and length only (no codons,
    /// amino acids or protein change), and the record is flagged `INFO/NO_REFERENCE`.
    case structureOnly = "structure-only"
}

/// A record whose REF does not match the reference, or whose contig the reference lacks.
public struct ReferenceMismatchError: Error, Sendable, CustomStringConvertible {
    /// The reference FASTA.
    public var path: String
    /// `contig:position` of the record.
    public var location: String
    /// The explanation.
    public var message: String

    /// `path: location: message`.
    public var description: String { "\(location): \(message) (reference \(path))" }
}

/// Options of `criba annotate` that shape the CSQ entries.
public struct AnnotationOptions: Sendable {
    /// Keep one entry per allele (MANE Select, then MANE Plus Clinical, canonical, protein coding, most severe, longest CDS).
    public var pick = false
    /// REF mismatch handling.
    public var referenceMismatch = ReferenceMismatchPolicy.error
    /// Handling of records on contigs the reference lacks.
    public var missingContig = MissingReferenceContigPolicy.error
    /// Creates the defaults.
    public init(pick: Bool = false, referenceMismatch: ReferenceMismatchPolicy = .error,
                missingContig: MissingReferenceContigPolicy = .error) {
        self.pick = pick
        self.referenceMismatch = referenceMismatch
        self.missingContig = missingContig
    }
}

/// Annotates records with VEP-style CSQ strings. One per worker thread: it owns a
/// reference handle and a transcript cache.
public final class VariantAnnotator {
    /// The predictor (model, reference, caches).
    public let predictor: ConsequencePredictor
    /// The consequence catalogue.
    public let catalog: ConsequenceCatalog
    /// The options.
    public let options: AnnotationOptions
    /// Records whose REF differed from the reference (with `--ref-mismatch warn`).
    public private(set) var referenceMismatches = 0
    /// The first mismatch seen, for the warning message.
    public private(set) var firstMismatch: String?
    /// Records annotated without reference sequence (`structure-only`: their contig is not
    /// in the reference, or the reference reads `N` over their REF).
    public private(set) var recordsWithoutSequence = 0
    /// True when the last record given to `writeCSQ` was annotated without reference sequence.
    public private(set) var lastRecordLacksSequence = false
    private var annotations: [TranscriptAnnotation] = []
    private var referenceBases: [UInt8] = []
    private var alternateBases: [UInt8] = []
    private var displayAllele: [UInt8] = []
    /// The current allele's change, its base arrays reused from record to record.
    private var change = AlleleChange(contig: "", start: 0, reference: [], alternate: [])
    /// The record's alleles, fetched once per record (each fetch walks the record's bytes).
    private var alleleSpans: [UnsafeBufferPointer<UInt8>] = []
    private let formatter: CSQWriter

    /// Creates an annotator over its own reference handle.
    public init(model: GeneModel, reference: ReferenceSequence, catalog: ConsequenceCatalog = .standard, options: AnnotationOptions) {
        predictor = ConsequencePredictor(model: model, reference: ReferenceWindow(
            reference: reference, unknownContigsReadAsN: options.missingContig == .structureOnly))
        formatter = CSQWriter(model: model, catalog: catalog)
        self.catalog = catalog
        self.options = options
        // The parts of the pick order that depend on the transcript alone, computed once:
        // the per-record choice then copies no transcript.
        pickPreference = model.transcripts.map { transcript in
            (transcript.tags.contains(.maneSelect) ? 0 : 8) | (transcript.tags.contains(.manePlusClinical) ? 0 : 4)
                | (transcript.tags.contains(.canonical) ? 0 : 2) | (transcript.biotype == "protein_coding" ? 0 : 1)
        }
        pickLength = model.transcripts.map { transcript in
            if let start = transcript.codingStart, let end = transcript.codingEnd { return end - start }
            return transcript.splicedLength
        }
    }

    /// Per transcript: MANE Select, MANE Plus Clinical, canonical and protein coding as the
    /// bits 8, 4, 2, 1 (0 when it has the property), for `pickIndex()`.
    private let pickPreference: [Int]
    /// Per transcript: the CDS length (coding) or spliced length, for `pickIndex()`.
    private let pickLength: [Int]

    /// The CSQ value for a record (REF then ALT alleles at `position` on `contig`), or
    /// nil when it has no annotatable ALT allele.
    public func csq(contig: String, position: Int, alleles: [String]) throws -> String? {
        var flat: [UInt8] = []
        var ranges: [Range<Int>] = []
        for allele in alleles {
            let start = flat.count
            flat.append(contentsOf: allele.utf8)
            ranges.append(start..<flat.count)
        }
        var output: [UInt8] = []
        let written = try flat.withUnsafeBufferPointer { pointer in
            try writeCSQ(contig: contig, position: position, alleleCount: ranges.count,
                         allele: { UnsafeBufferPointer(rebasing: pointer[ranges[$0]]) }, into: &output)
        }
        return written ? String(decoding: output.dropLast(), as: UTF8.self) : nil
    }

    /// A hint that a record at `position` of `contig` comes soon (a few records ahead): its
    /// reference base starts loading into the CPU cache while the current record is annotated.
    @inline(__always)
    public func prefetchReference(contig: String, position: Int) {
        predictor.reference.prefetch(contig: contig, at: position)
    }

    /// Writes the CSQ value of a record into `output` (replacing its contents, NUL-terminated)
    /// and returns true, or returns false when the record has no annotatable ALT allele.
    /// `allele(i)` gives the bytes of allele `i` (REF is 0). Nothing is allocated per record
    /// beyond the consequence computation itself.
    public func writeCSQ(contig: String, position: Int, alleleCount: Int, allele: (Int) -> UnsafeBufferPointer<UInt8>,
                         into output: inout [UInt8]) throws -> Bool {
        output.removeAll(keepingCapacity: true)
        lastRecordLacksSequence = false
        guard alleleCount >= 2 else { return false }
        alleleSpans.removeAll(keepingCapacity: true)
        for index in 0..<alleleCount { alleleSpans.append(allele(index)) }
        let reference = alleleSpans[0]
        referenceBases.removeAll(keepingCapacity: true)
        for byte in reference { referenceBases.append(byte >= 97 ? byte - 32 : byte) }
        try checkReference(contig: contig, position: position, bases: referenceBases)
        // VEP's allele strings: when the alleles differ in length and all share the first
        // base, it is dropped and an empty allele is written `-`.
        var lengthsDiffer = false, sharedFirst = true
        let firstBase = reference.first
        for bytes in alleleSpans {
            if bytes.count != reference.count { lengthsDiffer = true }
            if !(bytes.count == 1 && bytes[0] == UInt8(ascii: "*")) && bytes.first != firstBase { sharedFirst = false }
        }
        let dropFirst = lengthsDiffer && sharedFirst
        for alleleIndex in 1..<alleleCount {
            let alternate = alleleSpans[alleleIndex]
            if alternate.isEmpty || alternate[0] == UInt8(ascii: "<") || alternate.contains(UInt8(ascii: "["))
                || alternate.contains(UInt8(ascii: "]")) { continue }
            if alternate.count == 1 && (alternate[0] == UInt8(ascii: "*") || alternate[0] == UInt8(ascii: ".")) { continue }
            alternateBases.removeAll(keepingCapacity: true)
            for byte in alternate { alternateBases.append(byte >= 97 ? byte - 32 : byte) }
            change.setTrimmed(contig: contig, position: position, reference: referenceBases, alternate: alternateBases)
            if change.reference.isEmpty && change.alternate.isEmpty { continue }
            if change.isInsertion || change.isDeletion { change = try change.leftAligned(predictor.reference) }
            try predictor.annotate(change, into: &annotations)
            // The allele as VEP writes it.
            displayAllele.removeAll(keepingCapacity: true)
            if dropFirst {
                if alternate.count == 1 { displayAllele.append(UInt8(ascii: "-")) } else { displayAllele.append(contentsOf: alternate.dropFirst()) }
            } else {
                displayAllele.append(contentsOf: alternate)
            }
            if annotations.isEmpty {
                if !output.isEmpty { output.append(UInt8(ascii: ",")) }
                formatter.appendIntergenic(allele: displayAllele, picked: options.pick, to: &output)
                continue
            }
            let picked = pickIndex()
            for offset in annotations.indices {
                if options.pick && offset != picked { continue }
                if !output.isEmpty { output.append(UInt8(ascii: ",")) }
                formatter.append(allele: displayAllele, annotation: annotations[offset], text: predictor.text, picked: offset == picked, to: &output)
            }
        }
        guard !output.isEmpty else { return false }
        output.append(0)
        return true
    }

    /// The index in `annotations` of the entry `--pick` keeps.
    private func pickIndex() -> Int {
        func key(_ annotation: TranscriptAnnotation) -> (Int, Int, Int) {
            let rank = catalog.mostSevere(annotation.terms).map(catalog.rank(of:)) ?? 1000
            return (pickPreference[annotation.transcriptIndex], rank, -pickLength[annotation.transcriptIndex])
        }
        var best = 0
        var bestKey = key(annotations[0])
        for index in annotations.indices.dropFirst() {
            let candidate = key(annotations[index])
            if candidate < bestKey { best = index; bestKey = candidate }
        }
        return best
    }

    private func checkReference(contig: String, position: Int, bases: [UInt8]) throws {
        let window = predictor.reference
        lastRecordLacksSequence = false
        guard window.length(of: contig) != nil else {
            if options.missingContig == .structureOnly {
                lastRecordLacksSequence = true
                recordsWithoutSequence += 1
                return
            }
            let hint = ReferenceCheck.namingHint(contig, window.reference)
            throw ReferenceMismatchError(path: window.reference.path, location: "\(contig):\(position)",
                                         message: "the reference has no contig '\(contig)'" + (hint.isEmpty
                                            ? " (give a reference that has it, or annotate such records from the gene model alone: --missing-reference-contig structure-only)"
                                            : hint))
        }
        guard try !window.matches(contig: contig, start: position, bases: bases) else {
            if options.missingContig == .structureOnly, !bases.isEmpty,
               try window.sequence(contig: contig, start: position, end: position + bases.count - 1).allSatisfy({ $0 == DNA.unknown }) {
                lastRecordLacksSequence = true
                recordsWithoutSequence += 1
            }
            return
        }
        let expected = try window.sequence(contig: contig, start: position, end: position + bases.count - 1)
        let message = ReferenceCheck.mismatch(given: bases, expected: expected)
        if options.referenceMismatch == .error {
            throw ReferenceMismatchError(path: window.reference.path, location: "\(contig):\(position)", message: message)
        }
        referenceMismatches += 1
        if firstMismatch == nil { firstMismatch = "\(contig):\(position): \(message)" }
    }
}

/// Checks that a VCF and a reference (and a gene model) name and size contigs alike.
public enum ReferenceCheck {
    /// The message for a REF that differs from the reference (shared by annotate and norm).
    public static func mismatch(given: [UInt8], expected: [UInt8]) -> String {
        "REF \(String(decoding: given, as: UTF8.self)) differs from the reference \(String(decoding: expected, as: UTF8.self)) (wrong genome build or reference?)"
    }

    /// A hint when `contig` exists in the reference under the other `chr` convention.
    public static func namingHint(_ contig: String, _ reference: ReferenceSequence) -> String {
        let other = contig.hasPrefix("chr") ? String(contig.dropFirst(3)) : "chr" + contig
        if reference.length(of: other) != nil { return " but has '\(other)': the VCF and the reference name contigs differently (chr1 vs 1)" }
        return ""
    }

    /// Throws when a contig declared in the VCF header with a length has another length
    /// in the reference (a different genome build), or when no VCF contig is named as in
    /// the reference.
    public static func verify(vcfContigs: [ContigDefinition], vcfPath: String, reference: ReferenceSequence) throws {
        var shared = 0
        for contig in vcfContigs {
            guard let length = reference.length(of: contig.name) else { continue }
            shared += 1
            // A reference much shorter than the declared contig is a window (test fixtures,
            // targeted references): REF checks per record still catch a wrong build there.
            if let declared = contig.length, declared != length, length * 2 > declared {
                throw ReferenceMismatchError(path: reference.path, location: "\(vcfPath): contig \(contig.name)",
                    message: "the VCF header gives length \(declared) but the reference has \(length): different genome builds (e.g. GRCh37 vs GRCh38)")
            }
        }
        if shared == 0, let first = vcfContigs.first {
            throw ReferenceMismatchError(path: reference.path, location: "\(vcfPath): contig \(first.name)",
                message: "no contig of the VCF header is in the reference\(namingHint(first.name, reference))")
        }
    }

    /// Throws when the gene model and the reference share no contig name.
    public static func verify(model: GeneModel, reference: ReferenceSequence) throws {
        let modelContigs = model.contigs
        guard !modelContigs.isEmpty, !modelContigs.contains(where: { reference.length(of: $0) != nil }) else { return }
        let example = modelContigs.sorted().first!
        throw GeneModelError(path: model.path, "no contig of the gene model is in the reference \(reference.path)\(namingHint(example, reference))")
    }
}
