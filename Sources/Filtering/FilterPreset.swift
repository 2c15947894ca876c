import Foundation

/// A named, versioned triage rule shipped as data (`Resources/presets.tsv`), used as
/// `criba filter --preset rare-coding`.
public struct FilterPreset: Sendable, Equatable {
    /// The preset's name, also its label.
    public var name: String
    /// The expression.
    public var expression: String
    /// What it keeps, in words.
    public var summary: String
    /// The version of the preset file.
    public var version: Int

    /// Every preset in the bundled file.
    public static func all() throws -> [FilterPreset] {
        guard let url = Bundle.module.url(forResource: "presets", withExtension: "tsv", subdirectory: "Resources") else {
            throw FilterPresetError(message: "the bundled presets.tsv is missing from the build")
        }
        return try parse(String(contentsOf: url, encoding: .utf8))
    }

    /// The preset called `name`.
    public static func named(_ name: String) throws -> FilterPreset {
        let presets = try all()
        guard let preset = presets.first(where: { $0.name == name }) else {
            throw FilterPresetError(message: "unknown preset '\(name)' (presets: \(presets.map(\.name).joined(separator: ", ")))")
        }
        return preset
    }

    /// Parses the preset file (`#` comments; the first mentions `version N`).
    static func parse(_ text: String) throws -> [FilterPreset] {
        var version = 0
        var presets: [FilterPreset] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") {
                if version == 0, let range = line.range(of: "version ") {
                    version = Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
                }
                continue
            }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 3 else {
                throw FilterPresetError(message: "presets.tsv line \(number + 1): expected 3 tab-separated columns")
            }
            presets.append(FilterPreset(name: columns[0], expression: columns[1], summary: columns[2], version: version))
        }
        return presets
    }
}

/// The preset file or a preset name is wrong.
public struct FilterPresetError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
