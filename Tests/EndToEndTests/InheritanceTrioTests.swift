import Foundation
@testable import Prioritization
import VariantIO
import VariantModel
import XCTest

/// De novo calls in the GIAB Ashkenazi trio from `InheritanceAnalyzer` + `SampleCallReader`,
/// against the same rule written as a `bcftools view -i` expression plus the AD fraction.
final class InheritanceTrioTests: XCTestCase {
    typealias Commands = CribaCommandTests

    func testDeNovoCallsEqualTheRuleEvaluatedByBcftools() throws {
        let bcf = Commands.trioBCF
        let pedigree = try Pedigree(path: Commands.root.appendingPathComponent("testdata/vcf/slivar_ashk-trio.ped").path)
        let analyzer = InheritanceAnalyzer(pedigree: pedigree)
        let reader = try VariantReader(path: bcf)
        let calls = SampleCallReader(header: reader.header, pedigree: pedigree)
        XCTAssertEqual(calls.sampleColumns, [0, 1, 2])
        let record = VariantRecord()
        var ours: Set<String> = []
        var checked = 0
        while try reader.read(into: record) {
            for allele in 1..<record.alleleCount {
                let modes = analyzer.modes(contig: record.contig, calls: calls.calls(record, allele: allele))
                checked += 1
                if modes[.deNovo] == .compatible { ours.insert("\(record.contig):\(record.position)") }
            }
        }
        XCTAssertEqual(checked, 9940)
        // The oracle: proband het, both parents hom-ref with DP >= 10 and GQ >= 20 (bcftools),
        // and at most 5% ALT reads in each parent's AD.
        let rule = "GT[0]=\"het\" && GT[1]=\"RR\" && GT[2]=\"RR\" && FMT/DP[1]>=10 && FMT/DP[2]>=10 && FMT/GQ[1]>=20 && FMT/GQ[2]>=20"
        let query = try Commands.run("bcftools", ["query", "-i", rule, "-f", "%CHROM:%POS\t[%AD\t]\n", bcf])
        XCTAssertEqual(query.status, 0, query.error)
        var theirs: Set<String> = []
        for line in query.text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            let parents = fields[2...3].map { $0.split(separator: ",").compactMap { Double($0) } }
            let clean = parents.allSatisfy { depths in depths.count == 2 && (depths[0] + depths[1] == 0 || depths[1] / (depths[0] + depths[1]) <= 0.05) }
            if clean { theirs.insert(String(fields[0])) }
        }
        XCTAssertFalse(theirs.isEmpty)
        XCTAssertEqual(ours, theirs)
    }
}
