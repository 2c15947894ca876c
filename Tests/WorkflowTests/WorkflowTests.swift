import Annotation
import Foundation
import Testing
@testable import Workflow

/// The manifest and config parsers, build detection, the job store's decisions and the
/// stage plan, without running anything.
struct WorkflowTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("criba-workflow-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func tsvManifestResolvesPathsAndKeepsLineNumbers() throws {
        let text = "## a comment\nid\tvcf\tped\thpo\tmode\n\nA\tcalls/a.vcf.gz\ta.ped\tHP:0001250, HP:0001263\t\nB\t/data/b.bcf\t.\t\thereditary-cancer\n"
        let cases = try CaseManifest.parseTSV(text, path: "batch.tsv", baseDirectory: "/runs")
        #expect(cases.map(\.id) == ["A", "B"])
        #expect(cases[0].vcf == "/runs/calls/a.vcf.gz" && cases[0].ped == "/runs/a.ped")
        #expect(cases[0].observed == ["HP:0001250", "HP:0001263"] && cases[0].mode == "rare-disease")
        #expect(cases[0].origin == "batch.tsv line 4" && cases[1].origin == "batch.tsv line 5")
        #expect(cases[1].vcf == "/data/b.bcf" && cases[1].ped == nil && cases[1].mode == "hereditary-cancer")
        #expect(throws: WorkflowError.self) { try CaseManifest.parseTSV("id\tvcf\tsex\nA\ta.vcf\tM\n", path: "m.tsv", baseDirectory: ".") }
        do {
            _ = try CaseManifest.parseTSV("id\tvcf\nA\ta.vcf\textra\n", path: "m.tsv", baseDirectory: ".")
            Issue.record("too many columns accepted")
        } catch {
            #expect(error.description == "m.tsv: line 2: 3 columns but the header names 2")
        }
        #expect(throws: WorkflowError.self) { try CaseManifest.parseTSV("id\tvcf\n", path: "m.tsv", baseDirectory: ".") }
    }

    @Test func yamlManifestTakesListsAndNamesLines() throws {
        let text = "cases:\n  - id: A\n    vcf: a.vcf.gz\n    hpo: [HP:0001250, HP:0001263]\n  - vcf: /x/HG002.bcf\n    mode: hereditary-cancer\n"
        let cases = try CaseManifest.parseYAML(text, path: "b.yaml", baseDirectory: "/runs")
        #expect(cases.map(\.id) == ["A", "HG002"])
        #expect(cases[0].observed == ["HP:0001250", "HP:0001263"] && cases[0].vcf == "/runs/a.vcf.gz")
        #expect(cases[0].origin == "b.yaml line 2" && cases[1].origin == "b.yaml line 5")
        do {
            _ = try CaseManifest.parseYAML("- id: A\n  vcf: a.vcf\n  phenotype: x\n", path: "b.yaml", baseDirectory: ".")
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.description.hasPrefix("b.yaml line 3: unknown key 'phenotype'"))
        }
        #expect(throws: WorkflowError.self) { try CaseManifest.parseYAML("cases: [", path: "b.yaml", baseDirectory: ".") }
    }

    @Test func configurationMapsSectionsAndRejectsMistakes() throws {
        let text = """
        name = "lab"
        build = "GRCh38"
        [reference]
        fasta = "ref/GRCh38.fa.gz"
        version = "GRCh38 no-alt"
        [genes]
        model = "/models/MANE.gff3.gz"
        [hpo]
        directory = "hpo"
        [filter]
        preset = ["pass"]
        include = "QUAL > 20"
        [prioritize]
        secondary_findings = "3.3"
        max_frequency = 0.01
        include_filtered = true
        report_genes = 20
        [[source]]
        file = "gnomad.vcf.gz"
        fields = ["AF"]
        names = ["gnomad_AF"]
        version = "gnomAD v4.1"
        """
        let configuration = try RunConfiguration.parse(text, path: "criba.toml", baseDirectory: "/lab")
        #expect(configuration.build == "GRCh38" && configuration.name == "lab")
        #expect(configuration.reference == .init(role: "reference", path: "/lab/ref/GRCh38.fa.gz", version: "GRCh38 no-alt"))
        #expect(configuration.geneModel?.path == "/models/MANE.gff3.gz")
        #expect(configuration.filterPresets == ["pass"] && configuration.filterIncludes == ["QUAL > 20"] && configuration.hasFilterStep)
        #expect(configuration.prioritizeOptions.map { "\($0.option)=\($0.value)" }
                == ["--include-filtered=", "--max-frequency=0.01", "--secondary-findings=3.3"])
        #expect(configuration.reportGenes == 20)
        #expect(configuration.sources.map(\.file) == ["/lab/gnomad.vcf.gz"] && configuration.sources.first?.version == "gnomAD v4.1")
        #expect(configuration.dataFiles.map(\.role) == ["reference", "gene model", "HPO release", "source gnomad.vcf.gz"])
        let mistakes: [(String, String)] = [
            ("build = \"hg19\"", "criba.toml: build 'hg19' is not one of GRCh37, GRCh38"),
            ("[genes]\nmodel = \"g.gff3\"", "criba.toml: [genes] needs [reference] too: consequences are computed against the reference FASTA"),
            ("[prioritize]\ntop = \"ten\"", "criba.toml: [prioritize] top: must be a number"),
            ("[reference]\npath = \"x.fa\"", "criba.toml: [reference] has an unknown key 'path'; known: fasta, version"),
            ("threads = 4", "criba.toml: unknown top-level key 'threads'; known: build, filter, genes, hpo, name, prioritize, reference, [[source]]"),
        ]
        for (text, message) in mistakes {
            do {
                _ = try RunConfiguration.parse(text, path: "criba.toml", baseDirectory: ".")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func buildsAreToldApartByContigLengths() {
        let builds = GenomeBuild.bundled
        #expect(builds.detect([("1", 249_250_621), ("2", 243_199_373)]).build == "GRCh37")
        #expect(builds.detect([("chr21", 46_709_983)]) == .init(build: "GRCh38", example: "chr21 is 46709983 bp", conflicting: false))
        // A window of a chromosome, or an unknown contig, says nothing; two builds conflict.
        #expect(builds.detect([("17", 7_700_000), ("GL000207.1", 4262)]).build == nil)
        #expect(builds.detect([("1", 249_250_621), ("chr2", 242_193_529)]).conflicting)
        #expect(ContigNaming.of(["GL000207.1", "chr1"]) == .prefixed)
        #expect(ContigNaming.of(["scaffold_1", "MT"]) == .bare)
        #expect(ContigNaming.of(["scaffold_1"]) == nil)
        #expect(GenomeBuild.bareName("chrM") == "MT")
    }

    /// A `criba db genes` cache names its contigs as its source did (the naming check of
    /// `criba run` reads the cache, not its bytes as text).
    @Test func geneModelNamingReadsACache() throws {
        let transcript = Transcript(identifier: "T1", version: nil, geneIdentifier: "G1", geneSymbol: "G", biotype: "protein_coding",
                                    contig: "chr7", strand: .forward, exons: [100...200], codingStart: 120, codingEnd: 200)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("criba-naming-\(getpid()).genes").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GeneModelCache.write(transcripts: [transcript], source: .init(path: "g.gff3", sha256: "0", format: "gff3"), to: path)
        #expect(InputValidator.geneModelNaming(path) == .prefixed)
    }

    static func job(_ caseId: String, digest: String) -> JobRecord {
        JobRecord(caseId: caseId, origin: "b.tsv line 2", mode: "rare-disease", status: .pending, attempts: 0, inputs: "[]",
                  inputDigest: digest, configPath: "c.toml", configSha256: "x", specification: "{}", outputDirectory: "/out/cases/\(caseId)",
                  stage: nil, startedAt: nil, finishedAt: nil, seconds: nil, outputs: nil, error: nil, pid: nil, updatedAt: Date())
    }

    @Test func storeSkipsFinishedJobsAndRetriesTheRest() throws {
        let directory = try Self.temporaryDirectory()
        let store = try JobStore(path: directory + "/" + JobStore.fileName)
        #expect(try store.register(Self.job("A", digest: "1")) == .run(reason: "new"))
        #expect(try store.start(caseId: "A") == 1)
        try store.stageStarted(caseId: "A", attempt: 1, name: "annotate", command: "criba annotate …")
        try store.stageFinished(caseId: "A", attempt: 1, name: "annotate", status: "done", seconds: 1.5, exitCode: 0)
        try store.finish(caseId: "A", outputs: "{}", seconds: 2)
        #expect(try store.register(Self.job("A", digest: "1")) == .skip)
        #expect(try store.register(Self.job("A", digest: "2")) == .run(reason: "inputs or config changed since it finished"))
        // A job left running (its run was killed) is resumed; a failed one retried.
        #expect(try store.start(caseId: "A") == 2)
        guard case .run(let reason) = try store.register(Self.job("A", digest: "2")) else { Issue.record("not rerun"); return }
        #expect(reason.hasPrefix("resuming: the run that started it (pid \(getpid())) stopped"))
        _ = try store.start(caseId: "A")
        try store.fail(caseId: "A", error: "prioritize exited with 1", seconds: 1)
        #expect(try store.register(Self.job("A", digest: "2")) == .run(reason: "retrying after: prioritize exited with 1"))
        #expect(try store.job("A")?.attempts == 3)
        #expect(try store.stages(caseId: "A", attempt: 1).map(\.name) == ["annotate"])
        try store.recordRerank(RerankRecord(caseId: "A", at: Date(), observed: "HP:0001250", excluded: "", status: "done", seconds: 1,
                                            previousOutputs: "/out/history/1", error: nil), outputs: "{\"report\":\"r.html\"}")
        #expect(try store.reranks(caseId: "A").map(\.observed) == ["HP:0001250"])
        #expect(try store.job("A")?.outputs == "{\"report\":\"r.html\"}")
        // Reopening keeps everything (the schema is migrated once).
        #expect(try JobStore.existing(in: directory).jobs().map(\.caseId) == ["A"])
        #expect(throws: WorkflowError.self) { try JobStore.existing(in: directory + "/nowhere") }
    }

    @Test func planChainsTheStagesThatTheConfigAsksFor() throws {
        let full = try RunConfiguration.parse("[reference]\nfasta = \"r.fa\"\n[genes]\nmodel = \"g.gff3\"\n[hpo]\ndirectory = \"hpo\"\n[filter]\npreset = \"pass\"\n",
                                              path: "/c/criba.toml", baseDirectory: "/c")
        let specification = CaseSpecification(id: "A", vcf: "/d/a.vcf.gz", ped: "/d/a.ped", observed: ["HP:0001250"], regions: "20",
                                               origin: "b.tsv line 2")
        let plan = CasePlan(specification: specification, configuration: full, directory: "/o/A", threads: 2, hasConsequences: false)
        #expect(plan.stages.map(\.name) == ["annotate", "filter", "prioritize", "report"])
        #expect(plan.stages[0].arguments.prefix(5) == ["annotate", "-g", "/c/g.gff3", "-f", "/c/r.fa"])
        #expect(plan.stages[0].arguments.contains("-r"), "regions are applied once, by the first stage")
        #expect(!plan.stages[1].arguments.contains("-r") && !plan.stages[2].arguments.contains("-r"))
        #expect(plan.stages[1].arguments.last == "/o/A/annotated.bcf" && plan.variants == "/o/A/filtered.bcf")
        #expect(plan.stages[2].arguments.contains("--hpo-data") && plan.stages[2].arguments.contains("--case-id"))
        // Nothing to annotate with: the input is prioritised as it is; a rerank replaces the terms.
        let bare = try RunConfiguration.parse("", path: "/c/criba.toml", baseDirectory: "/c")
        let rerank = CasePlan(specification: specification, configuration: bare, directory: "/o/A", threads: 1, hasConsequences: true,
                              phenotypeTerms: (["HP:0000001"], []))
        #expect(rerank.stages.map(\.name) == ["prioritize", "report"])
        #expect(rerank.variants == "/d/a.vcf.gz" && rerank.stages[0].arguments.contains("HP:0000001"))
        #expect(rerank.stages[0].arguments.contains("-r"), "without an annotate stage prioritize reads the regions")
        // A gathered annotation skips the annotate stage.
        var gathered = specification
        gathered.annotated = "/o/A.annotated.bcf"
        #expect(CasePlan(specification: gathered, configuration: full, directory: "/o/A", threads: 1, hasConsequences: true)
            .stages.map(\.name) == ["filter", "prioritize", "report"])
    }
}
