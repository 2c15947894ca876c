import ArgumentParser
import Filtering
import Foundation
import Pipeline
import VariantIO
import VariantModel

/// `criba filter`: keep, drop or flag records with type-checked expressions.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Select or flag records with safe, type-checked expressions.",
        discussion: """
        Expressions read QUAL, FILTER, CHROM, POS, ID, REF, ALT, INFO/X, FORMAT/X, CSQ.X and
        sample fields by name or PED role (proband.DP, mother.GQ), with genotype tests
        (het, hom_ref, hom_alt, alt, missing, phased), comparisons, 'in [..]', '~' (POSIX
        regular expressions), '??' (a default for missing values), &&, ||, ! and any()/all().
        A comparison with a missing value is false; see docs/filtering.md for the rules.

        A record is kept when every -i/--preset expression holds and no -e expression does.
        Name an expression with 'label: expr'; with --soft-filter nothing is dropped and the
        label of each failed expression is added to FILTER; --tag sets an INFO flag instead.

        Examples:
          criba filter -i 'QUAL >= 30 && INFO/DP > 10' calls.bcf -Ob -o kept.bcf
          criba filter --ped trio.ped -i 'het(proband) && hom_ref(mother) && hom_ref(father)' trio.vcf.gz
          criba filter --preset rare-coding annotated.bcf
          criba filter --soft-filter -i 'lowqual: QUAL >= 30' calls.vcf.gz -Oz -o flagged.vcf.gz
        """,
        helpNames: [.long, .customShort("h")]
    )

    @Argument(help: "Input VCF/BCF, or '-' for standard input.")
    var input: String = "-"

    @Option(name: [.customShort("i"), .customLong("include")], help: "Keep records where this holds ('label: expr'; repeatable).")
    var includes: [String] = []

    @Option(name: [.customShort("e"), .customLong("exclude")], help: "Drop records where this holds ('label: expr'; repeatable).")
    var excludes: [String] = []

    @Option(name: .long, help: "A bundled triage rule, used as an include (repeatable; see --list-presets).")
    var preset: [String] = []

    @Option(name: .long, help: "Set the INFO flag 'label' on records where 'label: expr' holds (repeatable; never drops).")
    var tag: [String] = []

    @Flag(name: .customLong("soft-filter"), help: "Keep every record; add each failed expression's label to FILTER.")
    var softFilter = false

    @Option(name: .long, help: "PED file: lets expressions use proband, mother and father.")
    var ped: String?

    @Option(name: .long, help: "The proband's sample ID (default: the first affected member with both parents).")
    var proband: String?

    @Flag(name: .customLong("list-presets"), help: "Print the bundled presets and exit.")
    var listPresets = false

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output: String = "-"

    @Option(name: [.customShort("O", allowingJoined: true), .customLong("output-type")],
            help: "Output type: v, z, b or u, optionally with a compression level (default: from the -o extension, else v).")
    var outputType: String?

    @Option(name: [.customShort("r"), .customLong("regions")], help: "Comma-separated regions (needs an index).")
    var regions: String?

    @Flag(name: .customLong("no-version"), help: "Do not add the ##criba_filter provenance lines.")
    var noVersion = false

    @Flag(name: .customLong("write-index"), help: "Also write an index (.csi for BCF, .tbi for VCF.gz).")
    var writeIndex = false

    @OptionGroup var threadOptions: ThreadOptions

    /// What one expression does to a record.
    private enum Role { case include, exclude, tag }

    func run() throws {
        try reportingFailures(of: "filter") {
            if listPresets {
                for preset in try FilterPreset.all() {
                    print("\(preset.name)\t\(preset.expression)\n\t\(preset.summary)")
                }
                return
            }
            let (format, level) = try resolveOutputType(outputType, output: output)
            let threads = threadOptions.resolvedThreads
            let threadPool = ThreadPool(threads: threads)
            let requested = try regions.map { try GenomicRegion.parseList($0) }
            let pedigree = try ped.map { path throws(PedigreeError) in try Pedigree(path: path, proband: proband) }
            if proband != nil, pedigree == nil { throw UsageFailure(message: "--proband needs --ped") }
            let pipeline = try VariantPipeline(path: input, threads: threads, regions: requested, threadPool: threadPool)
            let inputHeader = pipeline.header
            if let pedigree {
                let missing = pedigree.members.map(\.id).filter { !inputHeader.samples.contains($0) }
                if missing.count == pedigree.members.count {
                    throw UsageFailure(message: "no individual of \(ped!) is a sample of \(input) (samples: \(inputHeader.samples.prefix(6).joined(separator: ", ")))")
                }
            }

            let schema = FilterSchema(header: inputHeader, pedigree: pedigree)
            var expressions: [FilterExpression] = []
            var roles: [Role] = []
            for text in includes { expressions.append(try FilterExpression(text, schema: schema)); roles.append(.include) }
            for name in preset {
                let preset = try FilterPreset.named(name)
                do {
                    expressions.append(try FilterExpression("\(preset.name): \(preset.expression)", schema: schema))
                } catch let error as FilterError {
                    throw UsageFailure(message: "preset '\(name)' does not apply to \(input): \(error.message) (annotate the fields it reads first)")
                }
                roles.append(.include)
            }
            for text in excludes { expressions.append(try FilterExpression(text, schema: schema)); roles.append(.exclude) }
            for text in tag { expressions.append(try FilterExpression(text, schema: schema)); roles.append(.tag) }
            guard !expressions.isEmpty else { throw UsageFailure(message: "give at least one expression: -i, -e, --preset or --tag") }

            let header = try outputHeader(inputHeader, expressions: expressions, roles: roles)
            let filterKeys = expressions.map { $0.label.map { header.filterKey($0) } }
            let evaluators = WorkerResourcePool { FilterEvaluator(expressions: expressions, csqTag: inputHeader.tag("CSQ")) }
            let writer = try VariantWriter(path: output, format: format, header: header, threadPool: threadPool,
                                           compressionLevel: level, writeIndex: writeIndex)
            try writer.writeHeader()
            let soft = softFilter
            try pipeline.run(
                stage: { batch -> [Bool] in
                    try evaluators.using { evaluator in
                        var keep = [Bool](repeating: true, count: batch.count)
                        // A copy per batch: iterating the shared array would bump its reference
                        // count from both workers for every record (a contended cache line).
                        let localRoles = roles.map { $0 }
                        for (position, record) in batch.records.enumerated() {
                            evaluator.load(record)
                            for index in 0..<localRoles.count {
                                let role = localRoles[index]
                                let holds = evaluator.holds(index)
                                switch role {
                                case .include, .exclude:
                                    let fails = (role == .include) != holds
                                    guard fails else { continue }
                                    if soft {
                                        if let key = filterKeys[index] { try record.addFilter(key, header: header) }
                                    } else {
                                        keep[position] = false
                                    }
                                case .tag:
                                    if holds, let label = expressions[index].label { try record.setInfoFlag(label, header: header) }
                                }
                                if !soft, !keep[position] { break }
                            }
                        }
                        return keep
                    }
                },
                consume: { batch, keep in
                    try writer.synchronizeContigs(with: pipeline.header)
                    for (position, record) in batch.records.enumerated() where keep[position] { try writer.write(record) }
                })
            try writer.finish()
        }
    }

    /// The input header plus FILTER lines (soft filtering), INFO flags (tags) and provenance.
    private func outputHeader(_ input: VariantHeader, expressions: [FilterExpression], roles: [Role]) throws -> VariantHeader {
        var labels = Set<String>()
        var lines: [String] = []
        for (expression, role) in zip(expressions, roles) {
            if let label = expression.label {
                guard labels.insert(label).inserted else {
                    throw UsageFailure(message: "the label '\(label)' is used twice: labels name FILTER and INFO entries and must be unique")
                }
            }
            let escaped = expression.text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            switch role {
            case .tag:
                guard let label = expression.label else {
                    throw UsageFailure(message: "--tag needs a label to name the INFO flag: --tag 'name: \(expression.text)'")
                }
                try checkIdentifier(label)
                if let existing = input.info(label), existing.type != .flag {
                    throw UsageFailure(message: "--tag '\(label)': INFO/\(label) already exists in \(self.input) as \(existing.type.rawValue)")
                }
                if input.info(label) == nil {
                    lines.append("##INFO=<ID=\(label),Number=0,Type=Flag,Description=\"criba filter: \(escaped)\">")
                }
            case .include, .exclude:
                guard softFilter else { continue }
                guard let label = expression.label else {
                    throw UsageFailure(message: "--soft-filter needs a label per expression to name the FILTER: -i 'name: \(expression.text)'")
                }
                try checkIdentifier(label)
                if !input.filterDefinitions.contains(where: { $0.id == label }) {
                    let meaning = role == .include ? "fails" : "matches"
                    lines.append("##FILTER=<ID=\(label),Description=\"criba filter: record \(meaning) \(escaped)\">")
                }
            }
        }
        var header = try input.adding(lines: lines)
        if !noVersion { header = try header.adding(lines: VariantHeader.provenanceLines(command: "filter", arguments: commandLineArguments)) }
        return header
    }

    private func checkIdentifier(_ label: String) throws {
        guard label != "PASS", !label.contains("-") else {
            throw UsageFailure(message: "the label '\(label)' cannot name a FILTER or INFO entry: use letters, digits, '_' and '.'\(label == "PASS" ? ", and not PASS" : "")")
        }
    }
}
