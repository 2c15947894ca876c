/// Writes `INFO/CSQ` in the layout of Ensembl VEP's `--vcf` output, so that
/// `bcftools +split-vep` and other VEP readers work on Criba's output.
public enum CSQFormatter {
    /// The CSQ columns, in order.
    public static let fields = [
        "Allele", "Consequence", "IMPACT", "SYMBOL", "Gene", "Feature_type", "Feature", "BIOTYPE", "EXON", "INTRON",
        "HGVSc", "HGVSp", "cDNA_position", "CDS_position", "Protein_position", "Amino_acids", "Codons",
        "Existing_variation", "DISTANCE", "STRAND", "FLAGS", "PICK", "SYMBOL_SOURCE", "HGNC_ID", "CANONICAL",
        "MANE_SELECT", "MANE_PLUS_CLINICAL", "HGVS_OFFSET",
    ]

    /// The `##INFO=<ID=CSQ,…>` header line.
    public static var headerLine: String {
        "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Criba (Ensembl VEP layout). Format: \(fields.joined(separator: "|"))\">"
    }

    /// VEP's allele strings: when every allele of an indel record shares its first base, it is
    /// dropped, and an empty allele is written `-`.
    public static func displayAlleles(_ alleles: [String]) -> [String] {
        guard alleles.count > 1 else { return alleles }
        let lengths = Set(alleles.map(\.utf8.count))
        let first = alleles[0].first
        let shared = lengths.count > 1 && alleles.allSatisfy { $0.first == first || $0 == "*" }
        guard shared else { return alleles }
        return alleles.map { allele in
            allele == "*" ? "*" : (allele.count == 1 ? "-" : String(allele.dropFirst()))
        }
    }

    /// One CSQ entry for a transcript annotation.
    public static func entry(allele: String, annotation: TranscriptAnnotation, transcript: Transcript,
                             catalog: ConsequenceCatalog, picked: Bool) -> String {
        let ordered = catalog.ordered(annotation.terms)
        var values: [String] = []
        values.reserveCapacity(fields.count)
        let isRefSeq = transcript.identifier.hasPrefix("NM_") || transcript.identifier.hasPrefix("NR_")
            || transcript.identifier.hasPrefix("XM_") || transcript.identifier.hasPrefix("XR_")
        values.append(allele)
        values.append(ordered.map(\.name).joined(separator: "&"))
        values.append(catalog.impact(of: annotation.terms).rawValue)
        values.append(escaped(transcript.geneSymbol))
        values.append(escaped(transcript.geneIdentifier))
        values.append("Transcript")
        values.append(isRefSeq ? transcript.versionedIdentifier : transcript.identifier)
        values.append(escaped(transcript.biotype))
        values.append(annotation.exon ?? "")
        values.append(annotation.intron ?? "")
        values.append(annotation.hgvsc.map(escaped) ?? "")
        values.append(annotation.hgvsp.map { escaped($0).replacingOccurrences(of: "=", with: "%3D") } ?? "")
        values.append(annotation.cdnaPosition ?? "")
        values.append(annotation.cdsPosition ?? "")
        values.append(annotation.proteinPosition ?? "")
        values.append(annotation.aminoAcids ?? "")
        values.append(annotation.codons ?? "")
        values.append("")
        values.append(annotation.distance.map(String.init) ?? "")
        values.append(transcript.strand == .forward ? "1" : "-1")
        values.append("")
        values.append(picked ? "1" : "")
        values.append(transcript.hgncIdentifier != nil ? "HGNC" : "")
        values.append(transcript.hgncIdentifier ?? "")
        values.append(transcript.tags.contains(.canonical) ? "YES" : "")
        values.append(transcript.maneSelectName ?? (transcript.tags.contains(.maneSelect) ? transcript.versionedIdentifier : ""))
        values.append(transcript.tags.contains(.manePlusClinical) ? transcript.versionedIdentifier : "")
        values.append(annotation.hgvsOffset.map { String($0 * Int(transcript.strand.rawValue)) } ?? "")
        return values.joined(separator: "|")
    }

    /// The entry of an allele that touches no transcript.
    public static func intergenicEntry(allele: String, picked: Bool) -> String {
        allele + (picked ? intergenicPickedTail : intergenicTail)
    }

    /// Everything after the allele in an intergenic entry (built once: most of a genome is intergenic).
    private static let intergenicTail = intergenicTail(picked: false)
    private static let intergenicPickedTail = intergenicTail(picked: true)

    private static func intergenicTail(picked: Bool) -> String {
        var values = [String](repeating: "", count: fields.count)
        values[1] = ConsequenceTerm.intergenic.name
        values[2] = Impact.modifier.rawValue
        values[21] = picked ? "1" : ""
        return values.joined(separator: "|")
    }

    /// VEP's escaping of values: `,` and `|` become `&`, `;` becomes `%3B`, whitespace `_`.
    static func escaped(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "|" || $0 == ";" || $0 == " " || $0 == "\t" }) else { return value }
        var result = ""
        for character in value {
            switch character {
            case ",", "|": result.append("&")
            case ";": result.append("%3B")
            case " ", "\t": result.append("_")
            default: result.append(character)
            }
        }
        return result
    }
}
