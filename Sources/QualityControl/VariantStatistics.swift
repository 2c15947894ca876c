/// Counts over a VCF/BCF, defined as `bcftools stats` defines them so the two
/// agree to the unit (see docs/commands/stats.md for each definition).
///
/// Partial statistics from shards merge with `merge(_:)`.
public struct VariantStatistics: Sendable, Codable, Equatable {
    /// Summary numbers (bcftools' `SN` section).
    public struct Summary: Sendable, Codable, Equatable {
        /// Every record.
        public var records = 0
        /// Records with no ALT that differs from REF (`.`, `<*>`, `<NON_REF>`).
        public var noAlternates = 0
        /// Records with at least one SNV allele.
        public var snvs = 0
        /// Records with at least one MNP allele.
        public var mnps = 0
        /// Records with at least one insertion or deletion allele.
        public var indels = 0
        /// Records with at least one other allele (symbolic, complex).
        public var others = 0
        /// Records with more than one ALT.
        public var multiallelicSites = 0
        /// Multiallelic records whose alleles are all SNVs.
        public var multiallelicSNVSites = 0
    }

    /// Transitions and transversions over SNV alleles (bcftools' `TSTV` section).
    public struct TransitionsTransversions: Sendable, Codable, Equatable {
        /// Transitions over all SNV ALT alleles.
        public var transitions = 0
        /// Transversions over all SNV ALT alleles.
        public var transversions = 0
        /// Transitions counting only the first ALT.
        public var transitionsFirstAlternate = 0
        /// Transversions counting only the first ALT.
        public var transversionsFirstAlternate = 0

        /// transitions / transversions (0 when there are no transversions).
        public var ratio: Double { transversions == 0 ? 0 : Double(transitions) / Double(transversions) }
        /// The same over first ALT alleles only.
        public var ratioFirstAlternate: Double {
            transversionsFirstAlternate == 0 ? 0 : Double(transitionsFirstAlternate) / Double(transversionsFirstAlternate)
        }
    }

    /// Per-sample counts (bcftools' `PSC` section).
    public struct SampleCounts: Sendable, Codable, Equatable {
        /// Sample name.
        public var sample: String
        /// `0/0` at SNV sites and sites without ALT (and indel sites, as bcftools counts).
        public var homozygousReference = 0
        /// `1/1` at SNV or no-ALT sites.
        public var homozygousAlternate = 0
        /// `0/1` or `1/2` at SNV or no-ALT sites.
        public var heterozygous = 0
        /// Non-reference genotypes whose first ALT is a transition SNV.
        public var transitions = 0
        /// Non-reference genotypes whose first ALT is a transversion SNV.
        public var transversions = 0
        /// Non-reference genotypes carrying an indel allele.
        public var indels = 0
        /// Sum of FORMAT/DP (or of AD when DP is absent) over records with a value.
        public var depthSum = 0
        /// Records contributing to `depthSum`.
        public var depthRecords = 0
        /// Records where this sample alone has a non-reference diploid genotype.
        public var singletons = 0
        /// Haploid reference calls.
        public var haploidReference = 0
        /// Haploid alternate calls.
        public var haploidAlternate = 0
        /// Genotypes with any missing allele (`./.`, `./1`, `.`), or no GT.
        public var missing = 0

        /// Mean depth over records with a depth value.
        public var averageDepth: Double { depthRecords == 0 ? 0 : Double(depthSum) / Double(depthRecords) }

        /// Creates zero counts for a sample.
        public init(sample: String) { self.sample = sample }
    }

    /// Summary numbers.
    public var summary = Summary()
    /// Transitions and transversions.
    public var transitionsTransversions = TransitionsTransversions()
    /// Per-sample counts, in header order.
    public var samples: [SampleCounts]

    /// Empty statistics for the given samples.
    public init(samples: [String]) {
        self.samples = samples.map(SampleCounts.init)
    }

    /// Adds the counts of another part of the same file.
    public mutating func merge(_ other: VariantStatistics) {
        summary.records += other.summary.records
        summary.noAlternates += other.summary.noAlternates
        summary.snvs += other.summary.snvs
        summary.mnps += other.summary.mnps
        summary.indels += other.summary.indels
        summary.others += other.summary.others
        summary.multiallelicSites += other.summary.multiallelicSites
        summary.multiallelicSNVSites += other.summary.multiallelicSNVSites
        transitionsTransversions.transitions += other.transitionsTransversions.transitions
        transitionsTransversions.transversions += other.transitionsTransversions.transversions
        transitionsTransversions.transitionsFirstAlternate += other.transitionsTransversions.transitionsFirstAlternate
        transitionsTransversions.transversionsFirstAlternate += other.transitionsTransversions.transversionsFirstAlternate
        for index in samples.indices where index < other.samples.count {
            let theirs = other.samples[index]
            samples[index].homozygousReference += theirs.homozygousReference
            samples[index].homozygousAlternate += theirs.homozygousAlternate
            samples[index].heterozygous += theirs.heterozygous
            samples[index].transitions += theirs.transitions
            samples[index].transversions += theirs.transversions
            samples[index].indels += theirs.indels
            samples[index].depthSum += theirs.depthSum
            samples[index].depthRecords += theirs.depthRecords
            samples[index].singletons += theirs.singletons
            samples[index].haploidReference += theirs.haploidReference
            samples[index].haploidAlternate += theirs.haploidAlternate
            samples[index].missing += theirs.missing
        }
    }
}
