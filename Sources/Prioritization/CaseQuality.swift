import VariantIO
import VariantModel

/// Quality figures of one case, for the report: counts, Ts/Tv, per-member zygosity, a sex
/// check from chrX heterozygosity and, for a trio, the Mendelian-error rate.
public struct CaseQuality: Sendable, Codable {
    /// One pedigree member's figures.
    public struct Member: Sendable, Codable {
        /// Sample ID and declared sex (`male`, `female`, `unknown`).
        public var id: String, declaredSex: String
        /// Calls carrying the first ALT: heterozygous, homozygous (or hemizygous) alternate; missing calls.
        public var heterozygous = 0, homozygousAlternate = 0, missing = 0
        /// Heterozygous / homozygous-alternate.
        public var hetHomRatio: Double?
        /// chrX outside the pseudo-autosomal regions: heterozygous and homozygous-alternate calls.
        public var chrXHeterozygous = 0, chrXHomozygousAlternate = 0
        /// chrX heterozygous fraction (nil under 30 calls).
        public var chrXHeterozygosity: Double?
        /// `male`, `female` or `undetermined`, from chrX heterozygosity.
        public var inferredSex: String = "undetermined"
        /// `consistent`, `mismatch` or `not assessed`, with the reason.
        public var sexCheck: String = "not assessed"
    }

    /// Mendelian consistency of the proband with both parents (autosomes).
    public struct Mendelian: Sendable, Codable {
        /// Sites where all three are called and someone carries the ALT; errors among them; their rate.
        public var sitesChecked: Int, errors: Int, rate: Double
    }

    /// Records read, of which PASS, SNVs, indels.
    public var records = 0, passRecords = 0, snvs = 0, indels = 0
    /// Transitions and transversions (biallelic SNVs) and their ratio.
    public var transitions = 0, transversions = 0
    /// Ts/Tv.
    public var tsTv: Double?
    /// Per-member figures, in pedigree order.
    public var members: [Member] = []
    /// Records where the proband carries an ALT, per contig, in header order.
    public var probandVariantsPerContig: [ContigCount] = []
    /// Trio check (nil without both parents).
    public var mendelian: Mendelian?

    /// A contig and a count.
    public struct ContigCount: Sendable, Codable {
        /// Contig name and count.
        public var contig: String, count: Int
    }
}

/// Gathers `CaseQuality` per worker without a `String` per record; `merge` combines workers.
public final class CaseQualityCollector {
    private let callReader: SampleCallReader
    private let contigClasses: [ChromosomeClass]
    private let contigNames: [String]
    private let proband: Int
    private let parents: (Int, Int)?
    private var quality = CaseQuality()
    private var counts: [(het: Int, hom: Int, missing: Int, xHet: Int, xHom: Int)]
    private var perContig: [Int]
    private var mendelianSites = 0, mendelianErrors = 0
    private let pedigree: Pedigree

    /// Creates a collector for a family and a VCF header.
    public init(header: VariantHeader, pedigree: Pedigree) {
        callReader = SampleCallReader(header: header, pedigree: pedigree)
        contigNames = header.contigs.map(\.name)
        contigClasses = contigNames.map { ChromosomeClass(contig: $0) }
        self.pedigree = pedigree
        let index = pedigree.proband.flatMap { proband in pedigree.members.firstIndex { $0.id == proband.id } } ?? 0
        proband = index
        if let member = pedigree.members.indices.contains(index) ? pedigree.members[index] : nil,
           let father = member.father.flatMap({ id in pedigree.members.firstIndex { $0.id == id } }),
           let mother = member.mother.flatMap({ id in pedigree.members.firstIndex { $0.id == id } }),
           callReader.sampleColumns[father] != nil, callReader.sampleColumns[mother] != nil {
            parents = (father, mother)
        } else {
            parents = nil
        }
        counts = Array(repeating: (0, 0, 0, 0, 0), count: pedigree.members.count)
        perContig = Array(repeating: 0, count: contigNames.count)
    }

    /// A or G, either case.
    private static func isPurine(_ base: UInt8) -> Bool { base == 65 || base == 71 || base == 97 || base == 103 }

    /// True outside the pseudo-autosomal regions of GRCh37 and GRCh38 (both excluded).
    private static func outsidePAR(_ position: Int) -> Bool { position > 2_781_479 && position < 154_931_044 }

