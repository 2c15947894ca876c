import CHTSlib
import Foundation
import VariantModel

/// Reads a regions file for `-R`: tab-separated `contig  start  [end]` lines, plain
/// or compressed. Files named `.bed`/`.bed.gz` are BED (0-based, half-open starts);
/// any other name is 1-based and inclusive. `#` lines, `track`/`browser` lines and
/// blank lines are skipped; a two-column line is a single position.
public enum RegionFile {
    /// The regions of `path`, in file order.
    public static func read(path: String) throws(VariantIOError) -> [GenomicRegion] {
        HTSLibrary.configure()
        var info = stat()
        guard stat(path, &info) == 0 else { throw VariantIOError(.fileNotFound, path: path, "no such regions file") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw VariantIOError(.isDirectory, path: path, "is a directory, not a regions file") }
        guard let file = hts_open(path, "r") else { throw VariantIOError(.cannotOpen, path: path, "cannot open the regions file") }
        defer { hts_close(file) }
        let lowered = path.lowercased()
        let isBED = lowered.hasSuffix(".bed") || lowered.hasSuffix(".bed.gz")
        var line = kstring_t(l: 0, m: 0, s: nil)
        defer { free(line.s) }
        var regions: [GenomicRegion] = []
        var number = 0
        while true {
            let status = hts_getline(file, criba_line_separator(), &line)
            if status == -1 { break }
            if status < -1 { throw VariantIOError(.truncated, path: path, location: "line \(number + 1)", "cannot read: corrupt or truncated") }
            number += 1
            let text = String(cString: line.s)
            if text.isEmpty || text.hasPrefix("#") || text.hasPrefix("track") || text.hasPrefix("browser") { continue }
            let columns = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2, !columns[0].isEmpty, let first = Int(columns[1]) else {
                throw VariantIOError(.invalidArgument, path: path, location: "line \(number)", "expected tab-separated contig, start[, end]")
            }
            var start = isBED ? first + 1 : first
            var end = start
            if columns.count >= 3, !columns[2].isEmpty {
                guard let last = Int(columns[2]) else {
                    throw VariantIOError(.invalidArgument, path: path, location: "line \(number)", "the end '\(columns[2])' is not an integer")
                }
                end = last
            }
            if start < 1 { start = 1 }
            guard end >= start else {
                throw VariantIOError(.invalidArgument, path: path, location: "line \(number)", "the end is before the start")
            }
            regions.append(GenomicRegion(contig: String(columns[0]), start: start, end: end))
        }
        return regions
    }
}
