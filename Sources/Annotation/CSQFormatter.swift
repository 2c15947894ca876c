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

    /// The `##INFO=<ID=NO_REFERENCE,…>` header line of `--missing-reference-contig structure-only`.
    public static let noReferenceHeaderLine =
        "##INFO=<ID=NO_REFERENCE,Number=0,Type=Flag,Description=\"Annotated from the gene model alone: the reference has no sequence here, REF was not checked, and coding changes are named from position and length only (no codons, amino acids or protein change)\">"

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
