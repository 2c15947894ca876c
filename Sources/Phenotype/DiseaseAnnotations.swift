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
                let frequency = DiseaseAnnotations.frequency(String(columns[7])) ?? defaultFrequency
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
            diseases.append(Disease(id: id, name: names[id] ?? id, terms: sorted, excluded: excluded[id] ?? []))
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
