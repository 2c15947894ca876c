import VariantIO

/// The output format and compression level of `-O` (`v`, `z`, `b`, `u`, with an optional
/// level digit), or from the `-o` extension when `-O` is absent.
func resolveOutputType(_ outputType: String?, output: String) throws -> (VariantFileFormat, Int?) {
    guard let outputType else {
        let lowered = output.lowercased()
        if lowered.hasSuffix(".bcf") { return (.bcf, nil) }
        if lowered.hasSuffix(".gz") || lowered.hasSuffix(".bgz") { return (.vcfBGZF, nil) }
        return (.vcf, nil)
    }
    guard let letter = outputType.first, let format = VariantFileFormat(outputLetter: letter) else {
        throw UsageFailure(message: "unknown output type '\(outputType)': use v, z, b or u")
    }
    let rest = outputType.dropFirst()
    if rest.isEmpty { return (format, nil) }
    guard rest.count == 1, let level = Int(rest) else {
        throw UsageFailure(message: "unknown output type '\(outputType)': the compression level is one digit 0-9")
    }
    return (format, level)
}
