import CHTSlib
import Foundation
import VariantModel

/// A VCF/BCF header: contigs, INFO/FORMAT/FILTER definitions and samples, as Swift
/// values. The htslib header behind it stays inside VariantIO.
///
/// ```swift
/// let reader = try VariantReader(path: "calls.vcf.gz")
/// reader.header.samples          // ["HG002", "HG003", "HG004"]
/// reader.header.contigs.first    // ContigDefinition(name: "1", length: 249250621)
/// ```
public struct VariantHeader: Sendable {
    let handle: HeaderHandle

    /// Contigs in header order.
    public let contigs: [ContigDefinition]
    /// Sample names in column order.
    public let samples: [String]
    /// `##INFO` definitions in header order.
    public let infoDefinitions: [FieldDefinition]
    /// `##FORMAT` definitions in header order.
    public let formatDefinitions: [FieldDefinition]
    /// `##FILTER` definitions in header order.
    public let filterDefinitions: [FilterDefinition]

    init(handle: HeaderHandle) {
        self.handle = handle
        let header = handle.pointer
        var contigs: [ContigDefinition] = []
        for rid in 0..<Int32(criba_hdr_ncontigs(header)) {
            let length = Int(criba_hdr_contig_length(header, rid))
            contigs.append(ContigDefinition(name: String(cString: criba_hdr_contig_name(header, rid)), length: length > 0 ? length : nil))
        }
        self.contigs = contigs
        self.samples = (0..<criba_hdr_nsamples(header)).map { String(cString: criba_hdr_sample_name(header, $0)) }
        var info: [FieldDefinition] = [], format: [FieldDefinition] = [], filters: [FilterDefinition] = []
        for index in 0..<Int(header.pointee.nhrec) {
            guard let record = header.pointee.hrec[index] else { continue }
            let lineType = record.pointee.type
            guard lineType == BCF_HL_INFO || lineType == BCF_HL_FMT || lineType == BCF_HL_FLT else { continue }
            var fields: [String: String] = [:]
            for key in 0..<Int(record.pointee.nkeys) {
                guard let name = record.pointee.keys[key], let value = record.pointee.vals[key] else { continue }
                fields[String(cString: name)] = String(cString: value)
            }
            guard let id = fields["ID"] else { continue }
            let description = fields["Description"].map(VariantHeader.unquote) ?? ""
            if lineType == BCF_HL_FLT {
                filters.append(FilterDefinition(id: id, description: description))
                continue
            }
            let tagID = bcf_hdr_id2int(header, BCF_DT_ID, id)
            guard tagID >= 0 else { continue }
            let definition = FieldDefinition(
                id: id,
                number: VariantHeader.number(header, lineType, tagID),
                type: VariantHeader.type(header, lineType, tagID),
                description: description)
            if lineType == BCF_HL_INFO { info.append(definition) } else { format.append(definition) }
        }
        self.infoDefinitions = info
        self.formatDefinitions = format
        self.filterDefinitions = filters
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        return String(text.dropFirst().dropLast())
    }

    private static func number(_ header: UnsafeMutablePointer<bcf_hdr_t>, _ lineType: Int32, _ id: Int32) -> FieldNumber {
        switch criba_hdr_id2length(header, lineType, id) {
        case BCF_VL_FIXED: return .fixed(Int(criba_hdr_id2number(header, lineType, id)))
        case BCF_VL_A: return .perAlternateAllele
        case BCF_VL_R: return .perAllele
        case BCF_VL_G: return .perGenotype
        default: return .variable
        }
    }

    private static func type(_ header: UnsafeMutablePointer<bcf_hdr_t>, _ lineType: Int32, _ id: Int32) -> FieldType {
        switch criba_hdr_id2type(header, lineType, id) {
        case BCF_HT_FLAG: return .flag
        case BCF_HT_INT: return .integer
        case BCF_HT_REAL: return .float
        default: return .string
        }
    }

    /// The header as VCF text, ending with the `#CHROM` line.
    public var text: String { handle.text() }

    /// The INFO definition for `tag`, if declared.
    public func info(_ tag: String) -> FieldDefinition? { infoDefinitions.first { $0.id == tag } }

    /// The FORMAT definition for `tag`, if declared.
    public func format(_ tag: String) -> FieldDefinition? { formatDefinitions.first { $0.id == tag } }

    /// A copy with extra `##` lines appended before `#CHROM` (`bcf_hdr_append`).
    ///
    /// ```swift
    /// let annotated = try header.adding(lines: ["##INFO=<ID=X,Number=1,Type=Integer,Description=\"x\">"])
    /// ```
    public func adding(lines: [String]) throws(VariantIOError) -> VariantHeader {
        let copy = try handle.duplicate()
        for line in lines { try copy.append(line: line) }
        return VariantHeader(handle: copy)
    }

    /// A copy in which the INFO definition of `tag` is replaced by `line` (or added).
    public func replacingInfo(_ tag: String, with line: String) throws(VariantIOError) -> VariantHeader {
        let copy = try handle.duplicate()
        bcf_hdr_remove(copy.pointer, BCF_HL_INFO, tag)
        try copy.append(line: line)
        return VariantHeader(handle: copy)
    }

    /// The two provenance lines Criba adds to every header it writes:
    /// `##criba_<command>Version=…` and `##criba_<command>Command=<arguments>; Date=<date>`.
    public static func provenanceLines(command: String, arguments: [String], date: Date = Date()) -> [String] {
        let quoted = arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        return [
            "##criba_\(command)Version=\(CribaVersion.current)+htslib-\(HTSLibrary.version)",
            "##criba_\(command)Command=\(quoted); Date=\(formatter.string(from: date))",
        ]
    }
}
