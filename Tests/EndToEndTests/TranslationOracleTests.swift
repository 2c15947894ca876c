import Foundation
import XCTest

/// `criba annotate` on real GRCh37 sequence (testdata/annotation/chr20: 50 Ensembl 75 coding
/// transcripts of chromosome 20, 27 on the minus strand, each in its own window), judged by
/// translation: the test applies each VCF allele to the transcript's CDS, translates the
/// reference and the altered sequence itself (its own codon table, not Criba's), and checks
/// - every amino-acid change Criba writes (Protein_position + Amino_acids) for a missense,
///   synonymous, stop-gained or in-frame entry: applied to the reference protein, it must give
///   the translated altered protein, up to its first stop;
/// - every frameshift's `p.` name: the first changed residue, its replacement and the distance
///   to the new stop (`fsTer`), read from the altered transcript (CDS and 3′ UTR);
/// - every SNV's `c.` name (coding, UTR, intronic offsets), numbered from the exon layout.
/// Alleles not wholly inside one CDS piece, and insertions right after a piece's last base
/// (exon or intron there is a convention), are not judged.
final class TranslationOracleTests: XCTestCase {
    typealias Commands = CribaCommandTests
    static let folder = Commands.root.appendingPathComponent("testdata/annotation/chr20")

    /// One transcript in window coordinates (0-based, half-open).
    struct Transcript {
        let name: String, contig: String, forward: Bool
        let cdsStart: Int, cdsEnd: Int, exons: [(Int, Int)]
        /// CDS pieces in genomic order.
        var pieces: [(Int, Int)] { exons.compactMap { max($0.0, cdsStart) < min($0.1, cdsEnd) ? (max($0.0, cdsStart), min($0.1, cdsEnd)) : nil } }
        /// The HGVS `c.` position of genomic base `position` (0-based), from the exon layout
        /// alone: `c.N`, `c.-N`, `c.*N`, and `c.N+k` / `c.N-k` in introns (`+` when equidistant).
        func codingPosition(_ position: Int) -> String? {
            let ordered = forward ? exons : exons.reversed()
            /// cDNA index (0-based, transcript order) of an exonic base, or nil in an intron.
            func cdna(_ base: Int) -> Int? {
                var before = 0
                for exon in ordered {
                    if base >= exon.0 && base < exon.1 { return before + (forward ? base - exon.0 : exon.1 - 1 - base) }
                    before += exon.1 - exon.0
                }
                return nil
            }
            guard let cdsFirst = cdna(forward ? cdsStart : cdsEnd - 1), let cdsLast = cdna(forward ? cdsEnd - 1 : cdsStart) else { return nil }
            func name(_ index: Int) -> String {
                index < cdsFirst ? "-\(cdsFirst - index)" : index > cdsLast ? "*\(index - cdsLast)" : "\(index - cdsFirst + 1)"
            }
            if let index = cdna(position) { return name(index) }
            for number in 0..<(ordered.count - 1) {
                let (before, after) = (ordered[number], ordered[number + 1])
                // Distances from the last base of the 5′ exon and to the first base of the 3′ exon.
                let fromBefore = forward ? position - (before.1 - 1) : before.0 - position
                let toAfter = forward ? after.0 - position : position - (after.1 - 1)
                guard fromBefore > 0, toAfter > 0,
                      let last = cdna(forward ? before.1 - 1 : before.0), let first = cdna(forward ? after.0 : after.1 - 1) else { continue }
                return fromBefore <= toAfter ? "\(name(last))+\(fromBefore)" : "\(name(first))-\(toAfter)"
            }
            return nil
        }
        /// Exonic pieces after the CDS in transcript order (3′ UTR), in genomic order.
        var downstream: [(Int, Int)] {
            exons.compactMap { exon in
                forward ? (max(exon.0, cdsEnd) < exon.1 ? (max(exon.0, cdsEnd), exon.1) : nil)
                    : (exon.0 < min(exon.1, cdsStart) ? (exon.0, min(exon.1, cdsStart)) : nil)
            }
        }
    }

