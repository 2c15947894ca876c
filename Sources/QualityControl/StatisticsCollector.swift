import VariantIO
import VariantModel

/// Adds records to a `VariantStatistics`. Counting allocates nothing per record:
/// per-sample counters live in one flat buffer, allele facts on the stack, and FORMAT
/// fields are located once per record. One collector per thread.
///
/// ```swift
/// var collector = StatisticsCollector(header: reader.header)
/// while try reader.read(into: record) { collector.add(record) }
/// print(collector.statistics.summary.records)
/// ```
public struct StatisticsCollector {
    private var totals: VariantStatistics
    private let sampleNames: [String]
    private let genotypeTag: TagKey
    private let depthTag: TagKey
    private let alleleDepthTag: TagKey
    /// Per-sample counters, `Counter.allCases.count` per sample.
    private var counters: [Int]

    private enum Counter: Int, CaseIterable {
        case homozygousReference, homozygousAlternate, heterozygous, transitions, transversions, indels
        case depthSum, depthRecords, singletons, haploidReference, haploidAlternate, missing
    }
    private static let width = Counter.allCases.count  // == sampleFields.count

    /// The fields counting reads: alleles and the FORMAT keys GT, DP and AD — no INFO.
    public static let fieldsRead = FieldSelection(info: false, formatTags: ["GT", "DP", "AD"])

    /// A collector for files with this header.
    public init(header: VariantHeader) {
        sampleNames = header.samples
        totals = VariantStatistics(samples: [])
        genotypeTag = header.tag("GT")
        depthTag = header.tag("DP")
        alleleDepthTag = header.tag("AD")
        counters = Array(repeating: 0, count: header.samples.count * StatisticsCollector.width)
    }

    /// Where each counter lands in `SampleCounts`, in `Counter` order.
    private static let sampleFields: [any WritableKeyPath<VariantStatistics.SampleCounts, Int> & Sendable] = [
        \.homozygousReference, \.homozygousAlternate, \.heterozygous, \.transitions, \.transversions, \.indels,
        \.depthSum, \.depthRecords, \.singletons, \.haploidReference, \.haploidAlternate, \.missing,
    ]

    /// The counts so far.
    public var statistics: VariantStatistics {
        var result = totals
        result.samples = sampleNames.enumerated().map { index, name in
            var counts = VariantStatistics.SampleCounts(sample: name)
            for (offset, field) in StatisticsCollector.sampleFields.enumerated() {
                counts[keyPath: field] = counters[index * StatisticsCollector.width + offset]
            }
            return counts
        }
        return result
    }

    /// A = 0, C = 1, G = 2, T = 3 (either case), anything else −1 (`bcf_acgt2int`).
    @inline(__always)
    static func baseCode(_ base: UInt8) -> Int {
        switch base | 0x20 {
        case UInt8(ascii: "a"): return 0
        case UInt8(ascii: "c"): return 1
        case UInt8(ascii: "g"): return 2
        case UInt8(ascii: "t"): return 3
        default: return -1
        }
    }

    /// Counts one record.
    public mutating func add(_ record: VariantRecord) {
        // Most records are one-base biallelic: classify them from one look at the record.
        let singleBases = record.singleBaseAlleles()
        let recordType = singleBases.map { VariantRecord.singleBaseType($0.0, $0.1) } ?? record.variantType
        let alleleCount = record.alleleCount
        totals.summary.records += 1
        if recordType.isReferenceOnly { totals.summary.noAlternates += 1 }
        if recordType.contains(.snv) { totals.summary.snvs += 1 }
        if recordType.contains(.mnp) { totals.summary.mnps += 1 }
        if recordType.contains(.indel) { totals.summary.indels += 1 }
        if recordType.contains(.other) { totals.summary.others += 1 }
        if alleleCount > 2 {
            totals.summary.multiallelicSites += 1
            if recordType == .snv { totals.summary.multiallelicSNVSites += 1 }
        }
        withUnsafeTemporaryAllocation(of: (type: VariantType, base: Int).self, capacity: alleleCount) { alleles in
            if let (reference, alternate) = singleBases {
                alleles[0] = ([], StatisticsCollector.baseCode(reference))
                alleles[1] = (recordType, StatisticsCollector.baseCode(alternate))
            } else {
                alleles[0] = ([], StatisticsCollector.baseCode(record.firstBase(ofAllele: 0)))
                for allele in 1..<max(alleleCount, 1) {
                    let type = alleleCount == 2 ? recordType : record.variantType(ofAllele: allele)
                    alleles[allele] = (type, StatisticsCollector.baseCode(record.firstBase(ofAllele: allele)))
                }
            }
            let reference = alleles[0].base
            if recordType.contains(.snv) && reference >= 0 {
                for allele in 1..<alleleCount where alleles[allele].type.contains(.snv) {
                    let alternate = alleles[allele].base
                    if alternate < 0 || alternate == reference { continue }
                    if abs(reference - alternate) == 2 {
                        totals.transitionsTransversions.transitions += 1
                        if allele == 1 { totals.transitionsTransversions.transitionsFirstAlternate += 1 }
                    } else {
                        totals.transitionsTransversions.transversions += 1
                        if allele == 1 { totals.transitionsTransversions.transversionsFirstAlternate += 1 }
                    }
                }
            }
            if !sampleNames.isEmpty { addSamples(record, alleles: UnsafeBufferPointer(alleles)) }
        }
    }

