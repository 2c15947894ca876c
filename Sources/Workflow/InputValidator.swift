import Annotation
import AnnotationSources
import Foundation
import Phenotype
import VariantIO
import VariantModel

/// Checks a run before anything starts: every file exists and is readable, indexes are
/// present where regions are asked for, contig naming (`chr1` vs `1`) and the genome build
/// (from contig lengths) agree across the VCFs, the reference, the gene model and the
/// sources, PEDs name samples of their VCF, phenopackets parse, case ids are unique.
/// Every problem is one line naming the manifest line or the file.
public struct InputValidator {
    /// What a data file or VCF says about its contigs.
    struct ContigFacts {
        var naming: ContigNaming?
        var build: GenomeBuild.Evidence
        var names: Set<String>
    }

    private var facts: [String: ContigFacts] = [:]

    /// Creates a validator.
    public init() {}

    /// Checks a configuration's files; returns one line per problem.
    public mutating func validate(_ configuration: RunConfiguration) -> [String] {
        var problems: [String] = []
        let origin = configuration.path
        for file in configuration.dataFiles {
            if let problem = Self.fileProblem(file.path, directory: file.role == "HPO release") {
                problems.append("\(origin): \(file.role): \(problem)")
            }
        }
        guard problems.isEmpty else { return problems }
        if let directory = configuration.phenotypeData?.path {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if !names.contains(where: { $0 == "hp.obo" || $0 == "hp.obo.gz" }) {
                problems.append("\(origin): HPO release: \(directory) has no hp.obo (or hp.obo.gz)")
            }
        }
        var described: [(role: String, path: String, facts: ContigFacts)] = []
        if let reference = configuration.reference {
            do {
                let sequence = try ReferenceSequence(path: reference.path)
                let found = ContigFacts(naming: ContigNaming.of(sequence.contigs.map(\.name)),
                                        build: GenomeBuild.bundled.detect(sequence.contigs.map { ($0.name, $0.length) }),
                                        names: Set(sequence.contigs.map(\.name)))
                facts[configuration.path + "|reference"] = found
                described.append(("reference", reference.path, found))
            } catch {
                problems.append("\(origin): reference: \(error)")
            }
        }
        if let model = configuration.geneModel, let naming = Self.geneModelNaming(model.path) {
            let found = ContigFacts(naming: naming, build: .init(build: nil, example: nil, conflicting: false), names: [])
            facts[configuration.path + "|gene model"] = found
            described.append(("gene model", model.path, found))
        }
        for source in configuration.sources where source.kind == nil || source.kind == .vcf {
            let path = source.file
            guard Self.isVariantFile(path) else { continue }
            do {
                let reader = try VariantReader(path: path)
                let contigs = reader.header.contigs
                var names = contigs.map(\.name)
                if names.isEmpty, reader.hasIndex { names = (try? reader.indexedContigs().map(\.name)) ?? [] }
                let found = ContigFacts(naming: ContigNaming.of(names), build: GenomeBuild.bundled.detect(contigs.map { ($0.name, $0.length) }),
                                        names: Set(names))
                described.append(("source " + source.displayName, path, found))
                if !reader.hasIndex, !path.hasSuffix(".cdb") {
                    problems.append("\(origin): source \(source.displayName): \(path) has no index (.tbi/.csi): run `tabix -p vcf \(path)` or `criba view --write-index`")
                }
            } catch {
                problems.append("\(origin): source \(source.displayName): \(error)")
            }
        }
        // The declared build against each file, then the files against each other.
        for (role, path, found) in described {
            if let declared = configuration.build, let detected = found.build.build, detected != declared {
                problems.append("\(origin): \(role) \(path) is \(detected) (\(found.build.example ?? "")) but the config declares build = \"\(declared)\"")
            }
        }
        if let first = described.first(where: { $0.facts.naming != nil }) {
            for other in described where other.facts.naming != nil && other.facts.naming != first.facts.naming {
                problems.append("\(origin): \(other.role) \(other.path) names contigs like '\(other.facts.naming!.rawValue)' but the \(first.role) like '\(first.facts.naming!.rawValue)' (chr1 vs 1): rename one (bcftools annotate --rename-chrs)")
            }
        }
        return problems
    }

