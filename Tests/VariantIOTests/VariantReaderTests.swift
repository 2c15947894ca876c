import XCTest
@testable import VariantIO
import VariantModel
import CHTSlib

final class VariantReaderTests: XCTestCase {
    func testReadsHeaderModelAndTypedValues() throws {
        let path = try temporaryFile(trioHeader + """
        chr1\t100\trs1\tA\tG,T\t50.5\tPASS\tDP=30;AF=0.25,.;NOTE=hello\tGT:DP\t0|1:10\t1/2:.\t./.:7
        chr2\t5\t.\tAC\tA\t.\tLowQual\tDP=3\tGT\t1\t0/0\t./1

        """)
        let reader = try VariantReader(path: path)
        XCTAssertEqual(reader.format, .vcf)
        XCTAssertEqual(reader.header.samples, ["KID", "DAD", "MOM"])
        XCTAssertEqual(reader.header.contigs, [ContigDefinition(name: "chr1", length: 1_000_000), ContigDefinition(name: "chr2", length: 500_000)])
        XCTAssertEqual(reader.header.info("AF"), FieldDefinition(id: "AF", number: .perAlternateAllele, type: .float, description: "Allele frequency"))
        XCTAssertEqual(reader.header.format("DP")?.type, .integer)

        let record = VariantRecord()
        XCTAssertTrue(try reader.read(into: record))
        XCTAssertEqual(record.contig, "chr1")
        XCTAssertEqual(record.position, 100)
        XCTAssertEqual(record.identifiers, ["rs1"])
        XCTAssertEqual(record.alleles, ["A", "G", "T"])
        XCTAssertEqual(record.quality, 50.5)
        XCTAssertEqual(record.filters, ["PASS"])
        XCTAssertTrue(record.passesFilters)
        XCTAssertEqual(record.variantType, .snv)

        var integers: [Int32?] = []
        XCTAssertTrue(record.integers(reader.header.tag("DP"), into: &integers))
        XCTAssertEqual(integers, [30])
        var floats: [Float?] = []
        XCTAssertTrue(record.floats(reader.header.tag("AF"), into: &floats))
        XCTAssertEqual(floats, [0.25, nil])
        XCTAssertEqual(record.string(reader.header.tag("NOTE")), "hello")
        XCTAssertTrue(record.formatIntegers(reader.header.tag("DP"), sample: 0, into: &integers))
        XCTAssertEqual(integers, [10])
        XCTAssertTrue(record.formatIntegers(reader.header.tag("DP"), sample: 1, into: &integers))
        XCTAssertEqual(integers, [nil])

        var matrix = GenotypeMatrix()
        XCTAssertTrue(record.genotypes(into: &matrix, genotypeTag: reader.header.tag("GT")))
        XCTAssertEqual((0..<3).map { matrix.text(sample: $0) }, ["0|1", "1/2", "./."])
        var calls: [GenotypeCall] = []
        record.genotypeCalls(into: &calls, genotypeTag: reader.header.tag("GT"))
        XCTAssertEqual(calls.map(\.genotypeClass), [.heterozygousReferenceAlternate, .heterozygousAlternateAlternate, .missing])

        XCTAssertTrue(try reader.read(into: record))
        XCTAssertTrue(record.variantType.contains(.indel))
        XCTAssertTrue(record.variantType(ofAllele: 1).contains(.indel))
        XCTAssertNil(record.quality)
        XCTAssertFalse(record.passesFilters)
        XCTAssertEqual(record.end, 6)
        record.genotypes(into: &matrix, genotypeTag: reader.header.tag("GT"))
        XCTAssertEqual((0..<3).map { matrix.text(sample: $0) }, ["1", "0/0", "./1"])
        XCTAssertFalse(try reader.read(into: record))
    }

    func testMalformedRecordNamesTheLine() throws {
        let path = try temporaryFile(trioHeader + "chr1\t100\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/1\t0/0\t0/0\nchr1\t200\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/x\t0/0\t0/0\n")
        let reader = try VariantReader(path: path)
        let record = VariantRecord()
        XCTAssertTrue(try reader.read(into: record))
        XCTAssertThrowsError(try reader.read(into: record)) { error in
            let error = error as! VariantIOError
            XCTAssertEqual(error.kind, .malformedRecord)
            XCTAssertEqual(error.location, "line 13")
        }
        let badPosition = try temporaryFile(trioHeader + "chr1\tabc\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/1\t0/0\t0/0\n")
        XCTAssertThrowsError(try VariantReader(path: badPosition).read(into: record)) { error in
            XCTAssertEqual(String(describing: error), "\(badPosition): line 12: malformed record: POS is not a positive integer")
        }
    }

