import CHTSlib
import VariantModel

/// One VCF/BCF record, reused from read to read (the reader fills a record the
/// caller owns, so the hot loop allocates nothing). Positions are 1-based.
///
/// Accessors that return `String` or `Array` allocate and are meant for display and
/// tests; the hot-path accessors (`position`, `variantType`, `genotypeCalls(into:)`,
/// `integers(_:into:)`) do not.
///
/// ```swift
/// let record = VariantRecord()
/// while try reader.read(into: record) {
///     print(record.contig, record.position, record.alleles)
/// }
/// ```
public final class VariantRecord: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<bcf1_t>
    /// The header this record was decoded with (needed for tag and contig names).
    var header: HeaderHandle?

    /// Creates an empty record (`bcf_init`).
    public init() {
        HTSLibrary.configure()
        guard let pointer = bcf_init() else { fatalError("out of memory allocating a VCF record") }
        self.pointer = pointer
    }

    deinit { bcf_destroy(pointer) }

    // MARK: Fixed columns

    /// The index of the contig in the header's contig list.
    public var contigIndex: Int { Int(pointer.pointee.rid) }

    /// The contig name (allocates).
    public var contig: String {
        guard let header else { return String(pointer.pointee.rid) }
        return String(cString: criba_hdr_contig_name(header.pointer, pointer.pointee.rid))
    }

    /// POS, 1-based.
    public var position: Int { Int(pointer.pointee.pos) + 1 }

    /// The number of reference bases the record spans (`rlen`, honouring INFO/END).
    public var referenceLength: Int { Int(pointer.pointee.rlen) }

    /// The last reference position the record covers, 1-based inclusive.
    public var end: Int { Int(pointer.pointee.pos + pointer.pointee.rlen) }

    /// The number of alleles including REF.
    public var alleleCount: Int { Int(criba_rec_nallele(pointer)) }

    /// REF followed by the ALT alleles (allocates).
    public var alleles: [String] {
        bcf_unpack(pointer, BCF_UN_STR)
        return (0..<Int32(alleleCount)).map { String(cString: criba_rec_allele(pointer, $0)) }
    }

    /// The IDs of the ID column (empty for `.`; allocates).
    public var identifiers: [String] {
        bcf_unpack(pointer, BCF_UN_STR)
        guard let id = pointer.pointee.d.id else { return [] }
        let text = String(cString: id)
        return text == "." ? [] : text.split(separator: ";").map(String.init)
    }

    /// QUAL, or nil when missing.
    public var quality: Float? {
        let value = pointer.pointee.qual
        return bcf_float_is_missing(value) != 0 ? nil : value
    }

    /// The FILTER names (`["PASS"]`, `["LowQual"]`; empty for `.`; allocates).
    public var filters: [String] {
        bcf_unpack(pointer, BCF_UN_FLT)
        guard let header else { return [] }
        let count = Int(pointer.pointee.d.n_flt)
        return (0..<count).map { String(cString: criba_hdr_id_key(header.pointer, pointer.pointee.d.flt[$0])) }
    }

    /// True when FILTER is `PASS` (or `.`).
    public var passesFilters: Bool {
        bcf_unpack(pointer, BCF_UN_FLT)
        let count = Int(pointer.pointee.d.n_flt)
        if count == 0 { return true }
        guard let header else { return false }
        return count == 1 && strcmp(criba_hdr_id_key(header.pointer, pointer.pointee.d.flt[0]), "PASS") == 0
    }

    // MARK: Variant classification (htslib's rules, so counts agree with bcftools)

    /// The union of the ALT alleles' types (`bcf_get_variant_types`).
    public var variantType: VariantType {
        if let (reference, alternate) = singleBaseAlleles() { return VariantRecord.singleBaseType(reference, alternate) }
        return VariantType(rawValue: Int(bcf_get_variant_types(pointer)))
    }

    /// The type of one ALT allele, 1-based (`bcf_get_variant_type`).
    public func variantType(ofAllele allele: Int) -> VariantType {
        if allele == 1, let (reference, alternate) = singleBaseAlleles() { return VariantRecord.singleBaseType(reference, alternate) }
        return VariantType(rawValue: Int(bcf_get_variant_type(pointer, Int32(allele))))
    }

    /// The first base of an allele (0 = REF) as an ASCII byte.
    public func firstBase(ofAllele allele: Int) -> UInt8 {
        if allele <= 1, let (reference, alternate) = singleBaseAlleles() { return allele == 0 ? reference : alternate }
        bcf_unpack(pointer, BCF_UN_STR)
        return UInt8(bitPattern: criba_rec_allele(pointer, Int32(allele)).pointee)
    }

    /// The record's type as htslib computes it, never through the fast path (for tests).
    var variantTypeFromHTSlib: VariantType {
        bcf_unpack(pointer, BCF_UN_STR)
        return VariantType(rawValue: Int(bcf_get_variant_types(pointer)))
    }

    /// htslib's rule for one-base REF and ALT (`bcf_set_variant_type`, its "most
    /// frequent case"): `*` overlaps; `.`, `X` or ALT equal to REF (case-sensitive) is
    /// no variant; anything else is an SNV.
    @inline(__always)
    public static func singleBaseType(_ reference: UInt8, _ alternate: UInt8) -> VariantType {
        if alternate == UInt8(ascii: "*") { return .overlap }
        if alternate == UInt8(ascii: ".") || alternate == reference || alternate == UInt8(ascii: "X") { return [] }
        return .snv
    }

    /// REF and ALT of a biallelic record whose alleles are one base each, read from the
    /// record's BCF encoding without unpacking it (the common case: ~90% of a genome).
    /// Nil for anything else, or when the record was modified since it was read.
    ///
    /// ```swift
    /// if let (reference, alternate) = record.singleBaseAlleles() { … }   // (A, G) for A>G
    /// ```
    @inline(__always)
    public func singleBaseAlleles() -> (UInt8, UInt8)? {
        guard criba_rec_nallele(pointer) == 2, pointer.pointee.d.shared_dirty == 0,
              let start = pointer.pointee.shared.s else { return nil }
        let bytes = UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self)
        let count = Int(pointer.pointee.shared.l)
        // Shared data: ID, then each allele, as typed strings (type 7); bcf_record_check
        // has validated the layout when the record was read.
        guard count >= 1, bytes[0] & 0x0F == 7 else { return nil }
        var offset: Int
        let idLength = Int(bytes[0] >> 4)
        if idLength < 15 {
            offset = 1 + idLength
        } else {
            guard count >= 2 else { return nil }
            let lengthType = bytes[1] & 0x0F
            let raw = UnsafeRawPointer(bytes + 2)
            switch lengthType {
            case 1: guard count >= 3 else { return nil }; offset = 3 + Int(raw.load(as: Int8.self))
            case 2: guard count >= 4 else { return nil }; offset = 4 + Int(raw.loadUnaligned(as: Int16.self))
            case 3: guard count >= 6 else { return nil }; offset = 6 + Int(raw.loadUnaligned(as: Int32.self))
            default: return nil
            }
        }
        // REF and ALT: each a one-character typed string, 0x17 followed by the base.
        guard offset + 4 <= count, bytes[offset] == 0x17, bytes[offset + 2] == 0x17 else { return nil }
        return (bytes[offset + 1], bytes[offset + 3])
    }

    // MARK: Genotypes

    /// Fills `calls` with one `GenotypeCall` per sample (`bcf_gt_type`), reusing its
    /// storage. Samples are `.missing` when the record has no GT field.
    public func genotypeCalls(into calls: inout [GenotypeCall], genotypeTag: TagKey) {
        let samples = Int(criba_rec_nsample(pointer))
        if calls.count != samples {
            calls = Array(repeating: GenotypeCall(genotypeClass: .missing), count: samples)
        }
        let column = formatColumn(genotypeTag)
        for sample in 0..<samples {
            calls[sample] = column?.genotypeCall(sample: sample) ?? GenotypeCall(genotypeClass: .missing)
        }
    }

    /// Fills `matrix` with every sample's allele codes (no per-genotype allocation).
    /// Returns false when the record has no GT field.
    @discardableResult
    public func genotypes(into matrix: inout GenotypeMatrix, genotypeTag: TagKey) -> Bool {
        let samples = Int(criba_rec_nsample(pointer))
        bcf_unpack(pointer, BCF_UN_FMT)
        guard genotypeTag.id >= 0, let field = bcf_get_fmt_id(pointer, genotypeTag.id) else {
            matrix.reset(samples: samples, ploidy: 0)
            return false
        }
        let ploidy = Int(field.pointee.n)
        matrix.reset(samples: samples, ploidy: ploidy)
        matrix.codes.withUnsafeMutableBufferPointer { codes in
            for sample in 0..<samples {
                let base = codes.baseAddress! + sample * ploidy
                let seen = Int(criba_gt_codes(field, Int32(sample), base, Int32(ploidy)))
                if seen < ploidy { for slot in max(seen, 0)..<ploidy { base[slot] = GenotypeMatrix.vectorEnd } }
            }
        }
        return true
    }

    // MARK: INFO and FORMAT values by a tag resolved once

    /// True when the INFO tag is present (for flags: set).
    public func hasInfo(_ tag: TagKey) -> Bool { hasInfo(tag.index) }

    /// Integer INFO values into `values` (missing → nil); returns false when absent.
    @discardableResult
    public func integers(_ tag: TagKey, into values: inout [Int32?]) -> Bool {
        values.removeAll(keepingCapacity: true)
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr else { return false }
        RecordValueDecoder.integers(data: data, type: Int32(info.pointee.type), count: Int(info.pointee.len), into: &values)
        return true
    }

    /// Float INFO values into `values` (missing → nil); returns false when absent.
    @discardableResult
    public func floats(_ tag: TagKey, into values: inout [Float?]) -> Bool {
        values.removeAll(keepingCapacity: true)
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr else { return false }
        RecordValueDecoder.floats(data: data, type: Int32(info.pointee.type), count: Int(info.pointee.len), into: &values)
        return true
    }

    /// A String INFO value (allocates), or nil when absent.
    public func string(_ tag: TagKey) -> String? {
        bcf_unpack(pointer, BCF_UN_INFO)
        guard tag.id >= 0, let info = bcf_get_info_id(pointer, tag.id), let data = info.pointee.vptr,
              Int32(info.pointee.type) == BCF_BT_CHAR else { return nil }
        let length = Int(info.pointee.len)
        let bytes = UnsafeBufferPointer(start: data, count: length)
        let used = bytes.firstIndex(of: 0) ?? length
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<used]), as: UTF8.self)
    }

    /// The integer FORMAT values of one sample into `values`; false when absent.
    @discardableResult
    public func formatIntegers(_ tag: TagKey, sample: Int, into values: inout [Int32?]) -> Bool {
        values.removeAll(keepingCapacity: true)
        bcf_unpack(pointer, BCF_UN_FMT)
        guard tag.id >= 0, let field = bcf_get_fmt_id(pointer, tag.id), let data = field.pointee.p,
              sample < Int(criba_rec_nsample(pointer)) else { return false }
        RecordValueDecoder.integers(data: data + sample * Int(field.pointee.size), type: Int32(field.pointee.type), count: Int(field.pointee.n), into: &values)
        return true
    }

    /// The float FORMAT values of one sample into `values`; false when absent.
    @discardableResult
    public func formatFloats(_ tag: TagKey, sample: Int, into values: inout [Float?]) -> Bool {
        values.removeAll(keepingCapacity: true)
        bcf_unpack(pointer, BCF_UN_FMT)
        guard tag.id >= 0, let field = bcf_get_fmt_id(pointer, tag.id), let data = field.pointee.p,
              sample < Int(criba_rec_nsample(pointer)) else { return false }
        RecordValueDecoder.floats(data: data + sample * Int(field.pointee.size), type: Int32(field.pointee.type), count: Int(field.pointee.n), into: &values)
        return true
    }

    /// The number of samples in the record.
    public var sampleCount: Int { Int(criba_rec_nsample(pointer)) }

    /// The record as one VCF text line without the newline (allocates; `vcf_format`).
    public var vcfLine: String {
        guard let header else { return "" }
        var buffer = kstring_t(l: 0, m: 0, s: nil)
        defer { free(buffer.s) }
        guard vcf_format(header.pointer, pointer, &buffer) == 0, let bytes = buffer.s else { return "" }
        var line = String(cString: bytes)
        if line.hasSuffix("\n") { line.removeLast() }
        return line
    }
}

/// An INFO or FORMAT tag resolved against a header once, for fast access per record.
///
/// ```swift
/// let depth = reader.header.tag("DP")
/// record.integers(depth, into: &values)
/// ```
public struct TagKey: Sendable, Hashable {
    /// htslib's dictionary id, or -1 when the header lacks the tag.
    let id: Int32
    /// The tag name.
    public let name: String
    /// True when the header declares the tag.
    public var isDeclared: Bool { id >= 0 }
}

extension VariantHeader {
    /// Resolves an INFO/FORMAT tag name once; an undeclared tag gives a key that is never present.
    public func tag(_ name: String) -> TagKey {
        TagKey(id: bcf_hdr_id2int(handle.pointer, BCF_DT_ID, name), name: name)
    }
}

extension GenotypeClass {
    static func fromHTSlib(_ value: Int32) -> GenotypeClass {
        switch value {
        case GT_HOM_RR: return .homozygousReference
        case GT_HOM_AA: return .homozygousAlternate
        case GT_HET_RA: return .heterozygousReferenceAlternate
        case GT_HET_AA: return .heterozygousAlternateAlternate
        case GT_HAPL_R: return .haploidReference
        case GT_HAPL_A: return .haploidAlternate
        default: return .missing
        }
    }
}
