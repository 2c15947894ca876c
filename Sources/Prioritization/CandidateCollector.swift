import Annotation
import AnnotationSources
import Foundation
import VariantIO
import VariantModel

/// Turns records into candidates: each ALT allele the proband carries, on a gene, whose
/// variant score can matter (`RankingModel.minimumVariantScore`) and whose population
/// frequency is below the stand-alone benign threshold. One collector per worker.
public final class CandidateCollector {
    /// What to keep.
    public struct Settings: Sendable {
        /// Drop alleles above this population frequency (default: BA1).
        public var maximumFrequency: Double
        /// Keep only records whose FILTER is PASS (or missing).
        public var passOnly: Bool
        /// The fields to read.
        public var fields: EvidenceFields
        /// Keep only these genes (nil: every gene).
        public var genes: Set<String>?
        /// Keep every consequence, however mild (a panel classifies all its variants).
        public var keepMildConsequences: Bool
        /// With `keepMildConsequences`: still drop MODIFIER-impact consequences (intronic,
        /// UTR, up/downstream) unless ClinVar has the variant.
        public var codingOnly: Bool
        /// Preferred transcript per gene (accession, version ignored), chosen over more
        /// severe entries; with `preferMANE`, MANE Select entries come next.
        public var preferredTranscripts: [String: String]
        /// Prefer MANE Select entries over more severe ones.
        public var preferMANE: Bool

        /// Creates settings.
        public init(maximumFrequency: Double = AcmgRules.bundled.threshold("BA1_allele_frequency"), passOnly: Bool = true,
                    fields: EvidenceFields = EvidenceFields(), genes: Set<String>? = nil, keepMildConsequences: Bool = false,
                    preferredTranscripts: [String: String] = [:], preferMANE: Bool = false, codingOnly: Bool = false) {
            self.codingOnly = codingOnly
            self.maximumFrequency = maximumFrequency
            self.passOnly = passOnly
            self.fields = fields
            self.genes = genes
            self.keepMildConsequences = keepMildConsequences
            self.preferredTranscripts = preferredTranscripts
            self.preferMANE = preferMANE
        }
    }

    /// A resolved value: an INFO tag (with its Number) or a CSQ column.
    private struct Field {
        let name: String
        let tag: TagIndex?
        let perAllele: Bool
        let isString: Bool
    }

    private let settings: Settings
    private let model: RankingModel
    private let consequences: ConsequenceReader
    private let callReader: SampleCallReader
    private let analyzer: InheritanceAnalyzer
    private let proband: Int
    private let frequencyFields: [Field], filteringFields: [Field], homozygoteFields: [Field], clinvarFields: [Field], starFields: [Field]
    private let statusFields: [Field]
    private let revelFields: [Field], spliceFields: [Field], loeufFields: [Field], pliFields: [Field]
    /// Terms whose score reaches the minimum (missense always: REVEL decides later); nil
    /// when SpliceAI, or ClinVar in CSQ columns, can lift any term, so every record must be
    /// parsed. ClinVar in INFO lifts only the records that carry a value there.
    private let qualifyingTerms: [Bool]?
    /// The INFO ClinVar fields: a record with a value in one skips the term pre-check.
    private let clinvarInfoTags: [TagIndex]
    /// Hashes of the wanted genes' symbols, for the byte-level pre-check.
    private let geneHashes: Set<UInt64>?
    /// True when some population-frequency field is in the header (INFO or CSQ).
    public let hasFrequencySource: Bool
    /// True when a ClinVar significance field is present.
    public let hasClinVar: Bool
    /// The fields found, for the report (`frequency: gnomad_AF (INFO)`).
    public let resolvedFields: [String: [String]]
    /// `INFO/NO_REFERENCE`, when the header declares it.
    private let noReferenceTag: TagIndex?