    func testTooFewColumnsIsAnError() throws {
        let path = try temporaryFile(trioHeader + "chr1\t100\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/1\t0/0\n")
        let reader = try VariantReader(path: path)
        XCTAssertThrowsError(try reader.read(into: VariantRecord())) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .malformedRecord)
        }
    }

    func testUndeclaredTagIsAnErrorNamingTheTag() throws {
        let path = try temporaryFile(trioHeader + "chr1\t100\t.\tA\tG\t50\tPASS\tXX=1\tGT\t0/1\t0/0\t0/0\n")
        let reader = try VariantReader(path: path)
        XCTAssertThrowsError(try reader.read(into: VariantRecord())) { error in
            XCTAssertEqual(String(describing: error), "\(path): line 12: tag 'XX' is used but not declared in the header (add an ##INFO/##FORMAT/##FILTER line)")
        }
    }

    func testUndeclaredContigIsAddedToTheHeader() throws {
        let path = try temporaryFile(trioHeader + "chr9\t100\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/1\t0/0\t0/0\n")
        let reader = try VariantReader(path: path)
        let record = VariantRecord()
        XCTAssertTrue(try reader.read(into: record))
        XCTAssertEqual(record.contig, "chr9")
        XCTAssertEqual(reader.header.contigs.last?.name, "chr9")
    }

    func testHeaderProblemsAreNamed() throws {
        let noFormat = try temporaryFile("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
        XCTAssertThrowsError(try VariantReader(path: noFormat)) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .notVariantFile)
        }
        let duplicate = try temporaryFile("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tA\n")
        XCTAssertThrowsError(try VariantReader(path: duplicate)) { error in
            XCTAssertEqual(String(describing: error), "\(duplicate): line 2: duplicate sample name 'A'")
        }
        let noChrom = try temporaryFile("##fileformat=VCFv4.2\n##contig=<ID=1>\n")
        XCTAssertThrowsError(try VariantReader(path: noChrom)) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .malformedHeader)
        }
    }

    func testFileSystemProblems() throws {
        XCTAssertThrowsError(try VariantReader(path: "/nonexistent/x.vcf")) { error in
            XCTAssertEqual(String(describing: error), "/nonexistent/x.vcf: no such file")
        }
        XCTAssertThrowsError(try VariantReader(path: NSTemporaryDirectory())) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .isDirectory)
        }
        let empty = try temporaryFile("")
        XCTAssertThrowsError(try VariantReader(path: empty)) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .emptyFile)
        }
    }

    func testRegionsNeedAnIndex() throws {
        let path = try temporaryFile(trioHeader + "chr1\t100\t.\tA\tG\t50\tPASS\tDP=1\tGT\t0/1\t0/0\t0/0\n")
        let reader = try VariantReader(path: path)
        XCTAssertThrowsError(try reader.setRegions([GenomicRegion(contig: "chr1")])) { error in
            XCTAssertEqual((error as! VariantIOError).kind, .notBGZF)
        }
    }
}

final class GenotypeStorageTests: XCTestCase {
    /// A crafted record whose GT is stored as floats (only a malformed BCF has one):
    /// htslib's bcf_gt_type would exit(1); Criba reads the genotypes as missing instead.
    func testNonIntegerGenotypeStorageReadsAsMissing() throws {
        let path = try temporaryFile("""
        ##fileformat=VCFv4.2
        ##contig=<ID=1>
        ##FORMAT=<ID=GT,Number=1,Type=Float,Description="a broken declaration">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS
        1\t5\t.\tA\tG\t.\t.\t.\tGT\t1.5

        """)
        let reader = try VariantReader(path: path)
        let record = VariantRecord()
        XCTAssertTrue(try reader.read(into: record))
        var calls: [GenotypeCall] = []
        record.genotypeCalls(into: &calls, genotypeTag: reader.header.tag("GT"))
        XCTAssertEqual(calls.map(\.genotypeClass), [.haploidAlternate])  // VCF text GT is always encoded as integers
        var value: Float = 1.5
        XCTAssertEqual(bcf_update_format(reader.header.handle.pointer, record.pointer, "GT", &value, 1, BCF_HT_REAL), 0)
        record.genotypeCalls(into: &calls, genotypeTag: reader.header.tag("GT"))
        XCTAssertEqual(calls.map(\.genotypeClass), [.missing])
    }
}
