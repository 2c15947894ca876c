import Foundation
import VariantIO

/// Regions for a scattered annotation: the contigs of a VCF's index that hold records, cut
/// into pieces of at most `size` bp, in genome (index) order, so that the parts joined by
/// `criba concat` come back in order.
public enum ScatterPlan {
    /// The regions of `vcf` (`20:1-10000000`, …); contig lengths come from the VCF header,
    /// else from `referenceLengths`, else the contig is one region.
    public static func regions(vcf: String, size: Int, referenceLengths: [String: Int] = [:]) throws(WorkflowError) -> [String] {
        guard size > 0 else { throw WorkflowError("the scatter size must be positive") }
        do {
            let reader = try VariantReader(path: vcf)
            guard reader.hasIndex else {
                throw WorkflowError("\(vcf): scattering needs an index (.tbi/.csi): run `criba view --write-index` or `bcftools index`")
            }
            let lengths = Dictionary(reader.header.contigs.compactMap { contig in contig.length.map { (contig.name, $0) } },
                                     uniquingKeysWith: { first, _ in first })
            var regions: [String] = []
            for contig in try reader.indexedContigs() where (contig.recordCount ?? 1) > 0 {
                guard let length = lengths[contig.name] ?? referenceLengths[contig.name] ?? contig.length else {
                    regions.append(contig.name)
                    continue
                }
                var start = 1
                while start <= length {
                    let end = min(length, start + size - 1)
                    regions.append("\(contig.name):\(start)-\(end)")
                    start = end + 1
                }
            }
            return regions
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError(String(describing: error))
        }
    }
}
