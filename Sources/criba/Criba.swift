import ArgumentParser
import VariantIO
import VariantModel

/// The `criba` command: genome variant analysis from VCF/BCF to a diagnostic answer.
@main
struct Criba: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criba",
        abstract: "Genome variant analysis: read, annotate, filter and prioritise VCF/BCF.",
        discussion: """
        Input is VCF, bgzipped VCF or BCF (detected from the content), from a file or '-'.
        Errors are reported as one line naming the file and the place; the exit code is 1
        for bad input and 64 for a bad command line.
        """,
        version: "\(CribaVersion.current) (htslib \(HTSLibrary.version))",
        subcommands: [ViewCommand.self, StatsCommand.self, AnnotateCommand.self, FilterCommand.self, DatabaseCommand.self, PhenotypeCommand.self, PrioritizeCommand.self, ReportCommand.self, RunCommand.self, JobsCommand.self, RerankCommand.self, ConcatCommand.self, RegressionCommand.self, NormCommand.self]
    )
}
