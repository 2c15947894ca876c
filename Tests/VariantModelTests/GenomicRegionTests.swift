import XCTest
import VariantModel

final class GenomicRegionTests: XCTestCase {
    func testParsesTheForms() throws {
        XCTAssertEqual(try GenomicRegion(parsing: "chr1"), GenomicRegion(contig: "chr1"))
        XCTAssertEqual(try GenomicRegion(parsing: "chr1:1000"), GenomicRegion(contig: "chr1", start: 1000, end: 1000))
        XCTAssertEqual(try GenomicRegion(parsing: "chr1:1,000-2,000"), GenomicRegion(contig: "chr1", start: 1000, end: 2000))
        XCTAssertEqual(try GenomicRegion(parsing: "chr1:1000-"), GenomicRegion(contig: "chr1", start: 1000, end: nil))
        XCTAssertEqual(try GenomicRegion(parsing: "{HLA-A*01:01}:5-9"), GenomicRegion(contig: "HLA-A*01:01", start: 5, end: 9))
    }

    func testParsesAListInGivenOrder() throws {
        let regions = try GenomicRegion.parseList("chr2,chr1:5-10")
        XCTAssertEqual(regions.map(\.description), ["chr2", "chr1:5-10"])
    }

    func testRejectsMalformedRegionsWithAReason() {
        XCTAssertThrowsError(try GenomicRegion(parsing: "chr1:abc")) { error in
            XCTAssertEqual(String(describing: error), "invalid region 'chr1:abc': the position 'abc' is not a positive integer")
        }
        XCTAssertThrowsError(try GenomicRegion(parsing: "chr1:20-10"))
        XCTAssertThrowsError(try GenomicRegion(parsing: ":5-10"))
        XCTAssertThrowsError(try GenomicRegion.parseList("chr1,,chr2"))
    }
}

final class GenotypeMatrixTests: XCTestCase {
    func testDecodesAllelesPhaseAndPloidy() {
        var matrix = GenotypeMatrix()
        // sample 0: 0|1 ; sample 1: ./1 ; sample 2: haploid 1
        matrix.reset(samples: 3, ploidy: 2)
        matrix.codes = [2, 5, 0, 4, 4, GenotypeMatrix.vectorEnd]
        XCTAssertEqual(matrix.text(sample: 0), "0|1")
        XCTAssertTrue(matrix.isPhased(sample: 0))
        XCTAssertEqual(matrix.allele(sample: 0, copy: 1), 1)
        XCTAssertEqual(matrix.text(sample: 1), "./1")
        XCTAssertTrue(matrix.isMissing(sample: 1))
        XCTAssertEqual(matrix.ploidy(sample: 2), 1)
        XCTAssertEqual(matrix.text(sample: 2), "1")
    }
}
