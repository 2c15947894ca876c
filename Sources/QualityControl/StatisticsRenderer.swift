import Foundation

/// Renders `VariantStatistics` as text (bcftools-style sections) or JSON.
public enum StatisticsRenderer {
    /// Tab-separated sections `SN`, `TSTV` and `PSC`, each preceded by a `#` line naming its columns.
    public static func text(_ statistics: VariantStatistics, file: String, commandLine: String) -> String {
        var lines: [String] = []
        lines.append("# criba stats \(commandLine)")
        lines.append("# file: \(file)")
        lines.append("# SN, summary numbers")
        lines.append("# SN\tkey\tvalue")
        let summary = statistics.summary
        lines.append("SN\tnumber of samples:\t\(statistics.samples.count)")
        lines.append("SN\tnumber of records:\t\(summary.records)")
        lines.append("SN\tnumber of no-ALTs:\t\(summary.noAlternates)")
        lines.append("SN\tnumber of SNPs:\t\(summary.snvs)")
        lines.append("SN\tnumber of MNPs:\t\(summary.mnps)")
        lines.append("SN\tnumber of indels:\t\(summary.indels)")
        lines.append("SN\tnumber of others:\t\(summary.others)")
        lines.append("SN\tnumber of multiallelic sites:\t\(summary.multiallelicSites)")
        lines.append("SN\tnumber of multiallelic SNP sites:\t\(summary.multiallelicSNVSites)")
        let tstv = statistics.transitionsTransversions
        lines.append("# TSTV, transitions/transversions")
        lines.append("# TSTV\tts\ttv\tts/tv\tts (1st ALT)\ttv (1st ALT)\tts/tv (1st ALT)")
        lines.append("TSTV\t\(tstv.transitions)\t\(tstv.transversions)\t\(String(format: "%.2f", tstv.ratio))\t\(tstv.transitionsFirstAlternate)\t\(tstv.transversionsFirstAlternate)\t\(String(format: "%.2f", tstv.ratioFirstAlternate))")
        if !statistics.samples.isEmpty {
            lines.append("# PSC, per-sample counts")
            lines.append("# PSC\tsample\tnRefHom\tnNonRefHom\tnHets\tnTransitions\tnTransversions\tnIndels\taverage depth\tnSingletons\tnHapRef\tnHapAlt\tnMissing")
            for sample in statistics.samples {
                lines.append("PSC\t\(sample.sample)\t\(sample.homozygousReference)\t\(sample.homozygousAlternate)\t\(sample.heterozygous)\t\(sample.transitions)\t\(sample.transversions)\t\(sample.indels)\t\(String(format: "%.1f", sample.averageDepth))\t\(sample.singletons)\t\(sample.haploidReference)\t\(sample.haploidAlternate)\t\(sample.missing)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The statistics as a JSON object with `file`, `criba`, `summary`,
    /// `transitionsTransversions` (with ratios) and `samples`.
    public static func json(_ statistics: VariantStatistics, file: String, commandLine: String, version: String) throws -> String {
        struct Document: Encodable {
            struct Ratios: Encodable {
                var transitions, transversions, transitionsFirstAlternate, transversionsFirstAlternate: Int
                var ratio, ratioFirstAlternate: Double
            }
            struct Sample: Encodable {
                var sample: String
                var homozygousReference, homozygousAlternate, heterozygous, transitions, transversions, indels: Int
                var averageDepth: Double
                var singletons, haploidReference, haploidAlternate, missing: Int
            }
            var criba: [String: String]
            var file: String
            var summary: VariantStatistics.Summary
            var transitionsTransversions: Ratios
            var samples: [Sample]
        }
        let tstv = statistics.transitionsTransversions
        let document = Document(
            criba: ["version": version, "command": commandLine],
            file: file,
            summary: statistics.summary,
            transitionsTransversions: .init(
                transitions: tstv.transitions, transversions: tstv.transversions,
                transitionsFirstAlternate: tstv.transitionsFirstAlternate,
                transversionsFirstAlternate: tstv.transversionsFirstAlternate,
                ratio: (tstv.ratio * 1000).rounded() / 1000, ratioFirstAlternate: (tstv.ratioFirstAlternate * 1000).rounded() / 1000),
            samples: statistics.samples.map {
                .init(sample: $0.sample, homozygousReference: $0.homozygousReference, homozygousAlternate: $0.homozygousAlternate,
                      heterozygous: $0.heterozygous, transitions: $0.transitions, transversions: $0.transversions, indels: $0.indels,
                      averageDepth: ($0.averageDepth * 10).rounded() / 10, singletons: $0.singletons,
                      haploidReference: $0.haploidReference, haploidAlternate: $0.haploidAlternate, missing: $0.missing)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