    /// Terms whose Protein_position + Amino_acids the test judges.
    static let proteinChangingTerms: Set = ["missense_variant", "synonymous_variant", "stop_gained", "inframe_insertion", "inframe_deletion", "protein_altering_variant"]
    static let codons: [String: Character] = {
        let bases = Array("TCAG"), acids = Array("FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG")
        var table: [String: Character] = [:]
        for (i, a) in bases.enumerated() { for (j, b) in bases.enumerated() { for (k, c) in bases.enumerated() { table[String([a, b, c])] = acids[16 * i + 4 * j + k] } } }
        return table
    }()
    static let threeLetter: [Character: String] = [
        "A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu", "G": "Gly", "H": "His", "I": "Ile",
        "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser", "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter",
    ]

    static func reverseComplement(_ bases: [Character]) -> [Character] {
        bases.reversed().map { ["A": "T", "C": "G", "G": "C", "T": "A"][$0] ?? "N" }
    }

    /// Translation up to and including the first stop.
    static func translate(_ bases: [Character]) -> [Character] {
        var protein: [Character] = []
        var index = 0
        while index + 3 <= bases.count {
            let acid = codons[String(bases[index..<index + 3])] ?? "X"
            protein.append(acid)
            if acid == "*" { break }
            index += 3
        }
        return protein
    }

