import XCTest
import QualityControl
import VariantIO

final class StatisticsCollectorTests: XCTestCase {
    /// Hand-counted: the definitions follow bcftools stats (SN, TSTV, PSC with -s -).
    func testCountsByHand() throws {
        let header = """
        ##fileformat=VCFv4.2
        ##contig=<ID=1>
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB

        """
        let body = """
        1\t10\t.\tA\tG\t.\t.\t.\tGT:DP\t0/1:10\t0/0:20
        1\t20\t.\tC\tA,T\t.\t.\t.\tGT:DP\t1/2:30\t./.:.
        1\t30\t.\tAT\tA\t.\t.\t.\tGT\t1/1\t0/1
        1\t40\t.\tG\t.\t.\t.\t.\tGT\t0/0\t0
        1\t50\t.\tAC\tGT\t.\t.\t.\tGT\t0/1\t0/0

        """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-qc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("hand.vcf").path
        try (header + body).write(toFile: path, atomically: true, encoding: .utf8)

        let reader = try VariantReader(path: path)
        var collector = StatisticsCollector(header: reader.header)
        let record = VariantRecord()
        while try reader.read(into: record) { collector.add(record) }
        let statistics = collector.statistics

        XCTAssertEqual(statistics.summary.records, 5)
        XCTAssertEqual(statistics.summary.noAlternates, 1)
        XCTAssertEqual(statistics.summary.snvs, 2)
        XCTAssertEqual(statistics.summary.mnps, 1)
        XCTAssertEqual(statistics.summary.indels, 1)
        XCTAssertEqual(statistics.summary.multiallelicSites, 1)
        XCTAssertEqual(statistics.summary.multiallelicSNVSites, 1)
        // A>G transition; C>A and C>T: one transversion, one transition.
        XCTAssertEqual(statistics.transitionsTransversions.transitions, 2)
        XCTAssertEqual(statistics.transitionsTransversions.transversions, 1)
        XCTAssertEqual(statistics.transitionsTransversions.transitionsFirstAlternate, 1)
        XCTAssertEqual(statistics.transitionsTransversions.transversionsFirstAlternate, 1)

        let a = statistics.samples[0], b = statistics.samples[1]
        XCTAssertEqual(a.heterozygous, 2)          // 0/1 at 10, 1/2 at 20
        XCTAssertEqual(a.homozygousReference, 1)   // 0/0 at the no-ALT site
        XCTAssertEqual(a.homozygousAlternate, 0)   // 1/1 is an indel: not counted, as bcftools
        XCTAssertEqual(a.indels, 1)
        XCTAssertEqual(a.transitions, 1)
        XCTAssertEqual(a.transversions, 1)         // 1/2 uses its first ALT, C>A
        XCTAssertEqual(a.averageDepth, 20)
        XCTAssertEqual(b.missing, 1)
        XCTAssertEqual(b.haploidReference, 1)
        XCTAssertEqual(b.homozygousReference, 2)   // 0/0 at 10 (SNV) and at 50 (MNP): bcftools counts 0/0 at any site
        XCTAssertEqual(a.singletons, 3)            // 10, 20 and 50: only A is non-reference
        XCTAssertEqual(b.singletons, 0)            // at 30 both are non-reference
    }

    /// Without FORMAT/DP the depth is the sum of non-missing AD values (bcftools: A 155.0, B 10.0);
    /// 300 makes the BCF store AD as int16, so both storage widths are read.
    func testDepthFallsBackToAlleleDepthsInVCFAndBCF() throws {
        let text = """
        ##fileformat=VCFv4.2
        ##contig=<ID=1>
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="g">
        ##FORMAT=<ID=AD,Number=R,Type=Integer,Description="a">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB
        1\t10\t.\tA\tG\t.\t.\t.\tGT:AD\t0/1:3,4\t0/0:.,.
        1\t20\t.\tC\tT,G\t.\t.\t.\tGT:AD\t1/2:1,2,300\t0/0:10,.,.

        """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-qc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let vcf = directory.appendingPathComponent("ad.vcf").path
        try text.write(toFile: vcf, atomically: true, encoding: .utf8)
        let bcf = directory.appendingPathComponent("ad.bcf").path
        do {
            let reader = try VariantReader(path: vcf)
            let writer = try VariantWriter(path: bcf, format: .bcf, header: reader.header)
            try writer.writeHeader()
            let record = VariantRecord()
            while try reader.read(into: record) { try writer.write(record) }
            try writer.finish()
        }
        for path in [vcf, bcf] {
            let reader = try VariantReader(path: path)
            var collector = StatisticsCollector(header: reader.header)
            let record = VariantRecord()
            while try reader.read(into: record) { collector.add(record) }
            XCTAssertEqual(collector.statistics.samples.map(\.averageDepth), [155, 10], path)
            XCTAssertEqual(collector.statistics.samples.map(\.depthRecords), [2, 1], path)
        }
    }

    /// Counting a file in two halves and merging equals counting it at once (what the
    /// parallel engine relies on), on the real trio.
    func testMergingPartsEqualsCountingAtOnce() throws {
        let trio = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("testdata/vcf/slivar_ashk-trio_GRCh37_chr1-2.vcf.gz").path
        let reader = try VariantReader(path: trio)
        var whole = StatisticsCollector(header: reader.header)
        var first = StatisticsCollector(header: reader.header)
        var second = StatisticsCollector(header: reader.header)
        let record = VariantRecord()
        var count = 0
        while try reader.read(into: record) {
            whole.add(record)
            if count < 5_000 { first.add(record) } else { second.add(record) }
            count += 1
        }
        var merged = first.statistics
        merged.merge(second.statistics)
        XCTAssertEqual(merged, whole.statistics)
        XCTAssertEqual(whole.statistics.summary.records, 9_940)
        XCTAssertNotEqual(first.statistics, whole.statistics)
    }
}