    /// Resolves fields against `header`; throws when the proband is not a sample or the
    /// VCF has no consequence annotation.
    public init(header: VariantHeader, pedigree: Pedigree, analyzer: InheritanceAnalyzer, model: RankingModel,
                settings: Settings = Settings()) throws(PrioritizationError) {
        self.settings = settings
        self.model = model
        self.analyzer = analyzer
        consequences = try ConsequenceReader(header: header, extraColumns: settings.fields.csqColumns,
                                             preferredTranscripts: settings.preferredTranscripts, preferMANE: settings.preferMANE)
        callReader = SampleCallReader(header: header, pedigree: pedigree)
        guard let probandMember = pedigree.proband, let index = pedigree.members.firstIndex(where: { $0.id == probandMember.id }) else {
            throw PrioritizationError("the pedigree has no affected member to prioritise for (PED phenotype column 2)")
        }
        guard callReader.sampleColumns[index] != nil else {
            throw PrioritizationError("the proband '\(probandMember.id)' is not a sample of the VCF (samples: \(header.samples.prefix(6).joined(separator: ", ")))")
        }
        proband = index
        noReferenceTag = header.info("NO_REFERENCE") != nil ? header.tag("NO_REFERENCE").index : nil
        let csqColumns = Set(consequences.columns)
        let style = consequences.style.rawValue
        var resolved: [String: [String]] = [:]
        func resolve(_ names: [String], _ label: String) -> [Field] {
            var fields: [Field] = []
            for name in names {
                if let definition = header.info(name) {
                    fields.append(Field(name: name, tag: header.tag(name).index,
                                        perAllele: definition.number == .perAlternateAllele, isString: definition.type == .string))
                    resolved[label, default: []].append("\(name) (INFO)")
                } else if csqColumns.contains(name) {
                    fields.append(Field(name: name, tag: nil, perAllele: false, isString: false))
                    resolved[label, default: []].append("\(name) (\(style))")
                }
            }
            return fields
        }
        frequencyFields = resolve(settings.fields.frequency, "frequency")
        filteringFields = resolve(settings.fields.filteringFrequency, "filtering_frequency")
        homozygoteFields = resolve(settings.fields.homozygotes, "homozygotes")
        clinvarFields = resolve(settings.fields.clinvarSignificance, "clinvar")
        starFields = resolve(settings.fields.clinvarStars, "clinvar_stars")
        statusFields = starFields.isEmpty ? resolve(settings.fields.clinvarReviewStatus, "clinvar_review_status").filter { $0.tag != nil } : []
        revelFields = resolve(settings.fields.revel, "revel")
        spliceFields = resolve(settings.fields.spliceAI, "spliceai")
        loeufFields = resolve(settings.fields.loeuf, "loeuf")
        pliFields = resolve(settings.fields.pLI, "pli")
        hasFrequencySource = !frequencyFields.isEmpty
        let clinvarInInfo = clinvarFields.allSatisfy { $0.tag != nil }
        clinvarInfoTags = clinvarFields.compactMap(\.tag)
        if spliceFields.isEmpty && clinvarInInfo && !settings.keepMildConsequences {
            qualifyingTerms = ConsequenceTerm.allCases.map { model.score(of: $0) >= model.minimumVariantScore || $0 == .missense || $0 == .proteinAltering }
        } else if clinvarInInfo && settings.keepMildConsequences && settings.codingOnly {
            qualifyingTerms = ConsequenceTerm.allCases.map { ConsequenceCatalog.standard.impact(of: $0) != .modifier }
        } else {
            qualifyingTerms = nil
        }
        geneHashes = settings.genes.map { Set($0.map(ConsequenceReader.geneHash)) }
        hasClinVar = !clinvarFields.isEmpty
        resolvedFields = resolved
    }

    /// The first call of unsupported ploidy seen (see `SampleCallReader.unsupportedPloidy`).
    public var unsupportedPloidy: String? { callReader.unsupportedPloidy }

