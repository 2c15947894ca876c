import Foundation

/// ClinVar review status (`CLNREVSTAT`) to gold stars (0–4), read from the versioned
/// table `Resources/clinvar_review_stars.tsv`.
public struct ReviewStars: Sendable {
    /// Status text (parts joined with `,` as in the ClinVar VCF) to stars.
    public let stars: [String: Int32]
    /// The table's version line.
    public let version: String
    /// The statuses as bytes, for lookups without a `String` per record.
    private let entries: [([UInt8], Int32)]

    /// The bundled table.
    public static let bundled: ReviewStars = {
        guard let url = Bundle.module.url(forResource: "clinvar_review_stars", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("the bundled resource clinvar_review_stars.tsv is missing from the build")
        }
        return ReviewStars(text: text)
    }()

    /// Parses the table text.
    init(text: String) {
        var table: [String: Int32] = [:]
        var version = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                if version.isEmpty { version = String(line.dropFirst(2)) }
                continue
            }
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let value = Int32(parts[1]) else { continue }
            table[String(parts[0])] = value
        }
        stars = table
        self.version = version
        entries = table.map { (Array($0.key.utf8), $0.value) }
    }

    /// Stars for a status given as bytes; nil when the status is unknown.
    func stars(for status: UnsafeBufferPointer<UInt8>) -> Int32? {
        for (text, value) in entries where text.count == status.count && text.elementsEqual(status) { return value }
        return nil
    }
}
