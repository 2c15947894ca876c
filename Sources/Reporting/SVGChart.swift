import Foundation

/// Small inline SVG charts; every label is escaped here, since the template inserts the
/// SVG unescaped.
enum SVGChart {
    /// Text escaped for SVG/HTML.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A histogram of gene scores (40 bins) with the named candidates marked.
    static func scoreDistribution(scores: [Double], marked: [(String, Double)]) -> String {
        let finite = scores.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return "" }
        let width = 900.0, height = 220.0, left = 50.0, bottom = 30.0, top = 36.0
        let span = max(high - low, 1e-9)
        let binCount = 40
        var bins = [Int](repeating: 0, count: binCount)
        for score in finite { bins[min(binCount - 1, Int((score - low) / span * Double(binCount)))] += 1 }
        let peak = Double(bins.max() ?? 1)
        let plotWidth = width - left - 10, plotHeight = height - bottom - top
        func x(_ score: Double) -> Double { left + (score - low) / span * plotWidth }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"score distribution\">"
        let barWidth = plotWidth / Double(binCount)
        for (index, count) in bins.enumerated() where count > 0 {
            // Log scale: a genome has thousands of low-scoring genes and a handful of high ones.
            let barHeight = log10(Double(count) + 1) / log10(peak + 1) * plotHeight
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#9fb3c8\"><title>%d genes</title></rect>",
                          left + Double(index) * barWidth, top + plotHeight - barHeight, max(barWidth - 1, 1), barHeight, count)
        }
        svg += String(format: "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#5b6574\"/>", left, top + plotHeight, width - 10, top + plotHeight)
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%@</text>", left, height - 8, String(format: "%.1f", low))
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%@</text>", width - 10, height - 8, String(format: "%.1f", high))
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">gene score (genes per bin, log scale)</text>", left + plotWidth / 2, height - 8)
        for (index, (name, score)) in marked.enumerated() {
            let position = x(score)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#8b1a1a\" stroke-width=\"1.5\"/>", position, top - 4, position, top + plotHeight)
            svg += String(format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" fill=\"#8b1a1a\" text-anchor=\"end\">", position - 2, 12 + Double(index % 3) * 11)
                + escape(name) + "</text>"
        }
        return svg + "</svg>"
    }

    /// Bars of counts per contig.
    static func perContig(_ counts: [(String, Int)]) -> String {
        guard !counts.isEmpty, let peak = counts.map(\.1).max(), peak > 0 else { return "" }
        let shown = Array(counts.prefix(60))
        let width = 900.0, height = 200.0, left = 50.0, bottom = 36.0, top = 10.0
        let barWidth = (width - left - 10) / Double(shown.count)
        let plotHeight = height - bottom - top
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"variants per chromosome\">"
        for (index, (contig, count)) in shown.enumerated() {
            let barHeight = Double(count) / Double(peak) * plotHeight
            let x = left + Double(index) * barWidth
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4b6a8a\">", x, top + plotHeight - barHeight, max(barWidth - 2, 1), barHeight)
                + "<title>\(escape(contig)): \(count)</title></rect>"
            let label = contig.hasPrefix("chr") ? String(contig.dropFirst(3)) : contig
            svg += String(format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">", x + barWidth / 2, height - bottom + 14)
                + escape(String(label.prefix(6))) + "</text>"
        }
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%d</text>", 4.0, top + 10, peak)
        return svg + "</svg>"
    }
}
