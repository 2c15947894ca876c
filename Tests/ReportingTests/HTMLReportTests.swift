import Foundation
import Prioritization
@testable import Reporting
import Testing

/// Report pieces: SVG escaping, HGVS display, class names, and a rendered minimal document.
@Suite struct HTMLReportTests {
    @Test func chartsEscapeLabelsAndStayBounded() {
        let svg = SVGChart.perContig([("<script>", 5), ("chr1", 10)])
        #expect(svg.contains("&lt;script&gt;") && !svg.contains("<script>"))
        let scores = SVGChart.scoreDistribution(scores: (0..<20_000).map { Double($0 % 97) / 10 }, marked: [("A&B", 9.6)])
        #expect(scores.contains("A&amp;B"))
        #expect(scores.count < 20_000, "40 bins, not one element per gene")
        #expect(SVGChart.scoreDistribution(scores: [], marked: []) == "")
    }

    @Test func displayHelpers() {
        #expect(HTMLReport.slug("Likely pathogenic") == "likely-pathogenic")
        #expect(HTMLReport.frequency(nil) == "absent" && HTMLReport.frequency(0.00012) == "1.20e-04" && HTMLReport.frequency(0.25) == "0.2500")
        #expect(HTMLReport.number(.nan) == "—")
    }

    @Test func minimalDocumentRenders() throws {
        let document = PrioritizationReport.Document(
            criba: .init(version: "0.1.0", command: "criba prioritize --vcf a&b.vcf", date: "2026-11-23T00:00:00Z", seconds: 1),
            sources: [["name": "variants", "path": "a&b.vcf", "md5": String(repeating: "0", count: 32), "sha256": String(repeating: "f", count: 64)]],
            case: .init(id: "CASE<1>", proband: "P1", members: ["P1 sex=2 affected=yes"], observed: [], excluded: [], termNotes: [:]),
            fields: [:], records: 0, candidates: 0, notes: ["no phenotype: ranked on genotypes alone"], genes: [])
        let html = try HTMLReport().render(document, reportCommand: "criba report x.json -o y.html")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("CASE&lt;1&gt;") && !html.contains("CASE<1>"))
        #expect(html.contains("No candidate to report."))
        #expect(html.contains("a&amp;b.vcf") && html.contains(String(repeating: "f", count: 64)))
        #expect(html.contains("P1 (female, affected)"))
    }
}
