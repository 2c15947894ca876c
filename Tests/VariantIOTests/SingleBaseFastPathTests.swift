import XCTest
@testable import VariantIO

/// The one-base fast path of `variantType`/`firstBase` must agree with htslib's own
/// classification, for records read from VCF text and from BCF.
final class SingleBaseFastPathTests: XCTestCase {
    func testAgreesWithHTSlibOnEdgeCases() throws {
        let longID = String(repeating: "r", count: 20)      // length in a following int8
        let longerID = String(repeating: "s", count: 300)   // length in a following int16
        let alleles = [("A", "G"), ("A", "A"), ("a", "A"), ("A", "."), ("A", "X"), ("A", "*"), ("N", "C"),
                       ("C", "T"), ("G", "<"), ("AC", "A"), ("A", "AT"), ("AC", "GT"), ("A", "<DEL>"), ("A", "G,T")]
        var body = ""
        for (index, pair) in alleles.enumerated() {
            let id = [".", "rs1", longID, longerID][index % 4]
            body += "chr1\t\(100 + index)\t\(id)\t\(pair.0)\t\(pair.1)\t.\t.\t.\tGT\t0/1\t0/0\t0/0\n"
        }
        let vcf = try temporaryFile(trioHeader + body)
        let bcf = (vcf as NSString).deletingLastPathComponent + "/fast.bcf"
        try convert(vcf, to: bcf, format: .bcf)
        for path in [vcf, bcf] {
            let reader = try VariantReader(path: path)
            let record = VariantRecord()
            var seen = 0, fast = 0
            while try reader.read(into: record) {
                if record.singleBaseAlleles() != nil { fast += 1 }
                let expected = record.variantTypeFromHTSlib
                XCTAssertEqual(record.variantType, expected, "\(record.alleles) in \(path)")
                if record.alleleCount == 2 {
                    XCTAssertEqual(record.variantType(ofAllele: 1), expected, "\(record.alleles)")
                }
                XCTAssertEqual(record.firstBase(ofAllele: 0), UInt8(ascii: record.alleles[0].unicodeScalars.first!))
                if record.alleleCount > 1 {
                    XCTAssertEqual(record.firstBase(ofAllele: 1), UInt8(ascii: record.alleles[1].unicodeScalars.first!))
                }
                seen += 1
            }
            XCTAssertEqual(seen, alleles.count)
            XCTAssertEqual(fast, 8, "the eight one-base biallelic records (A>. has no ALT allele) take the fast path in \(path)")
        }
    }
}
