import Foundation

/// A human genome build told apart by its primary-assembly contig lengths (bundled table
/// `genome_builds.tsv`), so a GRCh37 VCF given GRCh38 resources is caught before a run.
public struct GenomeBuild: Sendable {
    /// Build names in table order (`GRCh37`, `GRCh38`).
    public let names: [String]
    /// Contig (without `chr`) → length per build, in `names` order.
    public let lengths: [String: [Int]]
    /// The table's version line, for provenance.
    public let version: String

    /// The bundled table.
    public static let bundled: GenomeBuild = {
        guard let url = Bundle.module.url(forResource: "genome_builds", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let table = try? GenomeBuild(text: text) else {
            fatalError("the bundled genome_builds.tsv is missing or malformed: the Criba installation is broken")
        }
        return table
    }()

    /// Parses a table: `#contig<TAB>BUILD…` header, one contig per line.
    public init(text: String) throws(WorkflowError) {
        var names: [String] = []
        var lengths: [String: [Int]] = [:]
        var version = ""
        for (offset, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("##") {
                if let range = line.range(of: "version=") { version = String(line[range.upperBound...]) }
                continue
            }
            let cells = line.split(separator: "\t").map(String.init)
            if line.hasPrefix("#") {
                names = Array(cells.dropFirst())
                continue
            }
            let values = cells.dropFirst().compactMap { Int($0) }
            guard values.count == names.count, !names.isEmpty else {
                throw WorkflowError("genome_builds.tsv line \(offset + 1): expected \(names.count) lengths")
            }
            lengths[cells[0]] = values
        }
        self.names = names
        self.lengths = lengths
        self.version = version
    }

    /// The contig name without a `chr` prefix (`chrM` → `MT`).
    public static func bareName(_ contig: String) -> String {
        let bare = contig.hasPrefix("chr") ? String(contig.dropFirst(3)) : contig
        return bare == "M" ? "MT" : bare
    }

    /// What a set of contig lengths says about the build.
    public struct Evidence: Sendable, Equatable {
        /// The build every full-length contig agrees on, if any contig has a known length.
        public var build: String?
        /// A contig and its length supporting `build` (for messages).
        public var example: String?
        /// Contigs whose lengths match different builds (a mixed header).
        public var conflicting: Bool
    }

    /// Detects the build from `(name, length)` pairs; contigs of unknown names or lengths
    /// (windows, decoys, patches) say nothing.
    public func detect(_ contigs: [(name: String, length: Int?)]) -> Evidence {
        var votes: [String: String] = [:]
        for (name, length) in contigs {
            guard let length, let known = lengths[Self.bareName(name)], let index = known.firstIndex(of: length) else { continue }
            if votes[names[index]] == nil { votes[names[index]] = "\(name) is \(length) bp" }
        }
        if votes.count == 1, let (build, example) = votes.first { return Evidence(build: build, example: example, conflicting: false) }
        return Evidence(build: nil, example: votes.values.sorted().first, conflicting: votes.count > 1)
    }

    /// Whether `name` is one of the builds in the table.
    public func knows(_ name: String) -> Bool { names.contains(name) }
}

/// How a file names its chromosomes.
public enum ContigNaming: String, Sendable {
    /// `chr1`, `chrX`.
    case prefixed = "chr1"
    /// `1`, `X`.
    case bare = "1"

    /// The naming of a list of contigs (nil when none looks like a chromosome).
    public static func of(_ contigs: [String]) -> ContigNaming? {
        for contig in contigs {
            let bare = GenomeBuild.bareName(contig)
            guard GenomeBuild.bundled.lengths[bare] != nil || bare == "MT" else { continue }
            return contig.hasPrefix("chr") ? .prefixed : .bare
        }
        return nil
    }
}
