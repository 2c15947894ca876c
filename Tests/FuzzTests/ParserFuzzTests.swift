import Annotation
import AnnotationSources
import Filtering
import Foundation
import Phenotype
import Testing
import VariantIO
import VariantModel
import Workflow

/// Seeded random-mutation property tests of every parser Criba writes itself: gene models
/// (GFF3, GTF, genePred), OBO and HPO annotations, PED, phenopacket JSON, the sources config
/// and the run config (TOML), case manifests (TSV, YAML) and filter expressions. Real inputs
/// are mutated (bytes flipped, inserted, deleted, duplicated, lines cut, hostile tokens put
/// in) and each parser must either accept the input or throw its typed error: never trap,
/// hang or crash. A crash found becomes a file in testdata/bad/.
///
/// Each parser runs for `CRIBA_FUZZ_SECONDS` (default 6 s in `swift test`); the long run is
/// `CRIBA_FUZZ_SECONDS=600 swift test --filter FuzzTests` (docs/errors.md). The seed is
/// `CRIBA_FUZZ_SEED` or the day, printed with the iteration count.
struct ParserFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seconds = Double(ProcessInfo.processInfo.environment["CRIBA_FUZZ_SECONDS"] ?? "") ?? 6
    static let seed = UInt64(ProcessInfo.processInfo.environment["CRIBA_FUZZ_SEED"] ?? "")
        ?? UInt64(Date().timeIntervalSince1970 / 86_400)

    /// A small deterministic generator (SplitMix64) so a failing seed can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let tokens: [[UInt8]] = ["\t", "\n", ";", "=", ",", ":", "\"", "[", "]", "{", "}", "-1", "0", "999999999999999999999",
                                    "NaN", "\\", "#", "ID=", "Parent=", "is_a: ", "[Term]", "id: HP:", "..", "\u{0}", "é", "\r\n",
                                    "&&", "||", "(", ")", "INFO/", "FORMAT/", "CSQ.", "'", "%", "\u{FEFF}"].map { Array($0.utf8) }

    /// One mutation of `bytes`.
    static func mutate(_ bytes: [UInt8], _ random: inout Generator) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !result.isEmpty: result[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1: result.insert(UInt8.random(in: 0...255, using: &random), at: position)
            case 2 where !result.isEmpty: result.removeSubrange(position..<min(result.count, position + Int.random(in: 1...64, using: &random)))
            case 3 where !result.isEmpty:
                let end = min(result.count, position + Int.random(in: 1...256, using: &random))
                result.insert(contentsOf: result[position..<end], at: Int.random(in: 0...result.count, using: &random))
            case 4: result = Array(result.prefix(position))
            case 5: result.insert(contentsOf: tokens.randomElement(using: &random)!, at: position)
            default:
                // Swap two lines.
                let lines = result.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                guard lines.count > 2 else { continue }
                var shuffled = Array(lines)
                shuffled.swapAt(Int.random(in: 0..<lines.count, using: &random), Int.random(in: 0..<lines.count, using: &random))
                result = Array(shuffled.joined(separator: [UInt8(ascii: "\n")]))
            }
        }
        return result
    }

    /// Runs `body` on mutations of `seeds` for the time budget; returns the iterations.
    /// `body` may throw (a rejected input); a trap ends the test process, which fails the run.
    @discardableResult
    static func fuzz(_ name: String, seeds: [[UInt8]], salt: UInt64, _ body: ([UInt8]) throws -> Void) -> Int {
        var random = Generator(state: seed ^ salt)
        let deadline = Date().addingTimeInterval(seconds)
        var iterations = 0, accepted = 0
        // With CRIBA_FUZZ_KEEP set, each input is written first, so a crash leaves it behind.
        let keep = ProcessInfo.processInfo.environment["CRIBA_FUZZ_KEEP"].map { $0 + "/" + name.replacingOccurrences(of: " ", with: "-") }
        while Date() < deadline {
            var input = seeds.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...3, using: &random) { input = mutate(input, &random) }
            if let keep { FileManager.default.createFile(atPath: keep, contents: Data(input)) }
            do {
                try body(input)
                accepted += 1
            } catch {}
            iterations += 1
        }
        print("fuzz \(name): seed \(seed ^ salt), \(iterations) inputs, \(accepted) accepted, \(iterations - accepted) rejected with an error, 0 crashes")
        return iterations
    }

    static func file(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A scratch file per parser that reads paths.
    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("criba-fuzz-\(getpid())-\(name)").path
    }

    @Test func geneModels() throws {
        let gff = try Self.file("testdata/annotation/bcftools-csq/ENST00000218032/ENST00000218032.gff")
        var genePred = try Self.file("testdata/demo/ensembl75_GRCh37_chr20_60Mb-end.genePred.gz")
        genePred = Array(String(decoding: try Self.gunzip(genePred), as: UTF8.self).split(separator: "\n").prefix(12).joined(separator: "\n").utf8)
        let gtfText = Array("1\tensembl\ttranscript\t1000\t5000\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\"; gene_name \"A\";\n1\tensembl\texon\t1000\t1200\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\";\n1\tensembl\tCDS\t1100\t1200\t.\t+\t0\tgene_id \"G1\"; transcript_id \"T1\";\n".utf8)
        let path = Self.scratch("genes")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let count = Self.fuzz("gene models", seeds: [gff, gtfText, genePred], salt: 1) { bytes in
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            _ = try GeneModel(path: path)
        }
        #expect(count > 0)
        // The cache: mutated bodies are re-signed, so that the decoder's own checks (not
        // only the checksum) meet every damage.
        let cache = GeneModelCache.encode(transcripts: try GeneModelReader.read(path: Self.root.appendingPathComponent(
            "testdata/annotation/bcftools-csq/ENST00000218032/ENST00000218032.gff").path),
                                          source: .init(path: "ENST00000218032.gff", sha256: "0", format: "gff3"))
        let decoded = Self.fuzz("gene-model cache", seeds: [cache], salt: 11) { bytes in
            var signed = Array(bytes.dropLast(64))
            var digest = SHA256Digest()
            digest.update(signed)
            signed += Array(digest.finalize().utf8)
            _ = try GeneModelCache.decode(signed, path: "fuzz.genes")
        }
        #expect(decoded > 0)
    }

    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = scratch("gunzip.gz")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var out: [UInt8] = []
        try TextLineReader.forEachLine(path: path) { line, _ in out += Array(line) + [10] }
        return out
    }

    @Test func ontologyAndAnnotations() throws {
        let obo = try Self.file("testdata/hpo/mini.obo")
        let hpoa = try Self.file("testdata/hpo/mini.hpoa")
        let genes = try Self.file("testdata/hpo/mini_genes_to_phenotype.txt")
        let ontology = try PhenotypeOntology(text: Self.text(obo), source: "mini.obo")
        Self.fuzz("OBO", seeds: [obo], salt: 2) { bytes in
            _ = try PhenotypeOntology(text: Self.text(bytes), source: "fuzz.obo")
        }
        let annotationsPath = Self.scratch("annotations.hpoa"), genesPath = Self.scratch("genes_to_phenotype.txt")
        defer {
            try? FileManager.default.removeItem(atPath: annotationsPath)
            try? FileManager.default.removeItem(atPath: genesPath)
        }
        var which = Generator(state: Self.seed)
        Self.fuzz("HPO annotations", seeds: [hpoa, genes], salt: 3) { bytes in
            let mutateAnnotations = Bool.random(using: &which)
            FileManager.default.createFile(atPath: annotationsPath, contents: Data(mutateAnnotations ? bytes : hpoa))
            FileManager.default.createFile(atPath: genesPath, contents: Data(mutateAnnotations ? genes : bytes))
            _ = try DiseaseAnnotations(annotations: annotationsPath, genes: genesPath, ontology: ontology)
        }
    }

    @Test func pedigrees() throws {
        let seeds = [try Self.file("testdata/vcf/slivar_ashk-trio.ped"),
                     Array("fam\tKID\tDAD\tMUM\t1\t2\nfam\tDAD\t0\t0\t1\t1\nfam\tMUM\t0\t0\t2\t1\nfam\tSIB\tDAD\tMUM\t2\t1\n".utf8)]
        Self.fuzz("PED", seeds: seeds, salt: 4) { bytes in _ = try Pedigree(text: Self.text(bytes), path: "fuzz.ped") }
    }

    @Test func phenopackets() throws {
        let packet = Array("""
        {"id": "case-1", "subject": {"id": "P1", "sex": "FEMALE"},
         "phenotypicFeatures": [{"type": {"id": "HP:0001250", "label": "Seizure"}},
                                {"type": {"id": "HP:0001263", "label": "Global developmental delay"}, "excluded": true}]}
        """.utf8)
        Self.fuzz("phenopacket", seeds: [packet], salt: 5) { bytes in _ = try Phenopacket(data: Data(bytes), source: "fuzz.json") }
    }

    @Test func configurations() throws {
        let sources = try Self.file("testdata/regression/grch37.toml")
        let run = try Self.file("testdata/demo/criba.toml")
        Self.fuzz("sources config", seeds: [sources], salt: 6) { bytes in
            _ = try SourceConfiguration.parse(Self.text(bytes), path: "fuzz.toml", baseDirectory: "/nowhere")
        }
        Self.fuzz("run config", seeds: [run, sources], salt: 7) { bytes in
            _ = try RunConfiguration.parse(Self.text(bytes), path: "fuzz.toml", baseDirectory: "/nowhere")
        }
    }

    @Test func manifests() throws {
        let tsv = try Self.file("testdata/regression/manifest.tsv")
        let yaml = Array("cases:\n  - id: A\n    vcf: a.vcf.gz\n    hpo: [HP:0001250, HP:0001263]\n  - id: B\n    vcf: b.bcf\n    mode: hereditary-cancer\n".utf8)
        Self.fuzz("manifest TSV", seeds: [tsv], salt: 8) { bytes in
            _ = try CaseManifest.parseTSV(Self.text(bytes), path: "fuzz.tsv", baseDirectory: "/nowhere")
        }
        Self.fuzz("manifest YAML", seeds: [yaml], salt: 9) { bytes in
            _ = try CaseManifest.parseYAML(Self.text(bytes), path: "fuzz.yaml", baseDirectory: "/nowhere")
        }
    }

    @Test func filterExpressions() throws {
        let header = try VariantReader(path: Self.root.appendingPathComponent("testdata/vcf/slivar_ashk-trio_GRCh37_chr1-2.vcf.gz").path).header
        let pedigree = try Pedigree(path: Self.root.appendingPathComponent("testdata/vcf/slivar_ashk-trio.ped").path)
        let schema = FilterSchema(header: header, pedigree: pedigree)
        let seeds = ["QUAL >= 30 && INFO/DP > 10", "het(proband) && hom_ref(mother) && hom_ref(father) && all(FORMAT/GQ >= 20)",
                     "FILTER in [\"PASS\", \".\"] && (INFO/AF ?? 0) < 0.01", "any(BCSQ ~ \"missense\") || !(INFO/AC == 2)",
                     "label: INFO/MQ > 40.5 && CHROM == \"1\" && POS >= 1000"].map { Array($0.utf8) }
        Self.fuzz("filter expressions", seeds: seeds, salt: 10) { bytes in _ = try FilterExpression(Self.text(bytes), schema: schema) }
    }
}
