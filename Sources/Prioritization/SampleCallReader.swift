import VariantIO
import VariantModel

/// Turns a record's genotypes and FORMAT values into `SampleCall`s for one ALT allele,
/// one per pedigree member (the order `InheritanceAnalyzer` reads): copies of that allele
/// from GT, DP, GQ, the allele's read fraction from AD, and phase from `|` genotypes
/// (with `PS` when present). One reader per worker: it reuses its buffers.
public final class SampleCallReader {
    private let genotype: TagKey, depth: TagIndex, quality: TagIndex, alleleDepths: TagIndex, phaseSet: TagIndex
    /// For each pedigree member, its sample column in the VCF (nil: not sequenced).
    public let sampleColumns: [Int?]
    private var matrix = GenotypeMatrix()
    private var calls: [SampleCall?]
    private let memberNames: [String]
    /// The first call with more than two alleles (`1:1000: sample S1 has ploidy 3`):
    /// inheritance is modelled for diploid and haploid calls only, so the caller refuses it.
    public private(set) var unsupportedPloidy: String?

    /// Resolves GT, DP, GQ, AD and PS against `header` and the members' sample columns.
    public init(header: VariantHeader, pedigree: Pedigree) {
        genotype = header.tag("GT")
        depth = header.tag("DP").index
        quality = header.tag("GQ").index
        alleleDepths = header.tag("AD").index
        phaseSet = header.tag("PS").index
        sampleColumns = pedigree.members.map { member in header.samples.firstIndex(of: member.id) }
        calls = Array(repeating: nil, count: pedigree.members.count)
        memberNames = pedigree.members.map(\.id)
    }

    /// The members' calls for ALT allele `allele` (1-based); valid until the next call.
    public func calls(_ record: VariantRecord, allele: Int) -> [SampleCall?] {
        record.genotypes(into: &matrix, genotypeTag: genotype)
        let depths = record.formatColumn(depth), qualities = record.formatColumn(quality)
        let reads = record.formatColumn(alleleDepths), phases = record.formatColumn(phaseSet)
        for (member, column) in sampleColumns.enumerated() {
            guard let sample = column, sample < matrix.sampleCount else { calls[member] = nil; continue }
            let ploidy = matrix.ploidy(sample: sample)
            if ploidy > 2, unsupportedPloidy == nil {
                unsupportedPloidy = "\(record.contig):\(record.position): sample \(memberNames[member]) has \(ploidy) alleles in GT (ploidy \(ploidy)); inheritance is modelled for diploid and haploid calls only"
            }
            var copies: Int? = matrix.isMissing(sample: sample) || ploidy == 0 ? nil : 0
            var haplotype: Int?
            if copies != nil {
                for copy in 0..<ploidy where matrix.allele(sample: sample, copy: copy) == allele {
                    copies! += 1
                    haplotype = copy
                }
            }
            var call = SampleCall(alternateCopies: copies, ploidy: max(1, ploidy))
            if let value = depths?.number(sample: sample), !value.isNaN { call.depth = Int(value) }
            if let value = qualities?.number(sample: sample), !value.isNaN { call.genotypeQuality = Int(value) }
            if let reads {
                let alternate = reads.number(sample: sample, index: allele)
                var total = 0.0
                for index in 0..<reads.valuesPerSample {
                    let value = reads.number(sample: sample, index: index)
                    if !value.isNaN { total += value }
                }
                if !alternate.isNaN, total > 0 { call.alternateFraction = alternate / total }
            }
            if call.isHeterozygous, matrix.isPhased(sample: sample), let haplotype {
                let set = phases?.number(sample: sample, index: 0)
                call.phase = (set: set.map { $0.isNaN ? 0 : Int($0) } ?? 0, haplotype: haplotype)
            }
            calls[member] = call
        }
        return calls
    }
}