    /// Adds one record (the first ALT allele counts for zygosity).
    public func add(_ record: VariantRecord) {
        quality.records += 1
        let passes = record.passesFilters
        if passes { quality.passRecords += 1 }
        let alleleCount = record.alleleCount
        guard alleleCount > 1 else { return }
        if let (reference, alternate) = record.singleBaseAlleles() {
            let type = VariantRecord.singleBaseType(reference, alternate)
            if type.contains(.snv) {
                quality.snvs += 1
                if alleleCount == 2 {
                    if CaseQualityCollector.isPurine(reference) == CaseQualityCollector.isPurine(alternate) {
                        quality.transitions += 1
                    } else {
                        quality.transversions += 1
                    }
                }
            }
        } else if record.variantType.contains(.indel) {
            quality.indels += 1
        }
        guard passes, !counts.isEmpty else { return }
        let calls = callReader.calls(record, allele: 1)
        let contig = record.contigIndex
        let kind = contig >= 0 && contig < contigClasses.count ? contigClasses[contig] : .autosome
        let onX = kind == .x && CaseQualityCollector.outsidePAR(record.position)
        for (member, call) in calls.enumerated() {
            guard let call else { continue }
            if call.isMissing { counts[member].missing += 1; continue }
            if call.isHeterozygous {
                counts[member].het += 1
                if onX { counts[member].xHet += 1 }
            } else if call.isHomozygousAlternate {
                counts[member].hom += 1
                if onX { counts[member].xHom += 1 }
            }
        }
        if let call = calls[proband], call.carries, contig >= 0, contig < perContig.count { perContig[contig] += 1 }
        if let (father, mother) = parents, kind == .autosome,
           let child = calls[proband]?.alternateCopies, let dad = calls[father]?.alternateCopies, let mum = calls[mother]?.alternateCopies,
           calls[proband]?.ploidy == 2, child + dad + mum > 0 {
            mendelianSites += 1
            let consistent: Bool
            switch child {
            case 0: consistent = dad < 2 && mum < 2
            case 1: consistent = !(dad == 0 && mum == 0) && !(dad == 2 && mum == 2)
            default: consistent = dad > 0 && mum > 0
            }
            if !consistent { mendelianErrors += 1 }
        }
    }

    /// Adds another worker's counts.
    public func merge(_ other: CaseQualityCollector) {
        quality.records += other.quality.records
        quality.passRecords += other.quality.passRecords
        quality.snvs += other.quality.snvs
        quality.indels += other.quality.indels
        quality.transitions += other.quality.transitions
        quality.transversions += other.quality.transversions
        for index in counts.indices {
            counts[index].het += other.counts[index].het
            counts[index].hom += other.counts[index].hom
            counts[index].missing += other.counts[index].missing
            counts[index].xHet += other.counts[index].xHet
            counts[index].xHom += other.counts[index].xHom
        }
        for index in perContig.indices { perContig[index] += other.perContig[index] }
        mendelianSites += other.mendelianSites
        mendelianErrors += other.mendelianErrors
    }

    /// The figures gathered so far.
    public var result: CaseQuality {
        var quality = self.quality
        quality.tsTv = quality.transversions > 0 ? Double(quality.transitions) / Double(quality.transversions) : nil
        quality.members = pedigree.members.enumerated().map { index, person in
            let count = counts[index]
            var member = CaseQuality.Member(id: person.id, declaredSex: person.sex == 1 ? "male" : person.sex == 2 ? "female" : "unknown")
            member.heterozygous = count.het
            member.homozygousAlternate = count.hom
            member.missing = count.missing
            member.hetHomRatio = count.hom > 0 ? Double(count.het) / Double(count.hom) : nil
            member.chrXHeterozygous = count.xHet
            member.chrXHomozygousAlternate = count.xHom
            let xCalls = count.xHet + count.xHom
            if callReader.sampleColumns[index] == nil {
                member.sexCheck = "not assessed: not a sample of the VCF"
            } else if xCalls < 30 {
                member.sexCheck = "not assessed: \(xCalls) chrX calls outside the PARs (30 needed)"
            } else {
                let fraction = Double(count.xHet) / Double(xCalls)
                member.chrXHeterozygosity = fraction
                member.inferredSex = fraction < 0.1 ? "male" : fraction > 0.25 ? "female" : "undetermined"
                if member.declaredSex == "unknown" || member.inferredSex == "undetermined" {
                    member.sexCheck = "not assessed: declared \(member.declaredSex), chrX heterozygosity \(String(format: "%.2f", fraction))"
                } else if member.declaredSex == member.inferredSex {
                    member.sexCheck = "consistent"
                } else {
                    member.sexCheck = "mismatch: declared \(member.declaredSex), chrX heterozygosity \(String(format: "%.2f", fraction)) suggests \(member.inferredSex)"
                }
            }
            return member
        }
        quality.probandVariantsPerContig = zip(contigNames, perContig).filter { $0.1 > 0 }.map { CaseQuality.ContigCount(contig: $0.0, count: $0.1) }
        if parents != nil {
            quality.mendelian = .init(sitesChecked: mendelianSites, errors: mendelianErrors,
                                      rate: mendelianSites > 0 ? Double(mendelianErrors) / Double(mendelianSites) : 0)
        }
        return quality
    }
}
