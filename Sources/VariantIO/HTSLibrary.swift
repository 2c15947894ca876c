import CHTSlib

/// Process-wide htslib settings, applied once before the first file is opened.
///
/// htslib's own log lines are switched off: Criba reports every failure itself,
/// as one line naming the file and place. Set `CRIBA_HTS_LOG=debug|info|warning|error`
/// to see htslib's messages when diagnosing a file.
public enum HTSLibrary {
    /// The htslib version string, e.g. `1.16`.
    public static var version: String { String(cString: hts_version()) }

    private static let configured: Bool = {
        let level: htsLogLevel
        switch getenv("CRIBA_HTS_LOG").map({ String(cString: $0) }) {
        case "debug": level = HTS_LOG_DEBUG
        case "info": level = HTS_LOG_INFO
        case "warning": level = HTS_LOG_WARNING
        case "error": level = HTS_LOG_ERROR
        default: level = HTS_LOG_OFF
        }
        hts_set_log_level(level)
        return true
    }()

    /// Applies the settings (idempotent, thread-safe).
    public static func configure() { _ = configured }
}
