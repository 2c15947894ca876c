// criba-benchgen: writes a realistic whole-genome VCF to standard output.
//
//   criba-benchgen [--records N] [--samples 1|3] [--seed S]
//
// Shape (as in shared/bench): GRCh38 chr1-22, chrX names and lengths; records spread
// by contig length; ~90% SNVs (Ts/Tv ~2), deletions and insertions of 1-40 bp, ~1.5%
// multiallelic sites; INFO AC/AF/AN/DP/FS/MQ/QD/SOR; FORMAT GT:AD:DP:GQ; ~7% of
// records carry a non-PASS filter. Deterministic for a given seed.
import Foundation

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

let contigs: [(String, Int)] = [
    ("chr1", 248_956_422), ("chr2", 242_193_529), ("chr3", 198_295_559), ("chr4", 190_214_555),
    ("chr5", 181_538_259), ("chr6", 170_805_979), ("chr7", 159_345_973), ("chr8", 145_138_636),
    ("chr9", 138_394_717), ("chr10", 133_797_422), ("chr11", 135_086_622), ("chr12", 133_275_309),
    ("chr13", 114_364_328), ("chr14", 107_043_718), ("chr15", 101_991_189), ("chr16", 90_338_345),
    ("chr17", 83_257_441), ("chr18", 80_373_285), ("chr19", 58_617_616), ("chr20", 64_444_167),
    ("chr21", 46_709_983), ("chr22", 50_818_468), ("chrX", 156_040_895),
]

var records = 4_600_000
var samples = 1
var seed: UInt64 = 20_261_122
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--records": records = Int(arguments.next() ?? "") ?? records
    case "--samples": samples = Int(arguments.next() ?? "") ?? samples
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    default:
        FileHandle.standardError.write(Data("usage: criba-benchgen [--records N] [--samples 1|3] [--seed S]\n".utf8))
        exit(64)
    }
}
let sampleNames = samples == 3 ? ["PROBAND", "FATHER", "MOTHER"] : (0..<samples).map { "SAMPLE\($0 + 1)" }

var out: [UInt8] = []
out.reserveCapacity(1 << 22)
@MainActor func emit(_ text: String) { out.append(contentsOf: text.utf8) }
@MainActor func flush() {
    out.withUnsafeBufferPointer { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { exit(1) }
            offset += written
        }
    }
    out.removeAll(keepingCapacity: true)
}

emit("##fileformat=VCFv4.2\n")
emit("##FILTER=<ID=PASS,Description=\"All filters passed\">\n")
emit("##FILTER=<ID=LowQual,Description=\"Low quality\">\n")
emit("##FILTER=<ID=VQSRTrancheSNP99.90to100.00,Description=\"Truth sensitivity tranche level for SNP model at VQS Lod < -10\">\n")
emit("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n")
emit("##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths for the ref and alt alleles in the order listed\">\n")
emit("##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Approximate read depth\">\n")
emit("##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype Quality\">\n")
emit("##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count in genotypes\">\n")
emit("##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele Frequency\">\n")
emit("##INFO=<ID=AN,Number=1,Type=Integer,Description=\"Total number of alleles in called genotypes\">\n")
emit("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Approximate read depth\">\n")
emit("##INFO=<ID=FS,Number=1,Type=Float,Description=\"Phred-scaled p-value using Fisher's exact test to detect strand bias\">\n")
emit("##INFO=<ID=MQ,Number=1,Type=Float,Description=\"RMS Mapping Quality\">\n")
emit("##INFO=<ID=QD,Number=1,Type=Float,Description=\"Variant Confidence/Quality by Depth\">\n")
emit("##INFO=<ID=SOR,Number=1,Type=Float,Description=\"Symmetric Odds Ratio of 2x2 contingency table to detect strand bias\">\n")
for (name, length) in contigs { emit("##contig=<ID=\(name),length=\(length),assembly=GRCh38>\n") }
emit("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t\(sampleNames.joined(separator: "\t"))\n")

