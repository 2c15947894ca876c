@testable import AnnotationSources
import Testing

@Suite struct SourceConfigurationTests {
    @Test func readsSourceAndVcfannoTables() throws {
        let text = """
        [[source]]
        file = "gnomad.vcf.gz"
        fields = ["AF", "nhomalt"]
        names = ["gnomad_AF", "gnomad_nhomalt"]
        ops = ["self", "max"]

        [[annotation]]
        file = "/data/cpg.bed.gz"
        columns = [4]
        ops = ["flag"]
        """
        let sources = try SourceConfiguration.parse(text, path: "c.toml", baseDirectory: "/configs")
        #expect(sources.count == 2)
        #expect(sources[0].file == "/configs/gnomad.vcf.gz")
        #expect(sources[0].operations == [.first, .max])
        #expect(sources[1].file == "/data/cpg.bed.gz")
        #expect(sources[1].columns == [4])
        #expect(sources[1].operations == [.flag])
    }

    @Test func rejectsMistakesWithTheirPlace() {
        #expect(throws: SourceError.self) { try SourceConfiguration.parse("[[source]]\nfields = [\"AF\"]\n", path: "c.toml", baseDirectory: ".") }
        do {
            _ = try SourceConfiguration.parse("[[source]]\nfile = \"a.vcf.gz\"\nops = [\"median\"]\n", path: "c.toml", baseDirectory: ".")
            Issue.record("an unknown op must fail")
        } catch {
            #expect(error.message.contains("c.toml: source 1 (a.vcf.gz): unknown op 'median'"))
        }
        do {
            _ = try SourceConfiguration.parse("[[source]]\nfile = \"a.vcf.gz\"\n[[postannotation]]\nop = \"max\"\n", path: "c.toml", baseDirectory: ".")
            Issue.record("postannotation must fail")
        } catch {
            #expect(error.message.contains("[[postannotation]]"))
        }
    }

    @Test func commandLineSources() throws {
        let vcf = try SourceConfiguration.commandLine("gnomad.vcf.gz:AF=gnomad_AF,nhomalt")
        #expect(vcf.fields == ["AF", "nhomalt"])
        #expect(vcf.names == ["gnomad_AF", "nhomalt"])
        let bed = try SourceConfiguration.commandLine("lcr.bed.gz:4=lcr")
        #expect(bed.columns == [4])
        #expect(bed.names == ["lcr"])
        #expect(throws: SourceError.self) { try SourceConfiguration.commandLine("gnomad.vcf.gz") }
    }

    @Test func minimalRepresentation() {
        func key(_ position: Int, _ reference: String, _ alternate: String) -> (Int, String, String) {
            let r = Array(reference.utf8), a = Array(alternate.utf8)
            return r.withUnsafeBufferPointer { rb in
                a.withUnsafeBufferPointer { ab in
                    let allele = MinimalAllele(position: position, reference: rb, alternate: ab)
                    return (allele.position, String(decoding: allele.reference, as: UTF8.self), String(decoding: allele.alternate, as: UTF8.self))
                }
            }
        }
        #expect(key(100, "TATATA", "AATATA") == (100, "T", "A"))
        #expect(key(100, "CTGT", "CT") == (100, "CTG", "C"))
        #expect(key(100, "A", "AT") == (100, "A", "AT"))
        #expect(key(100, "GCA", "GTA") == (101, "C", "T"))
        #expect(key(100, "ACGT", "ACGA") == (103, "T", "A"))
    }

    @Test func reviewStarsTable() {
        let table = ReviewStars.bundled
        #expect(table.stars["practice_guideline"] == 4)
        #expect(table.stars["reviewed_by_expert_panel"] == 3)
        #expect(table.stars["criteria_provided,_multiple_submitters,_no_conflicts"] == 2)
        #expect(table.stars["criteria_provided,_single_submitter"] == 1)
        #expect(table.stars["no_assertion_criteria_provided"] == 0)
        #expect(table.version.contains("version 1"))
    }

    @Test func infoValueLookup() {
        let info = Array("AC=3;AF=0.1,0.2;DB;AFR_AF=0.5".utf8)
        info.withUnsafeBufferPointer { buffer in
            #expect(SourceAnnotator.infoValue(buffer, Array("AF".utf8)).map { String(decoding: $0, as: UTF8.self) } == "0.1,0.2")
            #expect(SourceAnnotator.infoValue(buffer, Array("DB".utf8))?.count == 0)
            #expect(SourceAnnotator.infoValue(buffer, Array("A".utf8)) == nil)
            let value = SourceAnnotator.infoValue(buffer, Array("AF".utf8))!
            #expect(SourceAnnotator.item(value, 1).map { String(decoding: $0, as: UTF8.self) } == "0.2")
        }
    }
}
