import Foundation

/// Diseases with their HPO phenotype annotations (`phenotype.hpoa`) and the genes
/// associated with them (`genes_to_phenotype.txt`).
public struct DiseaseAnnotations: Sendable {
    /// One disease.
    public struct Disease: Sendable {
        /// `OMIM:614959`, `ORPHA:…`, `DECIPHER:…`.
        public let id: String
        /// Name.
        public let name: String
        /// Phenotype terms with their frequency in patients (0…1).
        public let terms: [(term: Int32, frequency: Double)]
        /// Terms annotated with `NOT` (patients do not have them).
        public let excluded: [Int32]
        /// Terms annotated with a frequency of zero (`0/m`: looked for in a published cohort and
        /// absent from every patient; or 0%), sorted, once each.
        public let absentInCohort: [Int32]
        /// Modes of inheritance annotated for the disease (empty when none is given).
        public let inheritance: DiseaseInheritance
    }

    /// The diseases.
    public let diseases: [Disease]
    /// Gene symbol to the indexes of its diseases.
    public let diseasesByGene: [String: [Int32]]
    /// The annotation file's `#version` line.
    public let version: String
    /// Identifiers the annotations use that the ontology maps or lacks.
    public let unresolvedCount: Int

    /// Frequencies of the HPO frequency terms: midpoints of their ranges.
    static let frequencyTerms: [String: Double] = [
        "HP:0040280": 1.0, "HP:0040281": 0.895, "HP:0040282": 0.545, "HP:0040283": 0.17, "HP:0040284": 0.025, "HP:0040285": 0.0,
    ]

    /// Reads `phenotype.hpoa` and `genes_to_phenotype.txt` (plain or gzipped).
    public init(annotations: String, genes: String, ontology: PhenotypeOntology, defaultFrequency: Double = 1.0) throws(PhenotypeDataError) {
        var order: [String] = []
        var names: [String: String] = [:]
        var terms: [String: [Int32: Double]] = [:]
        var excluded: [String: [Int32]] = [:]
        var absent: [String: [Int32]] = [:]
        var inheritance: [String: DiseaseInheritance] = [:]
        var version = ""
        var unresolved = 0
        var header: [String]?
        var lineNumber = 0
        var problem: PhenotypeDataError?
        do {
            try TextLines.forEach(path: annotations) { line in
                lineNumber += 1
                guard problem == nil else { return }
                if line.hasPrefix("#") {
                    if line.hasPrefix("#version: ") { version = String(line.dropFirst(10)) }
                    return
                }
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
                if header == nil {
                    header = columns.map(String.init)
                    guard columns.first == "database_id", columns.count >= 11 else {
                        problem = PhenotypeDataError("\(annotations): line \(lineNumber): expected the phenotype.hpoa header (database_id, disease_name, qualifier, hpo_id, …)")
                        return
                    }
                    return
                }
                guard columns.count >= 11 else {
                    problem = PhenotypeDataError("\(annotations): line \(lineNumber): \(columns.count) columns, expected at least 11")
                    return
                }
                if columns[10] == "I" {
                    if let mode = DiseaseInheritance.termModes[String(columns[3])] {
                        inheritance[String(columns[0]), default: []].formUnion(mode)
                    }
                    return
                }
                guard columns[10] == "P" else { return }
                let disease = String(columns[0])
                let term: Int32
                switch ontology.resolve(String(columns[3])) {
                case .term(let index), .mapped(let index, _): term = index
                case .unknown: unresolved += 1; return
                }
                if names[disease] == nil { names[disease] = String(columns[1]); order.append(disease) }
                if columns[2] == "NOT" {
                    excluded[disease, default: []].append(term)
                    return
                }
                let stated = DiseaseAnnotations.frequency(String(columns[7]))
                if stated == 0 {
                    absent[disease, default: []].append(term)
                    return
                }
                let frequency = stated ?? defaultFrequency
                terms[disease, default: [:]][term] = max(terms[disease]?[term] ?? 0, frequency)
            }
        } catch {
            throw PhenotypeDataError("\(annotations): \(error)")
        }
        if let problem { throw problem }
        guard !order.isEmpty else { throw PhenotypeDataError("\(annotations): no phenotype annotations (aspect P)") }
        var diseases: [Disease] = []
        var indexes: [String: Int32] = [:]
        for id in order {
            indexes[id] = Int32(diseases.count)
            let sorted = (terms[id] ?? [:]).sorted { $0.key < $1.key }.map { (term: $0.key, frequency: $0.value) }
            diseases.append(Disease(id: id, name: names[id] ?? id, terms: sorted, excluded: excluded[id] ?? [],
                                    absentInCohort: Array(Set(absent[id] ?? [])).sorted(), inheritance: inheritance[id] ?? []))
        }
        var byGene: [String: Set<Int32>] = [:]
        var geneHeader = true
        lineNumber = 0
        do {
            try TextLines.forEach(path: genes) { line in
                lineNumber += 1
                if geneHeader {
                    geneHeader = false
                    if line.hasPrefix("ncbi_gene_id") { return }
                }
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard columns.count >= 6, let disease = indexes[String(columns[5])] else { return }
                byGene[String(columns[1]), default: []].insert(disease)
            }
        } catch {
            throw PhenotypeDataError("\(genes): \(error)")
        }
        guard !byGene.isEmpty else { throw PhenotypeDataError("\(genes): no gene–disease rows (expected genes_to_phenotype.txt)") }
        self.diseases = diseases
        self.diseasesByGene = byGene.mapValues { $0.sorted() }
        self.version = version
        self.unresolvedCount = unresolved
    }

