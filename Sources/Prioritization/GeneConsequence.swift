import Annotation

/// The most severe consequence of one ALT allele on one gene, read from the record's
/// consequence annotation (Criba or VEP `CSQ`, SnpEff `ANN`, bcftools `BCSQ`).
public struct GeneConsequence: Sendable, Equatable {
    /// Gene symbol (or gene ID when the annotation has no symbol).
    public var gene: String
    /// Transcript of the chosen entry.
    public var transcript: String
    /// SO terms of the chosen entry, most severe first.
    public var terms: [ConsequenceTerm]
    /// HGVS c. (or bcftools' DNA change) and p. (or amino-acid change); empty when absent.
    public var hgvsCoding: String, hgvsProtein: String
    /// Exon number and count (`EXON 5/12`), when given.
    public var exon: Int?, exonCount: Int?
    /// Values of the configured extra columns (REVEL, SpliceAI, LOEUF, …), by name.
    public var extras: [String: Double]

    /// The most severe term.
    public var mostSevere: ConsequenceTerm? { terms.first }

    /// Creates a consequence.
    public init(gene: String, transcript: String = "", terms: [ConsequenceTerm], hgvsCoding: String = "", hgvsProtein: String = "",
                exon: Int? = nil, exonCount: Int? = nil, extras: [String: Double] = [:]) {
        self.gene = gene
        self.transcript = transcript
        self.terms = terms
        self.hgvsCoding = hgvsCoding
        self.hgvsProtein = hgvsProtein
        self.exon = exon
        self.exonCount = exonCount
        self.extras = extras
    }

    /// True when the variant sits in the last exon (so a premature stop escapes NMD).
    public var isInLastExon: Bool {
        guard let exon, let exonCount else { return false }
        return exon == exonCount
    }
}
