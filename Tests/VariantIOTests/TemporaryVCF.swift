import Foundation
import VariantIO

/// Writes inline VCF text to a temporary file for a test.
func temporaryFile(_ text: String, name: String = "test.vcf") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("criba-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let trioHeader = """
##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=LowQual,Description="Low quality">
##contig=<ID=chr1,length=1000000>
##contig=<ID=chr2,length=500000>
##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">
##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">
##INFO=<ID=NOTE,Number=1,Type=String,Description="A note">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\tDAD\tMOM

"""

/// Copies every record of `input` to `output` in `format` (optionally indexed).
func convert(_ input: String, to output: String, format: VariantFileFormat, index: Bool = false) throws {
    let reader = try VariantReader(path: input)
    let writer = try VariantWriter(path: output, format: format, header: reader.header, writeIndex: index)
    try writer.writeHeader()
    let record = VariantRecord()
    while try reader.read(into: record) { try writer.write(record) }
    try writer.finish()
}