var random = Generator(state: seed | 1)
let bases: [Character] = ["A", "C", "G", "T"]
let transition: [Character: Character] = ["A": "G", "G": "A", "C": "T", "T": "C"]
@MainActor func randomBases(_ count: Int) -> String { String((0..<count).map { _ in bases[random.below(4)] }) }
@MainActor func snvAlternate(_ reference: Character, avoiding: Character? = nil) -> Character {
    while true {
        let candidate: Character = random.unit() < 0.5 ? transition[reference]! : bases[random.below(4)]
        if candidate != reference && candidate != avoiding { return candidate }
    }
}
@MainActor func indelAlternate(_ anchor: Character) -> (String, String) {
    let length = 1 + min(39, Int(-log(1 - random.unit()) * 3.5))
    if random.unit() < 0.5 { return (String(anchor) + randomBases(length), String(anchor)) }
    return (String(anchor), String(anchor) + randomBases(length))
}
let genomeLength = contigs.reduce(0) { $0 + $1.1 }
for (name, length) in contigs {
    let count = Int((Double(records) * Double(length) / Double(genomeLength)).rounded())
    let spacing = Double(length - 200) / Double(max(count, 1))
    var position = 0
    for _ in 0..<count {
        position += 1 + Int(random.unit() * 2 * spacing)
        if position >= length - 100 { break }
        let anchor = bases[random.below(4)]
        var reference = String(anchor)
        var alternates: [String] = []
        let kind = random.unit()
        if kind < 0.9 {
            alternates = [String(snvAlternate(anchor))]
        } else {
            let (ref, alt) = indelAlternate(anchor)
            reference = ref
            alternates = [alt]
        }
        if random.unit() < 0.015 {
            if reference.count == 1 {
                alternates.append(String(snvAlternate(anchor, avoiding: alternates[0].first)))
            } else {
                alternates.append(String(anchor))
                if alternates[0] == alternates[1] { alternates[1] = String(reference.prefix(2)) }
            }
        }
        let depth = 15 + random.below(40)
        let quality = 30.0 + random.unit() * 2000
        let filter = random.unit() < 0.07 ? (random.unit() < 0.5 ? "LowQual" : "VQSRTrancheSNP99.90to100.00") : "PASS"
        var genotypes: [String] = []
        var alleleCounts = [Int](repeating: 0, count: alternates.count)
        var format = ""
        for sample in 0..<samples {
            var first = 0, second = 0
            let draw = random.unit()
            if alternates.count > 1 && draw < 0.5 {
                first = 1; second = 2
            } else if draw < (sample == 0 ? 0.6 : 0.4) {
                first = 0; second = 1
            } else if draw < (sample == 0 ? 0.98 : 0.75) {
                first = 1; second = 1
            }
            if random.unit() < 0.004 { genotypes.append("./."); format += "\t./.:.:.:."; continue }
            for allele in [first, second] where allele > 0 { alleleCounts[allele - 1] += 1 }
            let sampleDepth = 10 + random.below(45)
            var depths = [Int](repeating: 0, count: alternates.count + 1)
            if first == second { depths[first] = sampleDepth } else {
                depths[first] = sampleDepth / 2; depths[second] = sampleDepth - sampleDepth / 2
            }
            format += "\t\(first)/\(second):\(depths.map(String.init).joined(separator: ",")):\(sampleDepth):\(20 + random.below(79))"
            genotypes.append("")
        }
        let calledAlleles = 2 * samples - 2 * genotypes.filter { $0 == "./." }.count
        let frequencies = alleleCounts.map { calledAlleles == 0 ? "0" : String(format: "%.3g", Double($0) / Double(calledAlleles)) }
        let info = "AC=\(alleleCounts.map(String.init).joined(separator: ","));AF=\(frequencies.joined(separator: ","));AN=\(calledAlleles);DP=\(depth);FS=\(String(format: "%.3f", random.unit() * 10));MQ=\(String(format: "%.2f", 50 + random.unit() * 10));QD=\(String(format: "%.2f", random.unit() * 35));SOR=\(String(format: "%.3f", random.unit() * 3))"
        emit("\(name)\t\(position)\t.\t\(reference)\t\(alternates.joined(separator: ","))\t\(String(format: "%.2f", quality))\t\(filter)\t\(info)\tGT:AD:DP:GQ\(format)\n")
        if out.count > (1 << 22) { flush() }
    }
}
flush()
