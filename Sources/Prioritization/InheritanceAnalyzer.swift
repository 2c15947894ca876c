import Foundation
import VariantModel

/// Checks variants against inheritance modes in one family, from genotypes and the PED.
///
/// Missing data never makes a variant incompatible: a missing call, or a parent absent
/// from the PED, turns "compatible" into "possible". The one exception is a de novo
/// call, which needs both parents confidently homozygous-reference (depth, GQ and ALT
/// read fraction within `InheritanceThresholds`); otherwise it is not de novo. Members of
/// unknown affection status are not used. See docs/inheritance.md.
public struct InheritanceAnalyzer: Sendable {
    /// The family.
    public let pedigree: Pedigree
    /// The de novo thresholds.
    public let thresholds: InheritanceThresholds
    // Member indexes, resolved once: calls are arrays in `pedigree.members` order, so a
    // variant costs no name lookups and no allocation.
    private let affected: [Int]
    private let unaffected: [Int]
    private let fathers: [Int?]
    private let mothers: [Int?]
    private let proband: Int?

    /// Creates an analyzer for one family.
    public init(pedigree: Pedigree, thresholds: InheritanceThresholds = .bundled) {
        self.pedigree = pedigree
        self.thresholds = thresholds
        let members = pedigree.members
        func index(_ id: String?) -> Int? { id.flatMap { id in members.firstIndex { $0.id == id } } }
        affected = members.indices.filter { members[$0].affected == true }
        unaffected = members.indices.filter { members[$0].affected == false }
        fathers = members.map { index($0.father) }
        mothers = members.map { index($0.mother) }
        proband = index(pedigree.proband?.id)
    }

    /// Calls given by sample name, in member order (nil for members without a call).
    public func memberCalls(_ calls: [String: SampleCall]) -> [SampleCall?] {
        pedigree.members.map { calls[$0.id] }
    }

    /// The single-variant modes (all but compound heterozygous) and how each fits;
    /// `calls` holds one entry per member of `pedigree.members` (nil = missing).
    public func modes(contig: String, calls: [SampleCall?]) -> ModeCompatibility {
        var result = ModeCompatibility()
        switch ChromosomeClass(contig: contig) {
        case .autosome:
            result[.autosomalDominant] = dominant(calls)
            result[.autosomalRecessiveHomozygous] = recessiveHomozygous(calls)
            result[.deNovo] = deNovo(calls)
        case .x:
            result[.xLinkedRecessive] = xLinkedRecessive(calls)
            result[.xLinkedDominant] = dominant(calls, onX: true)
            result[.deNovo] = deNovo(calls)
        case .y:
            result[.deNovo] = deNovo(calls)
        case .mitochondrion:
            result[.mitochondrial] = mitochondrial(calls)
        }
        return result
    }

    /// `modes(contig:calls:)` with calls given by sample name.
    public func modes(contig: String, calls: [String: SampleCall]) -> ModeCompatibility {
        modes(contig: contig, calls: memberCalls(calls))
    }

