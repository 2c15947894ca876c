import Annotation
import Foundation
import VariantIO
import XCTest

/// The human bcftools-csq fixtures (testdata/annotation/bcftools-csq): every record whose
/// VCF carries bcftools' expected consequence (INFO/EXP) must agree with Criba on the
/// consequence type and the amino-acid change, or be listed with its reason in
/// testdata/annotation/bcftools-csq-differences.tsv (and then really differ).
final class BcftoolsCsqFixtureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("testdata/annotation/bcftools-csq")

    struct Outcome { var agrees: Bool; var detail: String }

    func testFixturesAgreeOrCarryADocumentedReason() throws {
        let differences = try loadDifferences()
        var agreed = 0, documented = 0, failures: [String] = []
        var seenKeys = Set<String>()
        let directories = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasPrefix("ENST") }.sorted()
        XCTAssertGreaterThanOrEqual(directories.count, 55)
        for directory in directories {
            let folder = Self.fixtures.appendingPathComponent(directory)
            let gff = folder.appendingPathComponent("\(directory).gff").path
            let fasta = folder.appendingPathComponent("\(directory).fa").path
            let model = try GeneModel(path: gff)
            let reference = try ReferenceSequence(path: fasta)
            let annotator = VariantAnnotator(model: model, reference: reference, options: AnnotationOptions(referenceMismatch: .warn))
            let transcriptIDs = Set(model.transcripts.map(\.identifier))
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".vcf") }).sorted() {
                let reader = try VariantReader(path: folder.appendingPathComponent(file).path)
                let expectedTag = reader.header.tag("EXP")
                guard expectedTag.isDeclared else { continue }
                let record = VariantRecord()
                while try reader.read(into: record) {
                    guard let expected = record.string(expectedTag) else { continue }
                    let alleles = record.alleles
                    let key = "\(directory)/\(file):\(record.position):\(alleles.dropFirst().joined(separator: ","))"
                    seenKeys.insert(key)
                    let csq = try annotator.csq(contig: record.contig, position: record.position, alleles: alleles)
                    let outcome = Self.compare(expected: expected, csq: csq, transcripts: transcriptIDs)
                    if let reason = differences[key] {
                        documented += 1
                        if outcome.agrees { failures.append("\(key) is listed as a difference (\(reason)) but now agrees: remove it from the list") }
                    } else if outcome.agrees {
                        agreed += 1
                    } else {
                        failures.append("\(key): \(outcome.detail)")
                    }
                }
            }
        }
        for key in differences.keys where !seenKeys.contains(key) { failures.append("listed difference \(key) matches no fixture record") }
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
        XCTAssertGreaterThan(agreed, 100)
        print("bcftools csq fixtures: \(agreed) agree, \(documented) documented differences")
    }

    private func loadDifferences() throws -> [String: String] {
        let text = try String(contentsOf: Self.fixtures.deletingLastPathComponent().appendingPathComponent("bcftools-csq-differences.tsv"), encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", maxSplits: 2)
            guard columns.count >= 2 else { continue }
            result["\(columns[0])"] = String(columns[columns.count - 1])
        }
        return result
    }

    /// Criba terms seen through bcftools' vocabulary: bcftools has no donor-region, 5th-base
    /// or polypyrimidine terms (its splice_region covers intron bases 3–8), and it names
    /// intronic non-coding hits `non_coding`.
    static func bcftoolsTerm(_ term: ConsequenceTerm) -> String? {
        switch term {
        case .spliceDonorRegion, .spliceDonorFifthBase: return "splice_region"
        case .splicePolypyrimidineTract, .nmdTranscript, .upstreamGene, .downstreamGene, .codingTranscript: return nil
        case .nonCodingTranscript: return "non_coding"
        default: return ConsequenceCatalog.standard.bcftoolsName(of: term)
        }
    }

    /// `position:deleted>inserted` after dropping residues shared at both ends (`-` is empty).
    static func trimmedChange(position: Int, reference: String, alternate: String) -> String {
        var ref = Array(reference == "-" ? "" : reference), alt = Array(alternate == "-" ? "" : alternate)
        var position = position
        while let a = ref.first, let b = alt.first, a == b { ref.removeFirst(); alt.removeFirst(); position += 1 }
        while let a = ref.last, let b = alt.last, a == b { ref.removeLast(); alt.removeLast() }
        return "\(position):\(String(ref))>\(String(alt))"
    }

    /// bcftools' `508VA>508V` (or `473R` when synonymous) as `trimmedChange`.
    static func bcftoolsChange(_ text: String) -> String {
        let sides = text.split(separator: ">").map { side in (Int(side.prefix { $0.isNumber }) ?? 0, String(side.drop { $0.isNumber })) }
        guard let first = sides.first else { return text }
        return trimmedChange(position: first.0, reference: first.1, alternate: sides.count > 1 ? sides[1].1 : first.1)
    }

    static func compare(expected: String, csq: String?, transcripts: Set<String>) -> Outcome {
        let catalog = ConsequenceCatalog.standard
        let byName = Dictionary(ConsequenceTerm.allCases.compactMap { term in catalog.bcftoolsName(of: term).map { ($0, term) } }, uniquingKeysWith: { first, _ in first })
        // bcftools: csq|gene|transcript|biotype|strand|aa|dna; take the entries for the fixture's transcripts.
        let entries = expected == "." ? [] : expected.split(separator: ",").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count < 3 || $0[2].isEmpty || transcripts.contains($0[2]) }
        // Criba: CSQ entries (Allele|Consequence|…|Feature|…|Protein_position|Amino_acids|…).
        let ours = (csq ?? "").split(separator: ",").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count > 16 && transcripts.contains($0[6]) }
        func mostSevere(_ names: [String]) -> ConsequenceTerm? {
            names.compactMap { byName[$0] }.min { catalog.rank(of: $0) < catalog.rank(of: $1) }
        }
        let ourTerms = ours.flatMap { $0[1].split(separator: "&").compactMap { name in ConsequenceTerm.allCases.first { $0.name == name } } }
        let ourMapped = mostSevere(ourTerms.compactMap(bcftoolsTerm))
        let ourText = ours.map { "\($0[1]) \($0[14]) \($0[15])" }.joined(separator: "; ")
        guard !entries.isEmpty else {
            // bcftools reports nothing: Criba must not report an exonic or splice effect.
            let quiet = ourMapped == nil || ourMapped == .intron || ourMapped == .intergenic
            return Outcome(agrees: quiet, detail: "bcftools: no consequence; Criba: \(ourText)")
        }
        var agrees = true
        var detail = "bcftools: \(expected); Criba: \(ourText)"
        // bcftools may give one transcript several entries (a coding one and a splice one): merge them.
        var merged: [String: [String]] = [:]
        var order: [String] = []
        for entry in entries {
            let transcript = entry.count > 2 ? entry[2] : ""
            if var existing = merged[transcript] {
                existing[0] += "&" + entry[0]
                if existing.count < 6, entry.count >= 6 { existing = [existing[0]] + Array(entry.dropFirst()) }
                merged[transcript] = existing
            } else {
                merged[transcript] = entry
                order.append(transcript)
            }
        }
        for entry in order.compactMap({ merged[$0] }) {
            let expectedNames = entry[0].split(separator: "&").map { $0.hasPrefix("*") ? String($0.dropFirst()) : String($0) }
            if expectedNames.first?.hasPrefix("@") == true { continue }
            let expectedTerm = mostSevere(expectedNames)
            // The same transcript on Criba's side (bcftools leaves it empty for intron/non_coding).
            let mine = entry.count > 2 && !entry[2].isEmpty ? ours.filter { $0[6] == entry[2] } : ours
            let mineTerms = mine.flatMap { $0[1].split(separator: "&").compactMap { name in ConsequenceTerm.allCases.first { $0.name == name } } }
            let mineMapped = mostSevere(mineTerms.compactMap(bcftoolsTerm))
            guard expectedTerm == mineMapped else { agrees = false; continue }
            // Amino-acid change: bcftools `508VA>508V` or `473R` against Protein_position + Amino_acids,
            // both trimmed of shared residues.
            guard entry.count > 5, !entry[5].isEmpty, let first = mine.first, !first[14].isEmpty,
                  expectedTerm != .frameshift, expectedTerm != .stopLost else { continue }
            let start = Int(first[14].split(separator: "-").first ?? "") ?? 0
            let acids = first[15].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let ours = trimmedChange(position: start, reference: acids[0], alternate: acids.count == 2 ? acids[1] : acids[0])
            let theirs = bcftoolsChange(entry[5])
            if ours != theirs {
                agrees = false
                detail += " (amino acids: bcftools \(theirs), Criba \(ours))"
            }
        }
        return Outcome(agrees: agrees, detail: detail)
    }
}
