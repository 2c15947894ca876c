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

    /// Creates an analyzer for one family.
    public init(pedigree: Pedigree, thresholds: InheritanceThresholds = .bundled) {
        self.pedigree = pedigree
        self.thresholds = thresholds
    }

    private var affected: [Pedigree.Member] { pedigree.members.filter { $0.affected == true } }
    private var unaffected: [Pedigree.Member] { pedigree.members.filter { $0.affected == false } }

    /// The single-variant modes (all but compound heterozygous) and how each fits.
    /// `calls` maps sample IDs to calls; samples absent from it count as missing.
    public func modes(contig: String, calls: [String: SampleCall]) -> [InheritanceMode: Compatibility] {
        let chromosome = ChromosomeClass(contig: contig)
        var result: [InheritanceMode: Compatibility] = [:]
        switch chromosome {
        case .autosome:
            result[.autosomalDominant] = dominant(calls)
            result[.autosomalRecessiveHomozygous] = recessiveHomozygous(calls)
            result[.deNovo] = deNovo(calls)
        case .x:
            result[.xLinkedRecessive] = xLinkedRecessive(calls)
            result[.xLinkedDominant] = dominant(calls)
            result[.deNovo] = deNovo(calls)
        case .y:
            result[.deNovo] = deNovo(calls)
        case .mitochondrion:
            result[.mitochondrial] = mitochondrial(calls)
        }
        return result
    }

    /// A pair of variants in one gene as compound heterozygous: every affected member
    /// heterozygous for both, on different parental copies (from parents' genotypes, or
    /// from phased calls in one phase set); no unaffected member carrying both.
    public func compoundHeterozygous(_ first: [String: SampleCall], _ second: [String: SampleCall]) -> Compatibility {
        var result = Compatibility.compatible
        guard !affected.isEmpty else { return .incompatible }
        for member in affected {
            guard let a = first[member.id], let b = second[member.id], !a.isMissing, !b.isMissing else {
                result = min(result, .possible)
                continue
            }
            guard a.isHeterozygous && b.isHeterozygous else { return .incompatible }
            if let phaseA = a.phase, let phaseB = b.phase, phaseA.set == phaseB.set {
                if phaseA.haplotype == phaseB.haplotype { return .incompatible }
                continue
            }
            let father = member.father.flatMap { id in pedigree.member(id) != nil ? id : nil }
            let mother = member.mother.flatMap { id in pedigree.member(id) != nil ? id : nil }
            guard let father, let mother else { result = min(result, .possible); continue }
            let fatherA = first[father], fatherB = second[father], motherA = first[mother], motherB = second[mother]
            guard let fa = fatherA?.alternateCopies, let fb = fatherB?.alternateCopies,
                  let ma = motherA?.alternateCopies, let mb = motherB?.alternateCopies else {
                result = min(result, .possible)
                continue
            }
            // One variant from each parent: (father a, mother b) or (father b, mother a).
            let transOne = fa > 0 && fb == 0 && ma == 0 && mb > 0
            let transTwo = fa == 0 && fb > 0 && ma > 0 && mb == 0
            if !(transOne || transTwo) { return .incompatible }
        }
        for member in unaffected {
            guard let a = first[member.id], let b = second[member.id], !a.isMissing, !b.isMissing else { continue }
            // An unaffected member with both variants in trans would be affected; with
            // unknown phase, carrying both heterozygously is treated as a contradiction
            // only when the member is a sibling (has the same parents as an affected member).
            let isSibling = affected.contains { $0.father == member.father && $0.mother == member.mother && member.father != nil }
            if a.carries && b.carries && isSibling { return .incompatible }
            if a.isHomozygousAlternate || b.isHomozygousAlternate { return .incompatible }
        }
        return result
    }

    // MARK: Single-variant modes

    private func dominant(_ calls: [String: SampleCall]) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let call = calls[member.id], !call.isMissing else { result = min(result, .possible); continue }
            if !call.carries { return .incompatible }
        }
        for member in unaffected {
            guard let call = calls[member.id], !call.isMissing else { result = min(result, .possible); continue }
            if call.carries { return .incompatible }
        }
        return result
    }

    private func recessiveHomozygous(_ calls: [String: SampleCall]) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let call = calls[member.id], !call.isMissing else { result = min(result, .possible); continue }
            guard call.isHomozygousAlternate, call.ploidy == 2 else { return .incompatible }
            // Each parent of an affected member must carry it (when genotyped).
            for parent in [member.father, member.mother].compactMap({ $0 }) where pedigree.member(parent) != nil {
                guard let parentCall = calls[parent], !parentCall.isMissing else { result = min(result, .possible); continue }
                if !parentCall.carries { return .incompatible }
            }
            if member.father == nil || member.mother == nil { result = min(result, .possible) }
        }
        for member in unaffected {
            guard let call = calls[member.id], !call.isMissing else { continue }
            if call.isHomozygousAlternate { return .incompatible }
        }
        return result
    }

    /// De novo in the proband: heterozygous (or hemizygous) in the proband, both parents
    /// present in the PED and confidently without it.
    private func deNovo(_ calls: [String: SampleCall]) -> Compatibility {
        guard let proband = pedigree.proband, let father = proband.father, let mother = proband.mother,
              pedigree.member(father) != nil, pedigree.member(mother) != nil else { return .incompatible }
        // Heterozygous (or a haploid carrier): a homozygous "de novo" needs two events and
        // points to uniparental disomy or a deletion instead.
        guard let child = calls[proband.id], child.isHeterozygous || (child.ploidy == 1 && child.carries) else { return .incompatible }
        for parent in [father, mother] {
            guard let call = calls[parent], let copies = call.alternateCopies, copies == 0 else { return .incompatible }
            guard let depth = call.depth, depth >= thresholds.parentMinimumDepth,
                  let quality = call.genotypeQuality, quality >= thresholds.parentMinimumGenotypeQuality else { return .incompatible }
            if let fraction = call.alternateFraction, fraction > thresholds.parentMaximumAlternateFraction { return .incompatible }
        }
        return .compatible
    }

    private func xLinkedRecessive(_ calls: [String: SampleCall]) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let call = calls[member.id], !call.isMissing else { result = min(result, .possible); continue }
            switch member.sex {
            case 1:
                // Hemizygous: a haploid ALT, or a diploid call with every copy ALT.
                guard call.isHomozygousAlternate else { return .incompatible }
                if let mother = member.mother, pedigree.member(mother) != nil {
                    if let motherCall = calls[mother], !motherCall.isMissing {
                        if !motherCall.carries { result = min(result, .possible) }  // de novo in the son
                    } else {
                        result = min(result, .possible)
                    }
                }
            case 2:
                guard call.isHomozygousAlternate else { return .incompatible }
            default:
                guard call.carries else { return .incompatible }
                result = min(result, .possible)
            }
        }
        for member in unaffected {
            guard let call = calls[member.id], !call.isMissing else { continue }
            if member.sex == 1 && call.carries { return .incompatible }
            if member.sex == 2 && call.isHomozygousAlternate { return .incompatible }
        }
        return result
    }

    private func mitochondrial(_ calls: [String: SampleCall]) -> Compatibility {
        guard !affected.isEmpty else { return .incompatible }
        var result = Compatibility.compatible
        for member in affected {
            guard let call = calls[member.id], !call.isMissing else { result = min(result, .possible); continue }
            guard call.carries else { return .incompatible }
            // Inherited from the mother only; a father's call says nothing.
            if let mother = member.mother, pedigree.member(mother) != nil {
                guard let motherCall = calls[mother], !motherCall.isMissing else { result = min(result, .possible); continue }
                if !motherCall.carries { result = min(result, .possible) }  // de novo or low heteroplasmy
            }
        }
        return result
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
