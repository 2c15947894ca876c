@testable import Prioritization
import Testing
import VariantModel

@Suite struct InheritanceAnalyzerTests {
    /// A trio: son (affected), father and mother (unaffected); optionally a sister.
    static func family(_ extra: String = "", fatherListed: Bool = true) throws -> InheritanceAnalyzer {
        var text = "fam\tson\t\(fatherListed ? "dad" : "0")\tmum\t1\t2\n"
        if fatherListed { text += "fam\tdad\t0\t0\t1\t1\n" }
        text += "fam\tmum\t0\t0\t2\t1\n" + extra
        return InheritanceAnalyzer(pedigree: try Pedigree(text: text, proband: "son"))
    }

    static let confidentReference = SampleCall(alternateCopies: 0, depth: 35, genotypeQuality: 99, alternateFraction: 0)
    static func het(_ depth: Int = 30) -> SampleCall { SampleCall(alternateCopies: 1, depth: depth, genotypeQuality: 99, alternateFraction: 0.5) }
    static let homAlt = SampleCall(alternateCopies: 2, depth: 30, genotypeQuality: 99, alternateFraction: 1)

    @Test func deNovoNeedsConfidentParents() throws {
        let analyzer = try Self.family()
        let good = analyzer.modes(contig: "7", calls: ["son": Self.het(), "dad": Self.confidentReference, "mum": Self.confidentReference])
        #expect(good[.deNovo] == .compatible)
        #expect(good[.autosomalDominant] == .compatible)
        // Low parental depth: not a de novo call.
        let shallow = SampleCall(alternateCopies: 0, depth: 4, genotypeQuality: 12, alternateFraction: 0)
        let weak = analyzer.modes(contig: "7", calls: ["son": Self.het(), "dad": shallow, "mum": Self.confidentReference])
        #expect(weak[.deNovo] == .incompatible)
        // ALT reads in a parent called hom-ref: mosaic or miscall, not de novo.
        let leaky = SampleCall(alternateCopies: 0, depth: 40, genotypeQuality: 40, alternateFraction: 0.12)
        #expect(analyzer.modes(contig: "7", calls: ["son": Self.het(), "dad": leaky, "mum": Self.confidentReference])[.deNovo] == .incompatible)
        // A missing parent call is not evidence of absence.
        #expect(analyzer.modes(contig: "7", calls: ["son": Self.het(), "mum": Self.confidentReference])[.deNovo] == .incompatible)
    }

    @Test func recessiveAndDominant() throws {
        let analyzer = try Self.family()
        let recessive = analyzer.modes(contig: "chr2", calls: ["son": Self.homAlt, "dad": Self.het(), "mum": Self.het()])
        #expect(recessive[.autosomalRecessiveHomozygous] == .compatible)
        #expect(recessive[.autosomalDominant] == .incompatible)  // unaffected carriers
        let parentNotCarrier = analyzer.modes(contig: "2", calls: ["son": Self.homAlt, "dad": Self.confidentReference, "mum": Self.het()])
        #expect(parentNotCarrier[.autosomalRecessiveHomozygous] == .incompatible)
        let missingParent = analyzer.modes(contig: "2", calls: ["son": Self.homAlt, "mum": Self.het()])
        #expect(missingParent[.autosomalRecessiveHomozygous] == .possible)
    }

    @Test func xLinkedHemizygousSon() throws {
        let analyzer = try Self.family()
        let hemizygous = SampleCall(alternateCopies: 1, ploidy: 1, depth: 20, genotypeQuality: 60, alternateFraction: 1)
        let modes = analyzer.modes(contig: "X", calls: ["son": hemizygous, "dad": SampleCall(alternateCopies: 0, ploidy: 1), "mum": Self.het()])
        #expect(modes[.xLinkedRecessive] == .compatible)
        #expect(modes[.autosomalDominant] == nil)
        // A male called 1/1 on X by a diploid caller is hemizygous too.
        #expect(analyzer.modes(contig: "chrX", calls: ["son": Self.homAlt, "dad": Self.confidentReference, "mum": Self.het()])[.xLinkedRecessive] == .compatible)
        // An unaffected father carrying it contradicts X-linked recessive.
        #expect(analyzer.modes(contig: "X", calls: ["son": hemizygous, "dad": SampleCall(alternateCopies: 1, ploidy: 1), "mum": Self.het()])[.xLinkedRecessive] == .incompatible)
        // A heterozygous son is not hemizygous.
        #expect(analyzer.modes(contig: "X", calls: ["son": Self.het(), "dad": Self.confidentReference, "mum": Self.het()])[.xLinkedRecessive] == .incompatible)
    }

    @Test func compoundHeterozygous() throws {
        let analyzer = try Self.family()
        // One variant from each parent.
        let first = ["son": Self.het(), "dad": Self.het(), "mum": Self.confidentReference]
        let second = ["son": Self.het(), "dad": Self.confidentReference, "mum": Self.het()]
        #expect(analyzer.compoundHeterozygous(first, second) == .compatible)
        // Both from the father: in cis.
        let cis = ["son": Self.het(), "dad": Self.het(), "mum": Self.confidentReference]
        #expect(analyzer.compoundHeterozygous(first, cis) == .incompatible)
        // Phased calls on different haplotypes of one phase set settle it without parents.
        var a = Self.het(), b = Self.het()
        a.phase = (set: 100, haplotype: 0); b.phase = (set: 100, haplotype: 1)
        #expect(analyzer.compoundHeterozygous(["son": a], ["son": b]) == .compatible)
        b.phase = (set: 100, haplotype: 0)
        #expect(analyzer.compoundHeterozygous(["son": a], ["son": b]) == .incompatible)
    }

    @Test func compoundHeterozygousWithOneParentMissingIsPossible() throws {
        let analyzer = try Self.family(fatherListed: false)
        let first = ["son": Self.het(), "mum": Self.het()]
        let second = ["son": Self.het(), "mum": Self.confidentReference]
        #expect(analyzer.compoundHeterozygous(first, second) == .possible)
        // An unaffected full sibling with both variants contradicts it.
        let withSister = try Self.family("fam\tsis\tdad\tmum\t2\t1\n")
        let sisterFirst = ["son": Self.het(), "dad": Self.het(), "mum": Self.confidentReference, "sis": Self.het()]
        let sisterSecond = ["son": Self.het(), "dad": Self.confidentReference, "mum": Self.het(), "sis": Self.het()]
        #expect(withSister.compoundHeterozygous(sisterFirst, sisterSecond) == .incompatible)
    }

    @Test func mitochondrialAndThresholdTable() throws {
        let analyzer = try Self.family()
        let heteroplasmic = SampleCall(alternateCopies: 1, ploidy: 1, depth: 2000, alternateFraction: 0.3)
        #expect(analyzer.modes(contig: "chrM", calls: ["son": heteroplasmic, "mum": heteroplasmic])[.mitochondrial] == .compatible)
        #expect(analyzer.modes(contig: "MT", calls: ["son": SampleCall(alternateCopies: 0, ploidy: 1)])[.mitochondrial] == .incompatible)
        #expect(InheritanceThresholds.bundled.parentMinimumDepth == 10)
        #expect(InheritanceThresholds.bundled.parentMaximumAlternateFraction == 0.05)
    }
}