    private mutating func addSamples(_ record: VariantRecord, alleles: UnsafeBufferPointer<(type: VariantType, base: Int)>) {
        let samples = min(record.sampleCount, sampleNames.count)
        let genotypes = record.formatColumn(genotypeTag)
        let depths = record.formatColumn(depthTag)
        let alleleDepths = depths == nil ? record.formatColumn(alleleDepthTag) : nil
        let width = StatisticsCollector.width
        var nonReferenceCount = 0
        var lastNonReference = -1
        counters.withUnsafeMutableBufferPointer { counters in
            for sample in 0..<samples {
                let base = sample * width
                if let depths {
                    if let depth = depths.firstInteger(sample: sample) {
                        counters[base + Counter.depthSum.rawValue] += Int(depth)
                        counters[base + Counter.depthRecords.rawValue] += 1
                    }
                } else if let alleleDepths, let sum = alleleDepths.integerSum(sample: sample) {
                    counters[base + Counter.depthSum.rawValue] += sum
                    counters[base + Counter.depthRecords.rawValue] += 1
                }
                guard let genotypes else {
                    counters[base + Counter.missing.rawValue] += 1
                    continue
                }
                let call = genotypes.genotypeCall(sample: sample)
                switch call.genotypeClass {
                case .missing:
                    counters[base + Counter.missing.rawValue] += 1
                    continue
                case .haploidReference:
                    counters[base + Counter.haploidReference.rawValue] += 1
                    continue
                case .haploidAlternate:
                    counters[base + Counter.haploidAlternate.rawValue] += 1
                    continue
                default:
                    break
                }
                let isReference = call.genotypeClass == .homozygousReference
                if !isReference {
                    nonReferenceCount += 1
                    lastNonReference = sample
                }
                var carried: VariantType = []
                if call.firstAlternate > 0 { carried.formUnion(alleles[Int(call.firstAlternate)].type) }
                if call.secondAlternate > 0 { carried.formUnion(alleles[Int(call.secondAlternate)].type) }
                if carried.contains(.snv) || carried.isReferenceOnly {
                    switch call.genotypeClass {
                    case .heterozygousReferenceAlternate, .heterozygousAlternateAlternate:
                        counters[base + Counter.heterozygous.rawValue] += 1
                    case .homozygousReference:
                        counters[base + Counter.homozygousReference.rawValue] += 1
                    case .homozygousAlternate:
                        counters[base + Counter.homozygousAlternate.rawValue] += 1
                    default:
                        break
                    }
                }
                if !isReference {
                    let first = Int(call.firstAlternate)
                    if first > 0 && alleles[first].type.contains(.snv) && alleles[first].base >= 0 {
                        // As bcftools: no check of REF here, so N>C counts as |−1−1| = 2.
                        let counter: Counter = abs(alleles[0].base - alleles[first].base) == 2 ? .transitions : .transversions
                        counters[base + counter.rawValue] += 1
                    }
                    if carried.contains(.indel) { counters[base + Counter.indels.rawValue] += 1 }
                }
            }
            if nonReferenceCount == 1 { counters[lastNonReference * width + Counter.singletons.rawValue] += 1 }
        }
    }
}