    /// Checks the cases of a batch against their configuration; returns one line per problem.
    public func validate(_ cases: [(specification: CaseSpecification, configuration: RunConfiguration)]) -> [String] {
        var problems: [String] = []
        var seen: [String: String] = [:]
        for (specification, configuration) in cases {
            let origin = "\(specification.origin): case '\(specification.id)'"
            if let first = seen[specification.id] {
                problems.append("\(specification.origin): duplicate case id '\(specification.id)' (first at \(first))")
                continue
            }
            seen[specification.id] = specification.origin
            if specification.id.isEmpty || specification.id.contains(where: { !($0.isLetter || $0.isNumber || "._-".contains($0)) })
                || specification.id.hasPrefix(".") {
                problems.append("\(origin): the id may hold only letters, digits, '.', '_' and '-' (it names a folder)")
                continue
            }
            if !CaseSpecification.modes.contains(specification.mode) {
                problems.append("\(origin): mode '\(specification.mode)' is not one of \(CaseSpecification.modes.joined(separator: ", "))")
            }
            for term in specification.observed + specification.excluded where !Self.isHPOIdentifier(term) {
                problems.append("\(origin): '\(term)' is not an HPO term id (HP:0000000)")
            }
            if !(specification.observed.isEmpty && specification.excluded.isEmpty && specification.phenopacket == nil),
               configuration.phenotypeData == nil, specification.mode == "rare-disease" {
                problems.append("\(origin): HPO terms need an [hpo] directory in \(configuration.path)")
            }
            for (role, path) in specification.inputFiles {
                if let problem = Self.fileProblem(path, directory: false) { problems.append("\(origin): \(role) \(problem)") }
            }
            if let path = specification.phenopacket, Self.fileProblem(path, directory: false) == nil {
                do { _ = try Phenopacket(path: path) } catch { problems.append("\(origin): \(error)") }
            }
            guard Self.fileProblem(specification.vcf, directory: false) == nil else { continue }
            let reader: VariantReader
            do {
                reader = try VariantReader(path: specification.vcf)
            } catch {
                problems.append("\(origin): \(error)")
                continue
            }
            let header = reader.header
            if let regions = specification.regions {
                do {
                    _ = try GenomicRegion.parseList(regions)
                    if !reader.hasIndex {
                        problems.append("\(origin): regions need an index but \(specification.vcf) has none (.tbi/.csi): run `bcftools index` or `criba view --write-index`")
                    }
                } catch {
                    problems.append("\(origin): regions: \(error)")
                }
            }
            let names = header.contigs.map(\.name)
            let naming = ContigNaming.of(names)
            let build = GenomeBuild.bundled.detect(header.contigs.map { ($0.name, $0.length) })
            if let declared = configuration.build, let detected = build.build, detected != declared {
                let resources = configuration.reference.map { " (reference \($0.path))" } ?? ""
                problems.append("\(origin): \(specification.vcf) is \(detected) (\(build.example ?? "")) but the config declares \(declared)\(resources)")
            } else if let detected = build.build, let referenceBuild = facts[configuration.path + "|reference"]?.build.build, detected != referenceBuild {
                problems.append("\(origin): \(specification.vcf) is \(detected) (\(build.example ?? "")) but the reference is \(referenceBuild)")
            }
            for role in ["reference", "gene model"] {
                if let naming, let other = facts[configuration.path + "|" + role]?.naming, other != naming {
                    problems.append("\(origin): \(specification.vcf) names contigs like '\(naming.rawValue)' but the \(role) like '\(other.rawValue)' (chr1 vs 1)")
                }
            }
            if let reference = facts[configuration.path + "|reference"], reader.hasIndex,
               let used = try? reader.indexedContigs().filter({ ($0.recordCount ?? 1) > 0 }).map(\.name) {
                let asked = Set(((try? GenomicRegion.parseList(specification.regions ?? "")) ?? []).map(\.contig))
                let missing = used.filter { !reference.names.contains($0) && (asked.isEmpty || asked.contains($0)) }
                if !missing.isEmpty {
                    problems.append("\(origin): \(specification.vcf) has calls on \(missing.prefix(5).joined(separator: ", ")), absent from the reference \(configuration.reference?.path ?? "")")
                }
            }
            if let ped = specification.ped, Self.fileProblem(ped, directory: false) == nil {
                do {
                    let pedigree = try Pedigree(path: ped, proband: specification.proband)
                    let samples = Set(header.samples)
                    let missing = pedigree.members.map(\.id).filter { !samples.contains($0) }
                    if let proband = pedigree.proband, !samples.contains(proband.id) {
                        problems.append("\(origin): the proband '\(proband.id)' of \(ped) is not a sample of \(specification.vcf)")
                    } else if pedigree.proband == nil {
                        problems.append("\(origin): \(ped) has no affected member to prioritise for")
                    } else if !missing.isEmpty {
                        problems.append("\(origin): \(ped) names \(missing.joined(separator: ", ")), not a sample of \(specification.vcf)")
                    }
                } catch {
                    problems.append("\(origin): \(error)")
                }
            } else if specification.ped == nil, header.samples.count > 1, specification.proband == nil {
                problems.append("\(origin): \(specification.vcf) has \(header.samples.count) samples: give a ped or a proband")
            } else if header.samples.isEmpty {
                problems.append("\(origin): \(specification.vcf) has no samples: prioritisation needs genotypes")
            }
            if let proband = specification.proband, !header.samples.contains(proband) {
                problems.append("\(origin): proband '\(proband)' is not a sample of \(specification.vcf)")
            }
        }
        return problems
    }

