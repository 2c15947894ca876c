/// The effect of one allele on one transcript: consequence terms plus the positions,
/// amino acids, codons and HGVS names that VEP reports.
///
/// The text columns are spans of the predictor's text buffer (`ConsequencePredictor.text`),
/// written as bytes while the allele is annotated: no `String` is built per record. They are
/// valid until the predictor annotates the next allele.
public struct TranscriptAnnotation: Sendable {
    /// Index of the transcript in `GeneModel.transcripts`.
    public var transcriptIndex: Int
    /// The consequence terms.
    public var terms = ConsequenceSet()
    /// 1-based exon number(s) touched, with the exon count (`"3/12"`, `"3-4/12"`).
    public var exon: TextSpan?
    /// 1-based intron number(s) touched, with the intron count.
    public var intron: TextSpan?
    /// HGVS coding/non-coding name (`ENST…:c.123G>A`).
    public var hgvsc: TextSpan?
    /// HGVS protein name (`ENSP…:p.(Arg41Trp)`).
    public var hgvsp: TextSpan?
    /// cDNA position(s).
    public var cdnaPosition: TextSpan?
    /// CDS position(s).
    public var cdsPosition: TextSpan?
    /// Protein position(s).
    public var proteinPosition: TextSpan?
    /// Reference/alternate amino acids (`R/W`, or `L` when synonymous).
    public var aminoAcids: TextSpan?
    /// Reference/alternate codons, changed bases in upper case (`cGg/cAg`).
    public var codons: TextSpan?
    /// Distance to the transcript for upstream/downstream variants.
    public var distance: Int?
    /// Bases the allele was shifted 3′ for HGVS.
    public var hgvsOffset: Int?

    /// Creates an empty annotation for a transcript.
    public init(transcriptIndex: Int) { self.transcriptIndex = transcriptIndex }
}
