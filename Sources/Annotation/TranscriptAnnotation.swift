/// The effect of one allele on one transcript: consequence terms plus the positions,
/// amino acids, codons and HGVS names that VEP reports.
public struct TranscriptAnnotation: Sendable {
    /// Index of the transcript in `GeneModel.transcripts`.
    public var transcriptIndex: Int
    /// The consequence terms.
    public var terms = ConsequenceSet()
    /// 1-based exon number(s) touched, with the exon count (`"3/12"`, `"3-4/12"`).
    public var exon: String?
    /// 1-based intron number(s) touched, with the intron count.
    public var intron: String?
    /// HGVS coding/non-coding name (`ENST…:c.123G>A`).
    public var hgvsc: String?
    /// HGVS protein name (`ENSP…:p.(Arg41Trp)`).
    public var hgvsp: String?
    /// cDNA position(s).
    public var cdnaPosition: String?
    /// CDS position(s).
    public var cdsPosition: String?
    /// Protein position(s).
    public var proteinPosition: String?
    /// Reference/alternate amino acids (`R/W`, or `L` when synonymous).
    public var aminoAcids: String?
    /// Reference/alternate codons, changed bases in upper case (`cGg/cAg`).
    public var codons: String?
    /// Distance to the transcript for upstream/downstream variants.
    public var distance: Int?
    /// Bases the allele was shifted 3′ for HGVS.
    public var hgvsOffset: Int?

    /// Creates an empty annotation for a transcript.
    public init(transcriptIndex: Int) { self.transcriptIndex = transcriptIndex }
}
