/// The genotypes of every sample at one record, in a reusable flat buffer so that
/// reading them allocates nothing once the buffer has grown to size.
///
/// Alleles are stored as htslib encodes them: `0` missing, `(allele + 1) << 1 | phased`.
///
/// ```swift
/// var matrix = GenotypeMatrix()
/// try record.genotypes(into: &matrix)
/// matrix.allele(sample: 0, copy: 1)   // 1 for "0|1"
/// matrix.isPhased(sample: 0)          // true
/// ```
public struct GenotypeMatrix: Sendable {
    /// Allele codes, `maximumPloidy` per sample; unused slots hold `GenotypeMatrix.vectorEnd`.
    public var codes: [Int32] = []
    /// Number of samples.
    public private(set) var sampleCount = 0
    /// The largest ploidy of any sample at this record.
    public private(set) var maximumPloidy = 0

    /// The marker for "this sample has fewer alleles than `maximumPloidy`".
    public static let vectorEnd = Int32.min + 1

    /// Creates an empty matrix.
    public init() {}

    /// Resizes for `samples` × `ploidy` codes without releasing capacity.
    public mutating func reset(samples: Int, ploidy: Int) {
        sampleCount = samples
        maximumPloidy = ploidy
        let needed = samples * ploidy
        if codes.count < needed {
            codes.append(contentsOf: repeatElement(GenotypeMatrix.vectorEnd, count: needed - codes.count))
        } else if codes.count > needed {
            codes.removeLast(codes.count - needed)
        }
    }

    /// The ploidy of `sample` (alleles before the vector end).
    public func ploidy(sample: Int) -> Int {
        var count = 0
        let base = sample * maximumPloidy
        while count < maximumPloidy, codes[base + count] != GenotypeMatrix.vectorEnd { count += 1 }
        return count
    }

    /// The allele index of one copy (`0` = REF), or `nil` when that allele is missing (`.`).
    public func allele(sample: Int, copy: Int) -> Int? {
        let code = codes[sample * maximumPloidy + copy]
        if code == GenotypeMatrix.vectorEnd || code >> 1 == 0 { return nil }
        return Int(code >> 1) - 1
    }

    /// True when every allele after the first is phased (`0|1`).
    public func isPhased(sample: Int) -> Bool {
        let ploidy = ploidy(sample: sample)
        guard ploidy > 1 else { return false }
        let base = sample * maximumPloidy
        for copy in 1..<ploidy where codes[base + copy] & 1 == 0 { return false }
        return true
    }

    /// True when any allele of the sample is missing.
    public func isMissing(sample: Int) -> Bool {
        let ploidy = ploidy(sample: sample)
        if ploidy == 0 { return true }
        let base = sample * maximumPloidy
        for copy in 0..<ploidy where codes[base + copy] >> 1 == 0 { return true }
        return false
    }

    /// The VCF text of one genotype (`0/1`, `1|1`, `./.`); allocates, for display and tests.
    public func text(sample: Int) -> String {
        let ploidy = ploidy(sample: sample)
        if ploidy == 0 { return "." }
        var text = ""
        let base = sample * maximumPloidy
        for copy in 0..<ploidy {
            let code = codes[base + copy]
            if copy > 0 { text += code & 1 == 1 ? "|" : "/" }
            text += code >> 1 == 0 ? "." : String((code >> 1) - 1)
        }
        return text
    }
}
