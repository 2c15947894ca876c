/// The version of Criba, written into every output header and report.
///
/// Example: `##criba_viewVersion=0.1.0+htslib-1.16`.
public enum CribaVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
