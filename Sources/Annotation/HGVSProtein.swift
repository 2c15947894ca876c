/// HGVS protein names, predicted and therefore in parentheses: `(Arg123Trp)`,
/// `(Gln1756ProfsTer74)`, `(Lys23del)`, `(Lys23_Leu24insArg)`, `(Met1?)`, `(Ter110GlnextTer17)`.
enum HGVSProtein {
    private static let stop = UInt8(ascii: "*")

    private static func three(_ residues: some Sequence<UInt8>) -> String {
        residues.map(GeneticCode.threeLetter).joined()
    }

    /// Names an in-frame change from the peptides of the codons it touches. `tail`
    /// translates what follows the touched codons (for a lost stop).
    static func inFrame(layout: TranscriptLayout, firstCodon: Int, referencePeptide: [UInt8], alternatePeptide: [UInt8],
                        tail: () throws -> [UInt8]) rethrows -> String {
        let protein = layout.protein
        var prefix = 0
        while prefix < referencePeptide.count, prefix < alternatePeptide.count, referencePeptide[prefix] == alternatePeptide[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < referencePeptide.count - prefix, suffix < alternatePeptide.count - prefix,
              referencePeptide[referencePeptide.count - 1 - suffix] == alternatePeptide[alternatePeptide.count - 1 - suffix] { suffix += 1 }
        let deleted = Array(referencePeptide[prefix..<(referencePeptide.count - suffix)])
        var inserted = Array(alternatePeptide[prefix..<(alternatePeptide.count - suffix)])
        let position = firstCodon + prefix + 1
        if deleted.isEmpty && inserted.isEmpty {
            guard let residue = referencePeptide.first else { return "(=)" }
            return "(\(GeneticCode.threeLetter(residue))\(firstCodon + 1)=)"
        }
        if position == 1, deleted.first == UInt8(ascii: "M") { return "(Met1?)" }
        if let stopIndex = inserted.firstIndex(of: stop) { inserted = Array(inserted[...stopIndex]) }
        if let firstDeleted = deleted.first, firstDeleted == stop {
            // Stop lost: the protein runs on into the 3′ UTR.
            let extended = inserted + (try tail())
            let replacing = extended.first.map(GeneticCode.threeLetter) ?? "Xaa"
            if let newStop = extended.firstIndex(of: stop) { return "(Ter\(position)\(replacing)extTer\(newStop))" }
            return "(Ter\(position)\(replacing)extTer?)"
        }
        if inserted.first == stop, let firstDeleted = deleted.first {
            return "(\(GeneticCode.threeLetter(firstDeleted))\(position)Ter)"
        }
        if deleted.count == 1 && inserted.count == 1 {
            return "(\(GeneticCode.threeLetter(deleted[0]))\(position)\(GeneticCode.threeLetter(inserted[0])))"
        }
        if inserted.isEmpty {
            // Deletion: shift to the most C-terminal equivalent position.
            var start = position - 1
            let length = deleted.count
            while start + length < protein.count, protein[start + length] == protein[start], protein[start + length] != stop { start += 1 }
            guard start + length <= protein.count else { return "(\(three(deleted))\(position)del)" }
            let first = GeneticCode.threeLetter(protein[start])
            if length == 1 { return "(\(first)\(start + 1)del)" }
            return "(\(first)\(start + 1)_\(GeneticCode.threeLetter(protein[start + length - 1]))\(start + length)del)"
        }
        if deleted.isEmpty {
            // Insertion before 0-based residue `next`: shift C-terminal, then call duplications.
            var next = position - 1
            var residues = inserted
            while next < protein.count, protein[next] == residues[0], protein[next] != stop {
                residues.append(residues.removeFirst())
                next += 1
            }
            let length = residues.count
            if next - length >= 0, next <= protein.count, Array(protein[(next - length)..<next]) == residues {
                let first = GeneticCode.threeLetter(protein[next - length])
                if length == 1 { return "(\(first)\(next)dup)" }
                return "(\(first)\(next - length + 1)_\(GeneticCode.threeLetter(protein[next - 1]))\(next)dup)"
            }
            guard next >= 1, next < protein.count else { return "(\(three(residues))\(next)ins)" }
            return "(\(GeneticCode.threeLetter(protein[next - 1]))\(next)_\(GeneticCode.threeLetter(protein[next]))\(next + 1)ins\(three(residues)))"
        }
        let first = GeneticCode.threeLetter(deleted[0])
        if deleted.count == 1 { return "(\(first)\(position)delins\(three(inserted)))" }
        return "(\(first)\(position)_\(GeneticCode.threeLetter(deleted[deleted.count - 1]))\(position + deleted.count - 1)delins\(three(inserted)))"
    }

    /// Names a frameshift from the new protein translated from the first touched codon.
    static func frameshift(layout: TranscriptLayout, firstCodon: Int, alternateProtein: [UInt8]) -> String {
        let protein = layout.protein
        var offset = 0
        while offset < alternateProtein.count, firstCodon + offset < protein.count,
              alternateProtein[offset] == protein[firstCodon + offset], alternateProtein[offset] != stop { offset += 1 }
        let position = firstCodon + offset + 1
        guard firstCodon + offset < protein.count else { return "(=)" }
        let original = protein[firstCodon + offset]
        guard offset < alternateProtein.count else { return "(\(GeneticCode.threeLetter(original))\(position)fs)" }
        let replacing = alternateProtein[offset]
        if position == 1, original == UInt8(ascii: "M") { return "(Met1?)" }
        if replacing == stop { return "(\(GeneticCode.threeLetter(original))\(position)Ter)" }
        let newStop = alternateProtein[offset...].firstIndex(of: stop)
        if original == stop {
            return "(Ter\(position)\(GeneticCode.threeLetter(replacing))extTer\(newStop.map { String($0 - offset) } ?? "?"))"
        }
        return "(\(GeneticCode.threeLetter(original))\(position)\(GeneticCode.threeLetter(replacing))fsTer\(newStop.map { String($0 - offset + 1) } ?? "?"))"
    }
}
