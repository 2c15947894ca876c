import CHTSlib
import Foundation

/// Which samples to keep: a list to keep in the given order, or (with `^`) a list
/// to drop from header order — `-s A,B`, `-s ^C`, `-S file`, `-S ^file`.
public struct SampleSelection: Sendable, Equatable {
    /// The names given.
    public var names: [String]
    /// True to drop `names` instead of keeping them.
    public var excludes: Bool

    /// A selection from names.
    public init(names: [String], excludes: Bool) { self.names = names; self.excludes = excludes }

    /// Parses `-s`: comma-separated names, `^` in front to exclude.
    public init(list: String) {
        excludes = list.hasPrefix("^")
        names = (excludes ? String(list.dropFirst()) : list).split(separator: ",").map(String.init)
    }

    /// Reads `-S`: one name per line (`#` lines and blank lines skipped), `^` before the path to exclude.
    public init(file: String) throws(VariantIOError) {
        excludes = file.hasPrefix("^")
        let path = excludes ? String(file.dropFirst()) : file
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VariantIOError(.fileNotFound, path: path, "cannot read the sample file")
        }
        names = text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).first.map(String.init) ?? "" }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Subsets records to a sample selection (`bcf_hdr_subset`, `bcf_subset`) and, unless
/// told not to, recomputes INFO/AC and INFO/AN from the kept genotypes, as
/// `bcftools view -s` does. Safe to use from several threads at once.
public final class SampleSubset: @unchecked Sendable {
    /// The header of the subset output (AC/AN declared when they are recomputed).
    public let outputHeader: VariantHeader
    private let inputHeader: HeaderHandle
    /// Output column → input column; read-only after init (htslib takes it as `int *`).
    private let sampleMap: UnsafeMutableBufferPointer<Int32>
    private let updatesAlleleCounts: Bool

    /// Builds the subset of `header`; throws when a named sample is not in the file
    /// (`path` is named in the message) or a name is repeated.
    public init(header: VariantHeader, selection: SampleSelection, updatesAlleleCounts: Bool, path: String) throws(VariantIOError) {
        var seen = Set<String>()
        for name in selection.names {
            guard header.samples.contains(name) else {
                throw VariantIOError(.unknownSample, path: path, "sample '\(name)' is not in the file (samples: \(header.samples.prefix(6).joined(separator: ", "))\(header.samples.count > 6 ? ", …" : ""))")
            }
            guard seen.insert(name).inserted else {
                throw VariantIOError(.invalidArgument, path: path, "sample '\(name)' is named twice")
            }
        }
        let kept = selection.excludes ? header.samples.filter { !seen.contains($0) } : selection.names
        inputHeader = header.handle
        self.updatesAlleleCounts = updatesAlleleCounts
        var map = [Int32](repeating: 0, count: max(kept.count, 1))
        var cNames = kept.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        let subset = cNames.withUnsafeMutableBufferPointer { names in
            map.withUnsafeMutableBufferPointer { map in
                bcf_hdr_subset(header.handle.pointer, Int32(kept.count), names.baseAddress, map.baseAddress)
            }
        }
        guard let subset else {
            throw VariantIOError(.invalidArgument, path: path, "cannot subset the samples")
        }
        let handle = HeaderHandle(owning: subset)
        if self.updatesAlleleCounts {
            if handle.tagID("AC", kind: BCF_HL_INFO) == nil {
                try handle.append(line: "##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count in genotypes\">")
            }
            if handle.tagID("AN", kind: BCF_HL_INFO) == nil {
                try handle.append(line: "##INFO=<ID=AN,Number=1,Type=Integer,Description=\"Total number of alleles in called genotypes\">")
            }
        }
        bcf_hdr_sync(handle.pointer)
        outputHeader = VariantHeader(handle: handle)
        sampleMap = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(kept.count, 1))
        _ = sampleMap.initialize(from: map)
    }

    deinit { sampleMap.deallocate() }

    /// Keeps only the selected samples in `record` and updates AC/AN.
    public func apply(to record: VariantRecord) throws(VariantIOError) {
        let status = bcf_subset(inputHeader.pointer, record.pointer, Int32(outputHeader.samples.count), sampleMap.baseAddress)
        guard status == 0 else {
            throw VariantIOError(.malformedRecord, path: "-", location: "\(record.contig):\(record.position)", "cannot subset the samples of this record")
        }
        record.header = outputHeader.handle
        guard updatesAlleleCounts else { return }
        let alleles = record.alleleCount
        try withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(alleles, 1)) { counts throws(VariantIOError) in
            guard bcf_calc_ac(outputHeader.handle.pointer, record.pointer, counts.baseAddress, BCF_UN_FMT) != 0 else { return }
            var total: Int32 = 0
            for allele in 0..<alleles { total += counts[allele] }
            let header = outputHeader.handle.pointer
            guard bcf_update_info(header, record.pointer, "AC", counts.baseAddress! + 1, Int32(alleles - 1), BCF_HT_INT) == 0,
                  bcf_update_info(header, record.pointer, "AN", &total, 1, BCF_HT_INT) == 0 else {
                throw VariantIOError(.malformedRecord, path: "-", location: "\(record.contig):\(record.position)", "cannot update INFO/AC and INFO/AN")
            }
        }
    }
}
