/// Which INFO fields (or CSQ columns) hold the values prioritisation reads. Each list is
/// tried in order; for frequencies the largest value present counts. The defaults match
/// the names `criba annotate` sources and Ensembl VEP write.
public struct EvidenceFields: Sendable {
    /// Population allele frequencies (grpmax/popmax first).
    public var frequency = ["gnomad_grpmax_AF", "gnomad_AF_grpmax", "gnomad_popmax_AF", "gnomad_AF", "gnomAD_AF", "AF_grpmax",
                            "AF_popmax", "MAX_AF", "gnomADe_AF", "gnomADg_AF", "gnomad_exomes_AF", "gnomad_genomes_AF", "exac_AF", "ExAC_AF"]
    /// Filtering allele frequencies (FAF95, grpmax first): ClinGen VCEP thresholds are
    /// stated on them; when none is present the allele frequency is used.
    public var filteringFrequency = ["gnomad_faf95_grpmax", "gnomad_fafmax_faf95_max", "faf95_grpmax", "fafmax_faf95_max",
                                     "gnomad_faf95_popmax", "faf95_popmax", "gnomAD_FAF95"]
    /// Homozygote counts.
    public var homozygotes = ["gnomad_nhomalt", "nhomalt", "gnomAD_nhomalt"]
    /// ClinVar significance.
    public var clinvarSignificance = ["CLNSIG", "clinvar_CLNSIG", "clinvar_sig", "ClinVar_CLNSIG", "CLIN_SIG"]
    /// ClinVar review stars (from `stars =` in a source config).
    public var clinvarStars = ["clinvar_stars", "CLNSTARS", "clinvar_review_stars"]
    /// ClinVar review status text (`CLNREVSTAT`), turned into stars when no star field is present.
    public var clinvarReviewStatus = ["CLNREVSTAT", "clinvar_CLNREVSTAT", "clinvar_revstat"]
    /// REVEL.
    public var revel = ["REVEL", "REVEL_score", "revel", "dbNSFP_REVEL_score"]
    /// SpliceAI maximum delta score (a number; SpliceAI's raw `SpliceAI=` string is parsed too).
    public var spliceAI = ["SpliceAI_max", "spliceai_max", "SpliceAI_pred_DS_max", "SpliceAI"]
    /// Gene constraint columns (gene tables write them into CSQ).
    public var loeuf = ["LOEUF", "lof.oe_ci.upper", "oe_lof_upper"]
    /// pLI.
    public var pLI = ["pLI", "lof.pLI"]

    /// The defaults.
    public init() {}

    /// Every CSQ column name worth reading.
    var csqColumns: [String] { frequency + filteringFrequency + homozygotes + revel + spliceAI + loeuf + pLI }
}
