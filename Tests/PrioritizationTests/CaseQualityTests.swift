import Foundation
@testable import Prioritization
import Testing
import VariantIO
import VariantModel

/// QC figures on a hand-made trio: Ts/Tv, zygosity counts, the chrX sex check and the
/// Mendelian-error count, each known from the file's construction.
@Suite struct CaseQualityTests {
    /// 40 chrX (non-PAR) records where the son is hemizygous-like 1/1 and the mother
    /// heterozygous; 4 autosomal records: a transition, a transversion, a Mendelian error
    /// (child 1/1, father 0/0) and a filtered record.
    static func trioVCF() throws -> String {
        var lines = [
            "##fileformat=VCFv4.2", "##contig=<ID=1,length=1000000>", "##contig=<ID=X,length=156040895>",
            "##FILTER=<ID=LowQual,Description=\"low\">", "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tson\tdad\tmum",
            "1\t100\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\t0/1\t0/0",
            "1\t200\t.\tA\tC\t50\tPASS\t.\tGT\t0/1\t0/0\t0/1",
            "1\t300\t.\tC\tT\t50\tPASS\t.\tGT\t1/1\t0/0\t0/1",
            "1\t400\t.\tG\tT\t50\tLowQual\t.\tGT\t1/1\t1/1\t1/1",
        ]
        for index in 0..<40 { lines.append("X\t\(10_000_000 + index * 100)\t.\tC\tT\t50\tPASS\t.\tGT\t1/1\t0/0\t0/1") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("criba-qc-\(UUID().uuidString).vcf").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func collect(_ ped: String) throws -> CaseQuality {
        let reader = try VariantReader(path: try trioVCF())
        let pedigree = try Pedigree(text: ped)
        let collector = CaseQualityCollector(header: reader.header, pedigree: pedigree)
        let record = VariantRecord()
        // Two workers' worth, merged, as prioritize does.
        let other = CaseQualityCollector(header: reader.header, pedigree: pedigree)
        var count = 0
        while try reader.read(into: record) {
            (count % 2 == 0 ? collector : other).add(record)
            count += 1
        }
        collector.merge(other)
        return collector.result
    }

    @Test func figuresMatchTheConstruction() throws {
        let quality = try Self.collect("f\tson\tdad\tmum\t1\t2\nf\tdad\t0\t0\t1\t1\nf\tmum\t0\t0\t2\t1\n")
        #expect(quality.records == 44 && quality.passRecords == 43 && quality.snvs == 44)
        // Transitions: A>G, C>T, 40 × C>T; transversions: A>C, G>T.
        #expect(quality.transitions == 42 && quality.transversions == 2 && quality.tsTv == 21)
        let son = quality.members[0], mum = quality.members[2]
        #expect(son.heterozygous == 2 && son.homozygousAlternate == 41)
        #expect(son.chrXHomozygousAlternate == 40 && son.chrXHeterozygosity == 0 && son.inferredSex == "male" && son.sexCheck == "consistent")
        #expect(mum.chrXHeterozygosity == 1 && mum.inferredSex == "female" && mum.sexCheck == "consistent")
        #expect(quality.members[1].sexCheck.hasPrefix("not assessed"), "the father carries no chrX ALT")
        // Autosomal PASS sites with an ALT: 3, one error (son 1/1 with a 0/0 father).
        #expect(quality.mendelian?.sitesChecked == 3 && quality.mendelian?.errors == 1)
        #expect(quality.probandVariantsPerContig.map(\.contig) == ["1", "X"] && quality.probandVariantsPerContig.map(\.count) == [3, 40])
    }

    @Test func declaredSexMismatchIsFlagged() throws {
        let quality = try Self.collect("f\tson\tdad\tmum\t2\t2\nf\tdad\t0\t0\t1\t1\nf\tmum\t0\t0\t2\t1\n")
        #expect(quality.members[0].sexCheck == "mismatch: declared female, chrX heterozygosity 0.00 suggests male")
    }

    @Test func singletonHasNoMendelianCheck() throws {
        let quality = try Self.collect("f\tson\t0\t0\t1\t2\n")
        #expect(quality.mendelian == nil && quality.members.count == 1)
    }
}