    func testAminoAcidChangesAndFrameshiftNamesMatchTranslation() throws {
        // Windows, transcripts, records.
        let fasta = try Commands.run("gzip", ["-dc", Self.folder.appendingPathComponent("windows.fa.gz").path])
        XCTAssertEqual(fasta.status, 0, fasta.error)
        var sequences: [String: [Character]] = [:]
        var current = ""
        for line in fasta.text.split(separator: "\n") {
            if line.hasPrefix(">") { current = String(line.dropFirst().split(separator: " ")[0]); sequences[current] = [] } else { sequences[current]!.append(contentsOf: line.uppercased()) }
        }
        var transcripts: [String: Transcript] = [:]
        for line in try String(contentsOf: Self.folder.appendingPathComponent("genes.genePred"), encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let starts = f[8].split(separator: ",").compactMap { Int($0) }, ends = f[9].split(separator: ",").compactMap { Int($0) }
            transcripts[f[0]] = Transcript(name: f[0], contig: f[1], forward: f[2] == "+", cdsStart: Int(f[5])!, cdsEnd: Int(f[6])!,
                                           exons: Array(zip(starts, ends)))
        }
        XCTAssertEqual(transcripts.count, 50)
        let output = try Commands.temporaryDirectory() + "/annotated.vcf"
        let annotate = try Commands.run(Commands.criba, ["annotate", "--no-version", "-g", Self.folder.appendingPathComponent("genes.genePred").path,
                                                         "-f", Self.folder.appendingPathComponent("windows.fa.gz").path,
                                                         "-o", output, Self.folder.appendingPathComponent("calls.vcf").path])
        XCTAssertEqual(annotate.status, 0, annotate.error)

        var changesChecked = 0, frameshiftsChecked = 0, codingNamesChecked = 0, failures: [String] = []
        for line in try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let position = Int(columns[1])! - 1, reference = Array(columns[3]), alternate = Array(columns[4])
            guard let csq = columns[7].split(separator: ";").first(where: { $0.hasPrefix("CSQ=") }) else { continue }
            for entry in csq.dropFirst(4).split(separator: ",") {
                let fields = entry.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard fields.count > 15, let transcript = transcripts[fields[6]], let sequence = sequences[transcript.contig] else { continue }
                if reference.count == 1 && alternate.count == 1, let coding = transcript.codingPosition(position) {
                    let bases = transcript.forward ? [reference[0], alternate[0]] : Self.reverseComplement([alternate[0], reference[0]])
                    let expected = "\(transcript.name):c.\(coding)\(bases[0])>\(bases[1])"
                    codingNamesChecked += 1
                    if fields[10] != expected { failures.append("\(columns[0]):\(columns[1]) \(transcript.name): Criba \(fields[10]), layout \(expected)") }
                }
                // The altered CDS (and 3′ UTR), in transcript orientation.
                let pieces = transcript.pieces
                guard let piece = pieces.firstIndex(where: { $0.0 <= position && position + reference.count <= $0.1 }) else { continue }
                if alternate.count > reference.count && position + reference.count == pieces[piece].1 { continue }
                var plus: [Character] = [], offset = 0
                for (index, (start, end)) in pieces.enumerated() {
                    if index < piece { offset += end - start } else if index == piece { offset += position - start }
                    plus.append(contentsOf: sequence[start..<end])
                }
                var altered = Array(plus[..<offset]) + alternate + Array(plus[(offset + reference.count)...])
                var utr: [Character] = transcript.downstream.flatMap { Array(sequence[$0.0..<$0.1]) }
                if !transcript.forward {
                    plus = Self.reverseComplement(plus); altered = Self.reverseComplement(altered); utr = Self.reverseComplement(utr)
                }
                let referenceProtein = Self.translate(plus)
                let terms = Set(fields[1].split(separator: "&").map(String.init))
                let label = "\(columns[0]):\(columns[1]) \(columns[3])>\(columns[4]) \(transcript.name) \(fields[1])"
                if terms.contains("frameshift_variant") {
                    // p.(Arg175ProfsTer72): first changed residue, its replacement, the stop counted from it.
                    let protein = fields[11].split(separator: ":").last.map(String.init) ?? ""
                    guard let match = protein.wholeMatch(of: /p\.\(([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2})fsTer(\d+|\?)\)/) else { continue }
                    let translated = Self.translate(altered + utr)
                    guard let first = (0..<min(referenceProtein.count, translated.count)).first(where: { referenceProtein[$0] != translated[$0] }) else { continue }
                    let stop = translated[first...].firstIndex(of: "*").map { String($0 - first + 1) } ?? "?"
                    let expected = "\(Self.threeLetter[referenceProtein[first]] ?? "?")\(first + 1)\(Self.threeLetter[translated[first]] ?? "?")fsTer\(stop)"
                    frameshiftsChecked += 1
                    if "\(match.1)\(match.2)\(match.3)fsTer\(match.4)" != expected { failures.append("\(label): Criba \(protein), translation \(expected)") }
                    continue
                }
                guard !terms.isDisjoint(with: Self.proteinChangingTerms), terms.isDisjoint(with: ["stop_lost", "start_lost", "stop_retained_variant"]),
                      let start = Int(fields[14].split(separator: "-").first ?? ""), !fields[15].isEmpty else { continue }
                let acids = fields[15].split(separator: "/", omittingEmptySubsequences: false).map { Array($0.replacingOccurrences(of: "-", with: "")) }
                let old = acids[0], new = acids.count == 2 ? acids[1] : acids[0]
                var claimed: [Character] = []
                if start >= 1, start - 1 + old.count <= referenceProtein.count, Array(referenceProtein[(start - 1)..<(start - 1 + old.count)]) == old {
                    claimed = Array(referenceProtein[..<(start - 1)]) + new + Array(referenceProtein[(start - 1 + old.count)...])
                    if let stop = claimed.firstIndex(of: "*") { claimed = Array(claimed[...stop]) }
                }
                changesChecked += 1
                if claimed != Self.translate(altered) {
                    failures.append("\(label): Criba \(fields[14]) \(fields[15]) does not give the translated protein")
                }
            }
        }
        XCTAssertEqual(failures, [], "\(failures.count) entries disagree with translation")
        // The fixture's seeded records give 212 amino-acid changes and 126 frameshift names on
        // its 50 transcripts: the checks must not pass vacuously.
        XCTAssertGreaterThan(changesChecked, 180)
        XCTAssertGreaterThan(frameshiftsChecked, 100)
        XCTAssertGreaterThan(codingNamesChecked, 300)
        print("translation oracle: \(changesChecked) amino-acid changes, \(frameshiftsChecked) frameshift names, \(codingNamesChecked) SNV c. names checked")
    }
}