    /// Why `path` cannot be read as a file (or directory), or nil.
    static func fileProblem(_ path: String, directory: Bool) -> String? {
        if path == "-" { return directory ? "'-' is not a directory" : "standard input cannot be checksummed or resumed: give a file" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "\(path): file not found" }
        if directory && !isDirectory.boolValue { return "\(path): not a directory" }
        if !directory && isDirectory.boolValue { return "\(path): is a directory, not a file" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "\(path): not readable (permissions)" }
        return nil
    }

    /// Whether `text` looks like an HPO term id (`HP:` and seven digits).
    public static func isHPOIdentifier(_ text: String) -> Bool {
        text.count == 10 && text.hasPrefix("HP:") && text.dropFirst(3).allSatisfy(\.isNumber)
    }

    static func isVariantFile(_ path: String) -> Bool {
        [".vcf", ".vcf.gz", ".bcf", ".vcf.bgz"].contains { path.hasSuffix($0) }
    }

    /// The contig naming of a gene model, from its first feature lines.
    static func geneModelNaming(_ path: String) -> ContigNaming? {
        if GeneModelCache.isCache(path: path) {
            // A `criba db genes` cache: its contigs, from the decoded transcripts.
            guard let transcripts = try? GeneModelCache.read(path: path).transcripts else { return nil }
            return ContigNaming.of(Array(Set(transcripts.map(\.contig))))
        }
        struct Stop: Error {}
        var contigs: [String] = []
        try? TextLineReader.forEachLine(path: path) { line, _ in
            guard let first = line.first, first != UInt8(ascii: "#") else { return }
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 3, omittingEmptySubsequences: false)
            // GFF3/GTF: seqid first; genePred: chrom second (or third with a bin column).
            for field in fields.prefix(3) { contigs.append(String(decoding: field, as: UTF8.self)) }
            if contigs.count >= 60 { throw Stop() }
        }
        return ContigNaming.of(contigs)
    }
}