    /// Appends the record's candidates to `candidates`.
    public func collect(_ record: VariantRecord, into candidates: inout [CandidateVariant]) {
        if settings.passOnly && !record.passesFilters { return }
        let alleleCount = record.alleleCount
        guard alleleCount > 1 else { return }
        if let geneHashes, !consequences.anyGene(record, in: geneHashes) { return }
        if let qualifyingTerms, !consequences.anyTerm(record, qualifies: qualifyingTerms),
           !clinvarInfoTags.contains(where: { record.infoBytes($0) != nil }) { return }
        var alleles: [String]?
        for allele in 1..<alleleCount {
            let calls = callReader.calls(record, allele: allele)
            guard let call = calls[proband], call.carries else { continue }
            if alleles == nil { alleles = record.alleles }
            guard let alleles, alleles[allele] != "*", !alleles[allele].hasPrefix("<") else { continue }
            let frequency = largest(frequencyFields, record, allele: allele, consequence: nil)
            if let frequency, frequency > settings.maximumFrequency { continue }
            var genes = consequences.consequences(record, allele: allele)
            if let wanted = settings.genes { genes.removeAll { !wanted.contains($0.gene) } }
            guard !genes.isEmpty else { continue }
            let modes = analyzer.modes(contig: record.contig, calls: calls)
            let clinvar = text(clinvarFields, record, allele: allele)
            let withoutReferenceSequence = noReferenceTag.map { record.hasInfo($0) } ?? false
            for consequence in genes {
                var candidate = CandidateVariant(
                    contig: record.contig, position: record.position, reference: alleles[0], alternate: alleles[allele],
                    alleleIndex: allele, quality: record.quality, filters: record.filters, consequence: consequence,
                    calls: calls, modes: modes, frequency: frequency ?? largest(frequencyFields, record, allele: allele, consequence: consequence),
                    filteringFrequency: largest(filteringFields, record, allele: allele, consequence: consequence),
                    homozygotes: largest(homozygoteFields, record, allele: allele, consequence: consequence).map { Int($0) },
                    clinvarSignificance: clinvar,
                    clinvarStars: largest(starFields, record, allele: allele, consequence: consequence).map { Int($0) }
                        ?? reviewStars(record),
                    revel: largest(revelFields, record, allele: allele, consequence: consequence),
                    spliceAI: spliceScore(record, allele: allele, consequence: consequence),
                    loeuf: largest(loeufFields, record, allele: allele, consequence: consequence),
                    pLI: largest(pliFields, record, allele: allele, consequence: consequence))
                candidate.withoutReferenceSequence = withoutReferenceSequence
                if let frequency = candidate.frequency, frequency > settings.maximumFrequency { continue }
                // Consequences too mild to matter are left out, unless ClinVar calls them pathogenic.
                if settings.keepMildConsequences {
                    if settings.codingOnly && candidate.clinvarSignificance == nil
                        && consequence.mostSevere.map({ ConsequenceCatalog.standard.impact(of: $0) == .modifier }) ?? true { continue }
                } else if model.consequenceScore(candidate) < model.minimumVariantScore && !candidate.isClinVarPathogenic {
                    continue
                }
                candidates.append(candidate)
            }
        }
    }

    /// The largest numeric value among `fields` (INFO for this allele, or CSQ extras).
    private func largest(_ fields: [Field], _ record: VariantRecord, allele: Int, consequence: GeneConsequence?) -> Double? {
        var best: Double?
        for field in fields {
            let value: Double
            if let tag = field.tag {
                guard !field.isString else { continue }
                value = record.infoNumber(tag, index: field.perAllele ? allele - 1 : 0)
            } else {
                guard let extra = consequence?.extras[field.name] else { continue }
                value = extra
            }
            if !value.isNaN { best = max(best ?? value, value) }
        }
        return best
    }

    /// Stars from a ClinVar review-status text field (`CLNREVSTAT`), when no star field exists.
    private func reviewStars(_ record: VariantRecord) -> Int? {
        for field in statusFields {
            guard let tag = field.tag, let bytes = record.infoBytes(tag), bytes.count > 0 else { continue }
            let status = String(decoding: bytes, as: UTF8.self)
            if let stars = ReviewStars.bundled.stars[status] { return Int(stars) }
        }
        return nil
    }

    /// The first text value among `fields` for this allele.
    private func text(_ fields: [Field], _ record: VariantRecord, allele: Int) -> String? {
        for field in fields {
            guard let tag = field.tag, let bytes = record.infoBytes(tag), bytes.count > 0 else { continue }
            let whole = String(decoding: bytes, as: UTF8.self)
            if field.perAllele {
                let parts = whole.split(separator: ",", omittingEmptySubsequences: false)
                guard allele - 1 < parts.count, parts[allele - 1] != "." else { continue }
                return String(parts[allele - 1])
            }
            if whole != "." { return whole }
        }
        return nil
    }

    /// SpliceAI's largest delta score: a numeric field, or the raw
    /// `ALLELE|SYMBOL|DS_AG|DS_AL|DS_DG|DS_DL|…` string of the SpliceAI VCF.
    private func spliceScore(_ record: VariantRecord, allele: Int, consequence: GeneConsequence) -> Double? {
        if let number = largest(spliceFields, record, allele: allele, consequence: consequence) { return number }
        for field in spliceFields where field.isString {
            guard let tag = field.tag, let bytes = record.infoBytes(tag) else { continue }
            var best: Double?
            let alternate = record.alleles[allele]
            for entry in String(decoding: bytes, as: UTF8.self).split(separator: ",") {
                let parts = entry.split(separator: "|", omittingEmptySubsequences: false)
                guard parts.count >= 6, parts[0] == alternate else { continue }
                for value in parts[2...5].compactMap({ Double($0) }) { best = max(best ?? value, value) }
            }
            if best != nil { return best }
        }
        return nil
    }
}
