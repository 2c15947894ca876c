import VariantIO
import VariantModel

/// Adds records to a `VariantStatistics`, reusing its scratch buffers so that
/// counting allocates nothing per record. One collector per thread.
///
/// ```swift
/// var collector = StatisticsCollector(header: reader.header)
/// while try reader.read(into: record) { collector.add(record) }
/// print(collector.statistics.summary.records)
/// ```
public struct StatisticsCollector {
    /// The counts so far.
    public private(set) var statistics: VariantStatistics
    private let genotypeTag: TagKey
    private let depthTag: TagKey
    private let alleleDepthTag: TagKey
    private var calls: [GenotypeCall] = []
    private var alleleTypes: [VariantType] = []
    private var alleleBases: [Int8] = []
    private var integers: [Int32?] = []

    /// A collector for files with this header.
    public init(header: VariantHeader) {
        statistics = VariantStatistics(samples: header.samples)
        genotypeTag = header.tag("GT")
        depthTag = header.tag("DP")
        alleleDepthTag = header.tag("AD")
    }

    /// A = 0, C = 1, G = 2, T = 3 (either case), anything else −1 (`bcf_acgt2int`).
    @inline(__always)
    static func baseCode(_ base: UInt8) -> Int8 {
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
        let recordType = record.variantType
        let alleleCount = record.alleleCount
        statistics.summary.records += 1
        if recordType.isReferenceOnly { statistics.summary.noAlternates += 1 }
        if recordType.contains(.snv) { statistics.summary.snvs += 1 }
        if recordType.contains(.mnp) { statistics.summary.mnps += 1 }
        if recordType.contains(.indel) { statistics.summary.indels += 1 }
        if recordType.contains(.other) { statistics.summary.others += 1 }
        if alleleCount > 2 {
            statistics.summary.multiallelicSites += 1
            if recordType == .snv { statistics.summary.multiallelicSNVSites += 1 }
        }

        alleleTypes.removeAll(keepingCapacity: true)
        alleleBases.removeAll(keepingCapacity: true)
        for allele in 0..<alleleCount {
            alleleTypes.append(allele == 0 ? [] : record.variantType(ofAllele: allele))
            alleleBases.append(StatisticsCollector.baseCode(record.firstBase(ofAllele: allele)))
        }
        let reference = alleleBases[0]
        if recordType.contains(.snv) && reference >= 0 {
            for allele in 1..<alleleCount where alleleTypes[allele].contains(.snv) {
                let alternate = alleleBases[allele]
                if alternate < 0 || alternate == reference { continue }
                if abs(Int(reference) - Int(alternate)) == 2 {
                    statistics.transitionsTransversions.transitions += 1
                    if allele == 1 { statistics.transitionsTransversions.transitionsFirstAlternate += 1 }
                } else {
                    statistics.transitionsTransversions.transversions += 1
                    if allele == 1 { statistics.transitionsTransversions.transversionsFirstAlternate += 1 }
                }
            }
        }
        guard !statistics.samples.isEmpty else { return }
        addSamples(record)
    }

    private mutating func addSamples(_ record: VariantRecord) {
        record.genotypeCalls(into: &calls, genotypeTag: genotypeTag)
        var nonReferenceCount = 0
        var lastNonReference = -1
        let hasDepth = depthTag.isDeclared
        for sample in 0..<min(calls.count, statistics.samples.count) {
            let call = calls[sample]
            addDepth(record, sample: sample, hasDepth: hasDepth)
            switch call.genotypeClass {
            case .missing:
                statistics.samples[sample].missing += 1
                continue
            case .haploidReference:
                statistics.samples[sample].haploidReference += 1
                continue
            case .haploidAlternate:
                statistics.samples[sample].haploidAlternate += 1
                continue
            default:
                break
            }
            if call.genotypeClass != .homozygousReference {
                nonReferenceCount += 1
                lastNonReference = sample
            }
            var carried: VariantType = []
            if call.firstAlternate > 0 { carried.formUnion(alleleTypes[Int(call.firstAlternate)]) }
            if call.secondAlternate > 0 { carried.formUnion(alleleTypes[Int(call.secondAlternate)]) }
            if carried.contains(.snv) || carried.isReferenceOnly {
                switch call.genotypeClass {
                case .heterozygousReferenceAlternate, .heterozygousAlternateAlternate:
                    statistics.samples[sample].heterozygous += 1
                case .homozygousReference:
                    statistics.samples[sample].homozygousReference += 1
                case .homozygousAlternate:
                    statistics.samples[sample].homozygousAlternate += 1
                default:
                    break
                }
            }
            if call.genotypeClass != .homozygousReference {
                let first = Int(call.firstAlternate)
                if first > 0 && alleleTypes[first].contains(.snv) {
                    let alternate = alleleBases[first]
                    if alternate >= 0 {
                        if abs(Int(alleleBases[0]) - Int(alternate)) == 2 {
                            statistics.samples[sample].transitions += 1
                        } else {
                            statistics.samples[sample].transversions += 1
                        }
                    }
                }
                if carried.contains(.indel) { statistics.samples[sample].indels += 1 }
            }
        }
        if nonReferenceCount == 1 { statistics.samples[lastNonReference].singletons += 1 }
    }

    private mutating func addDepth(_ record: VariantRecord, sample: Int, hasDepth: Bool) {
        if hasDepth && record.formatIntegers(depthTag, sample: sample, into: &integers) {
            if let depth = integers.first, let value = depth {
                statistics.samples[sample].depthSum += Int(value)
                statistics.samples[sample].depthRecords += 1
            }
            return
        }
        guard alleleDepthTag.isDeclared, record.formatIntegers(alleleDepthTag, sample: sample, into: &integers) else { return }
        var sum = 0, seen = false
        for case let value? in integers { sum += Int(value); seen = true }
        if seen {
            statistics.samples[sample].depthSum += sum
            statistics.samples[sample].depthRecords += 1
        }
    }
}
