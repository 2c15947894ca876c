/// One case of a batch: the family's calls, its phenotype and what to answer.
public struct CaseSpecification: Sendable, Codable, Equatable {
    /// The case identifier: names the case's output folder and job.
    public var id: String
    /// The VCF/BCF of the case.
    public var vcf: String
    /// PED file of the family.
    public var ped: String?
    /// The proband's sample ID.
    public var proband: String?
    /// GA4GH Phenopacket v2 JSON with observed and excluded HPO terms.
    public var phenopacket: String?
    /// Observed HPO terms.
    public var observed: [String]
    /// Excluded HPO terms.
    public var excluded: [String]
    /// `rare-disease` or `hereditary-cancer`.
    public var mode: String
    /// Regions to analyse (`chr21:22000001-23000000,chr22`); nil for the whole file.
    public var regions: String?
    /// A config replacing the run's for this case (a batch mixing builds).
    public var config: String?
    /// The case's calls already annotated with the config (the gather of a scattered
    /// annotation): the annotate stage is skipped and these are prioritised.
    public var annotated: String?
    /// Where the case was declared (`batch.tsv line 3`), for messages.
    public var origin: String

    /// The analysis modes `criba prioritize` knows.
    public static let modes = ["rare-disease", "hereditary-cancer"]

    /// Creates a case.
    public init(id: String, vcf: String, ped: String? = nil, proband: String? = nil, phenopacket: String? = nil,
                observed: [String] = [], excluded: [String] = [], mode: String = "rare-disease", regions: String? = nil,
                config: String? = nil, origin: String) {
        self.id = id; self.vcf = vcf; self.ped = ped; self.proband = proband; self.phenopacket = phenopacket
        self.observed = observed; self.excluded = excluded; self.mode = mode; self.regions = regions
        self.config = config; self.origin = origin
    }

    /// The input files of the case, with their roles.
    public var inputFiles: [(role: String, path: String)] {
        var files: [(String, String)] = [("variants", vcf)]
        if let ped { files.append(("pedigree", ped)) }
        if let phenopacket { files.append(("phenopacket", phenopacket)) }
        if let annotated { files.append(("annotated variants", annotated)) }
        return files
    }
}