    /// A pair of variants in one gene as compound heterozygous: every affected member
    /// heterozygous for both, on different parental copies (from parents' genotypes, or
    /// from phased calls in one phase set); no unaffected full sibling carrying both, and
    /// no unaffected member homozygous for either.
    public func compoundHeterozygous(_ first: [SampleCall?], _ second: [SampleCall?]) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let a = first[member], let b = second[member], !a.isMissing, !b.isMissing else {
                result = min(result, .possible)
                continue
            }
            guard a.isHeterozygous && b.isHeterozygous else { return .incompatible }
            if let phaseA = a.phase, let phaseB = b.phase, phaseA.set == phaseB.set {
                if phaseA.haplotype == phaseB.haplotype { return .incompatible }
                continue
            }
            guard let father = fathers[member], let mother = mothers[member] else { result = min(result, .possible); continue }
            guard let fa = first[father]?.alternateCopies, let fb = second[father]?.alternateCopies,
                  let ma = first[mother]?.alternateCopies, let mb = second[mother]?.alternateCopies else {
                result = min(result, .possible)
                continue
            }
            // One variant from each parent: (father a, mother b) or (father b, mother a).
            let transOne = fa > 0 && fb == 0 && ma == 0 && mb > 0
            let transTwo = fa == 0 && fb > 0 && ma > 0 && mb == 0
            if !(transOne || transTwo) { return .incompatible }
        }
        for member in unaffected {
            guard let a = first[member], let b = second[member], !a.isMissing, !b.isMissing else { continue }
            // A full sibling of an affected member inherited one variant from each parent
            // too: carrying both, it would be affected.
            let person = pedigree.members[member]
            let isSibling = person.father != nil
                && affected.contains { pedigree.members[$0].father == person.father && pedigree.members[$0].mother == person.mother }
            if a.carries && b.carries && isSibling { return .incompatible }
            if a.isHomozygousAlternate || b.isHomozygousAlternate { return .incompatible }
        }
        return result
    }

    /// `compoundHeterozygous(_:_:)` with calls given by sample name.
    public func compoundHeterozygous(_ first: [String: SampleCall], _ second: [String: SampleCall]) -> Compatibility {
        compoundHeterozygous(memberCalls(first), memberCalls(second))
    }

    // MARK: Single-variant modes

    /// Every affected member's call passes `test` (missing ones make it "possible").
    private func affectedCalls(_ calls: [SampleCall?], _ test: (Int, SampleCall) -> Compatibility) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let call = calls[member], !call.isMissing else { result = min(result, .possible); continue }
            result = min(result, test(member, call))
            if result == .incompatible { return result }
        }
        return result
    }

    /// Affected members heterozygous (on X: females heterozygous, males hemizygous), as
    /// Exomiser requires: a homozygous affected member points to a recessive cause or a
    /// common variant, not to a dominant one.
    private func dominant(_ calls: [SampleCall?], onX: Bool = false) -> Compatibility {
        var result = affectedCalls(calls) { member, call in
            if call.isHeterozygous || (call.ploidy == 1 && call.carries) { return .compatible }
            if onX, pedigree.members[member].sex != 2, call.isHomozygousAlternate { return .compatible }
            return .incompatible
        }
        for member in unaffected where result != .incompatible {
            guard let call = calls[member], !call.isMissing else { result = min(result, .possible); continue }
            if call.carries { return .incompatible }
        }
        return result
    }

    private func recessiveHomozygous(_ calls: [SampleCall?]) -> Compatibility {
        var result = affectedCalls(calls) { member, call in
            guard call.isHomozygousAlternate, call.ploidy == 2 else { return .incompatible }
            // Each parent of an affected member must carry it (when listed and genotyped).
            var fit = Compatibility.compatible
            for parent in [fathers[member], mothers[member]] {
                guard let parent else { fit = min(fit, .possible); continue }
                guard let parentCall = calls[parent], !parentCall.isMissing else { fit = min(fit, .possible); continue }
                if !parentCall.carries { return .incompatible }
            }
            return fit
        }
        for member in unaffected where result != .incompatible {
            if let call = calls[member], call.isHomozygousAlternate { result = .incompatible }
        }
        return result
    }

    /// De novo in the proband: heterozygous (or hemizygous) in the proband, both parents
    /// present in the PED and confidently without it.
    private func deNovo(_ calls: [SampleCall?]) -> Compatibility {
        guard let proband, let father = fathers[proband], let mother = mothers[proband] else { return .incompatible }
        // Heterozygous (or a haploid carrier): a homozygous "de novo" needs two events and
        // points to uniparental disomy or a deletion instead.
        guard let child = calls[proband], child.isHeterozygous || (child.ploidy == 1 && child.carries) else { return .incompatible }
        for parent in [father, mother] {
            guard let call = calls[parent], let copies = call.alternateCopies, copies == 0 else { return .incompatible }
            guard let depth = call.depth, depth >= thresholds.parentMinimumDepth,
                  let quality = call.genotypeQuality, quality >= thresholds.parentMinimumGenotypeQuality else { return .incompatible }
            if let fraction = call.alternateFraction, fraction > thresholds.parentMaximumAlternateFraction { return .incompatible }
        }
        return .compatible
    }

    private func xLinkedRecessive(_ calls: [SampleCall?]) -> Compatibility {
        var result = affectedCalls(calls) { member, call in
            switch pedigree.members[member].sex {
            case 1:
                // Hemizygous: a haploid ALT, or a diploid call with every copy ALT. A mother
                // without it (or uncalled) leaves a de novo in the son: "possible".
                guard call.isHomozygousAlternate else { return .incompatible }
                guard let mother = mothers[member] else { return .compatible }
                guard let motherCall = calls[mother], !motherCall.isMissing, motherCall.carries else { return .possible }
                return .compatible
            case 2:
                return call.isHomozygousAlternate ? .compatible : .incompatible
            default:
                return call.carries ? .possible : .incompatible
            }
        }
        for member in unaffected where result != .incompatible {
            guard let call = calls[member], !call.isMissing else { continue }
            let sex = pedigree.members[member].sex
            if (sex == 1 && call.carries) || (sex == 2 && call.isHomozygousAlternate) { result = .incompatible }
        }
        return result
    }

    private func mitochondrial(_ calls: [SampleCall?]) -> Compatibility {
        affectedCalls(calls) { member, call in
            guard call.carries else { return .incompatible }
            // Inherited from the mother only; a mother without it (de novo, or heteroplasmy
            // below detection) or uncalled leaves "possible". A father's call says nothing.
            guard let mother = mothers[member] else { return .compatible }
            guard let motherCall = calls[mother], !motherCall.isMissing, motherCall.carries else { return .possible }
            return .compatible
        }
    }
}