    /// A frequency from `n/m`, `x%` or an HPO frequency term; nil when empty or unreadable.
    static func frequency(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        if let known = frequencyTerms[text] { return known }
        if text.hasSuffix("%"), let percent = Double(text.dropLast()) { return min(1, max(0, percent / 100)) }
        let parts = text.split(separator: "/")
        if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator > 0 {
            return min(1, max(0, numerator / denominator))
        }
        return nil
    }
}

/// The modes of inheritance HPO annotates a disease with (aspect `I` of `phenotype.hpoa`).
public struct DiseaseInheritance: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    /// Creates a set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Autosomal dominant (HP:0000006).
    public static let autosomalDominant = DiseaseInheritance(rawValue: 1)
    /// Autosomal recessive (HP:0000007).
    public static let autosomalRecessive = DiseaseInheritance(rawValue: 2)
    /// X-linked recessive (HP:0001419).
    public static let xLinkedRecessive = DiseaseInheritance(rawValue: 4)
    /// X-linked dominant (HP:0001423).
    public static let xLinkedDominant = DiseaseInheritance(rawValue: 8)
    /// Mitochondrial (HP:0001427).
    public static let mitochondrial = DiseaseInheritance(rawValue: 16)
    /// Somatic mosaicism, sporadic, digenic, Y-linked, non-Mendelian: any carrier state may fit.
    public static let other = DiseaseInheritance(rawValue: 32)

    /// HPO inheritance terms to modes; X-linked without a qualifier (HP:0001417) is both
    /// X-linked modes, semidominant (HP:0032113) both autosomal ones.
    static let termModes: [String: DiseaseInheritance] = [
        "HP:0000006": .autosomalDominant, "HP:0000007": .autosomalRecessive,
        "HP:0001419": .xLinkedRecessive, "HP:0001423": .xLinkedDominant, "HP:0001417": [.xLinkedRecessive, .xLinkedDominant],
        "HP:0001427": .mitochondrial, "HP:0032113": [.autosomalDominant, .autosomalRecessive],
        "HP:0025352": .autosomalDominant, "HP:0012275": .autosomalDominant, "HP:0012274": .autosomalDominant,
        "HP:0001442": .other, "HP:0003745": .other, "HP:0001466": .other, "HP:0001450": .other,
        "HP:0010982": .other, "HP:0010984": .other, "HP:0001426": .other,
    ]

    /// Short names, for reports: `AD`, `AR`, `XLR`, `XLD`, `MT`, `other`.
    public var names: [String] {
        var names: [String] = []
        if contains(.autosomalDominant) { names.append("AD") }
        if contains(.autosomalRecessive) { names.append("AR") }
        if contains(.xLinkedRecessive) { names.append("XLR") }
        if contains(.xLinkedDominant) { names.append("XLD") }
        if contains(.mitochondrial) { names.append("MT") }
        if contains(.other) { names.append("other") }
        return names
    }
}
