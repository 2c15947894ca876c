import Foundation

/// The stages of one case as `criba` command lines: annotate → filter → prioritize →
/// report, each writing its outputs in the case folder under temporary names renamed on
/// success. Each ALT allele is trimmed and left-aligned against the reference inside
/// annotate (the normalisation consequences and source matching need).
public struct CasePlan: Sendable {
    /// One stage: its name, the `criba` arguments and the files it writes.
    public struct Stage: Sendable {
        /// `annotate`, `filter`, `prioritize` or `report`.
        public var name: String
        /// Arguments after the `criba` executable.
        public var arguments: [String]
        /// Files the stage writes (present when it finished).
        public var outputs: [String]
    }

    /// The case folder.
    public let directory: String
    /// The stages in order.
    public let stages: [Stage]
    /// The variants prioritised (kept for `criba rerank`).
    public let variants: String
    /// Named outputs (report, json, ranked, variants, annotated).
    public let outputs: [String: String]

    /// The file names inside a case folder.
    public enum FileName {
        /// Annotated calls.
        public static let annotated = "annotated.bcf"
        /// Filtered calls.
        public static let filtered = "filtered.bcf"
        /// Ranked genes (TSV).
        public static let ranked = "ranked.tsv"
        /// The case JSON (the report's source of truth).
        public static let json = "case.json"
        /// The HTML report.
        public static let report = "report.html"
        /// Ranked variants (TSV).
        public static let variants = "variants.tsv"
        /// Data-source provenance handed to prioritize.
        public static let provenance = "provenance.json"
        /// Stage output and errors.
        public static let log = "log.txt"
    }

    /// Plans `specification` under `configuration` in `directory`; `hasConsequences` says the
    /// input already carries CSQ/BCSQ/ANN.
    public init(specification: CaseSpecification, configuration: RunConfiguration, directory: String, threads: Int,
                hasConsequences: Bool, phenotypeTerms: (observed: [String], excluded: [String])? = nil) {
        self.directory = directory
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var stages: [Stage] = []
        var variants = specification.vcf
        var regionsApplied = false
        let threadArguments = ["--threads", String(threads)]
        let annotates = specification.annotated == nil && (configuration.geneModel != nil || !configuration.sources.isEmpty)
        if let annotated = specification.annotated { variants = annotated }
        if annotates {
            var arguments = ["annotate"]
            if let model = configuration.geneModel, let reference = configuration.reference {
                arguments += ["-g", model.path, "-f", reference.path]
                if hasConsequences { arguments.append("--reuse-annotation") }
            } else if let reference = configuration.reference {
                arguments += ["-f", reference.path]
            }
            if !configuration.sources.isEmpty { arguments += ["--config", configuration.path] }
            if let regions = specification.regions {
                arguments += ["-r", regions]
                regionsApplied = true
            }
            arguments += ["-Ob", "--write-index", "-o", file(FileName.annotated)] + threadArguments + [specification.vcf]
            stages.append(Stage(name: "annotate", arguments: arguments, outputs: [file(FileName.annotated)]))
            variants = file(FileName.annotated)
        }
        if configuration.hasFilterStep {
            var arguments = ["filter"]
            for expression in configuration.filterIncludes { arguments += ["-i", expression] }
            for expression in configuration.filterExcludes { arguments += ["-e", expression] }
            for preset in configuration.filterPresets { arguments += ["--preset", preset] }
            if let ped = specification.ped { arguments += ["--ped", ped] }
            if let proband = specification.proband { arguments += ["--proband", proband] }
            if let regions = specification.regions, !regionsApplied {
                arguments += ["-r", regions]
                regionsApplied = true
            }
            arguments += ["-Ob", "--write-index", "-o", file(FileName.filtered)] + threadArguments + [variants]
            stages.append(Stage(name: "filter", arguments: arguments, outputs: [file(FileName.filtered)]))
            variants = file(FileName.filtered)
        }
        self.variants = variants
        var prioritize = ["prioritize", "--vcf", variants, "--mode", specification.mode, "--case-id", specification.id]
        if let regions = specification.regions, !regionsApplied { prioritize += ["-r", regions] }
        if let ped = specification.ped { prioritize += ["--ped", ped] }
        if let proband = specification.proband { prioritize += ["--proband", proband] }
        let observed = phenotypeTerms?.observed ?? specification.observed
        let excluded = phenotypeTerms?.excluded ?? specification.excluded
        if phenotypeTerms == nil, let phenopacket = specification.phenopacket { prioritize += ["--phenopacket", phenopacket] }
        if !observed.isEmpty { prioritize += ["--hpo", observed.joined(separator: ",")] }
        if !excluded.isEmpty { prioritize += ["--excluded-hpo", excluded.joined(separator: ",")] }
        let hasPhenotype = !observed.isEmpty || !excluded.isEmpty || (phenotypeTerms == nil && specification.phenopacket != nil)
        if let hpo = configuration.phenotypeData, specification.mode == "rare-disease", hasPhenotype {
            prioritize += ["--hpo-data", hpo.path]
        }
        for (option, value) in configuration.prioritizeOptions {
            prioritize.append(option)
            if !value.isEmpty { prioritize.append(value) }
        }
        prioritize += ["--provenance", file(FileName.provenance), "-o", file(FileName.ranked), "--json", file(FileName.json)] + threadArguments
        stages.append(Stage(name: "prioritize", arguments: prioritize, outputs: [file(FileName.json), file(FileName.ranked)]))
        stages.append(Stage(name: "report", arguments: ["report", file(FileName.json), "-o", file(FileName.report), "--tsv", file(FileName.variants),
                                                        "--genes", String(configuration.reportGenes)],
                            outputs: [file(FileName.report), file(FileName.variants)]))
        self.stages = stages
        var outputs = ["report": file(FileName.report), "json": file(FileName.json), "ranked": file(FileName.ranked),
                       "variants": file(FileName.variants), "kept": variants]
        if annotates { outputs["annotated"] = file(FileName.annotated) }
        self.outputs = outputs
    }
}