/// How each applicable mode fits one variant (nil for modes that do not apply to the
/// contig), packed in one integer: no dictionary or array per variant.
public struct ModeCompatibility: Sendable, Equatable {
    private var packed: UInt32 = 0

    /// Creates an empty result.
    public init() {}

    /// The fit of `mode`, or nil when it was not checked.
    public subscript(mode: InheritanceMode) -> Compatibility? {
        get {
            switch (packed >> mode.slot) & 3 {
            case 1: return .incompatible
            case 2: return .possible
            case 3: return .compatible
            default: return nil
            }
        }
        set {
            let code: UInt32 = newValue.map { $0 == .incompatible ? 1 : $0 == .possible ? 2 : 3 } ?? 0
            packed = (packed & ~(3 << mode.slot)) | (code << mode.slot)
        }
    }
}

extension InheritanceMode {
    /// Bit offset of the mode in `ModeCompatibility`.
    var slot: UInt32 {
        switch self {
        case .autosomalDominant: return 0
        case .deNovo: return 2
        case .autosomalRecessiveHomozygous: return 4
        case .compoundHeterozygous: return 6
        case .xLinkedRecessive: return 8
        case .xLinkedDominant: return 10
        case .mitochondrial: return 12
        }
    }
}

/// De novo thresholds, read from the versioned table `Resources/inheritance_thresholds.tsv`.
public struct InheritanceThresholds: Sendable {
    /// Minimum read depth of a parent's homozygous-reference call.
    public var parentMinimumDepth: Int
    /// Minimum genotype quality of that call.
    public var parentMinimumGenotypeQuality: Int
    /// Maximum fraction of ALT reads in it.
    public var parentMaximumAlternateFraction: Double

    /// Creates thresholds.
    public init(parentMinimumDepth: Int, parentMinimumGenotypeQuality: Int, parentMaximumAlternateFraction: Double) {
        self.parentMinimumDepth = parentMinimumDepth
        self.parentMinimumGenotypeQuality = parentMinimumGenotypeQuality
        self.parentMaximumAlternateFraction = parentMaximumAlternateFraction
    }

    /// The bundled table.
    public static let bundled: InheritanceThresholds = {
        guard let url = Bundle.module.url(forResource: "inheritance_thresholds", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("the bundled resource inheritance_thresholds.tsv is missing from the build")
        }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        guard let depth = values["de_novo_parent_minimum_depth"], let quality = values["de_novo_parent_minimum_genotype_quality"],
              let fraction = values["de_novo_parent_maximum_alternate_fraction"] else {
            fatalError("inheritance_thresholds.tsv lacks a de_novo_parent_* row")
        }
        return InheritanceThresholds(parentMinimumDepth: Int(depth), parentMinimumGenotypeQuality: Int(quality),
                                     parentMaximumAlternateFraction: fraction)
    }()
}
