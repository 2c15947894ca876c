import CHTSlib
import Foundation
import VariantModel

/// Writes VCF, BGZF VCF, BCF or uncompressed BCF to a path or `-` (standard output).
///
/// A file is written under a temporary name in the same directory and renamed to its
/// final path only by `finish()`, so an interrupted or failed run never leaves a
/// partial file at the output path. `writeIndex` builds a `.csi` (BCF) or `.tbi`
/// (VCF.gz) alongside, with the same guarantee.
///
/// ```swift
/// let writer = try VariantWriter(path: "out.bcf", format: .bcf, header: header)
/// try writer.write(record)
/// try writer.finish()
/// ```
public final class VariantWriter {
    /// The final output path (`-` for standard output).
    public let path: String
    /// The output format.
    public let format: VariantFileFormat
    /// The header written (contigs may be appended for VCF text output).
    public private(set) var header: VariantHeader

    private let file: UnsafeMutablePointer<htsFile>
    private let temporaryPath: String?
    private let temporaryIndexPath: String?
    private let finalIndexPath: String?
    private var finished = false
    private var headerWritten = false
    private let threadPool: ThreadPool?
    /// htslib keeps this pointer (`bcf_idx_init` does not copy the name): it must live
    /// as long as the file.
    private var indexNameStorage: UnsafeMutablePointer<CChar>?

    /// Opens the output. Nothing appears at `path` until `finish()` succeeds.
    ///
    /// - Parameters:
    ///   - compressionLevel: BGZF level 0–9 (nil: htslib's default).
    ///   - writeIndex: also write `path.csi` (BCF) or `path.tbi` (VCF.gz).
    public init(path: String, format: VariantFileFormat, header: VariantHeader, threadPool: ThreadPool? = nil,
                compressionLevel: Int? = nil, writeIndex: Bool = false) throws(VariantIOError) {
        HTSLibrary.configure()
        self.path = path
        self.format = format
        self.header = header
        self.threadPool = threadPool
        let inPlace = path != "-" && OutputPath.isSpecialFile(path)
        if writeIndex {
            guard path != "-", !inPlace else {
                throw VariantIOError(.invalidArgument, path: path, path == "-" ? "--write-index needs an output file (-o), not standard output"
                                                                      : "--write-index needs a regular output file, not a device or pipe")
            }
            guard format == .bcf || format == .vcfBGZF else {
                throw VariantIOError(.invalidArgument, path: path, "--write-index needs compressed output (-Oz or -Ob)")
            }
        }
        if path == "-" || inPlace {
            // Standard output, or a device or pipe (/dev/null, a FIFO): written in place, since
            // renaming a temporary file onto it would replace the device with a file.
            temporaryPath = nil
        } else {
            let url = URL(fileURLWithPath: path)
            let directory = url.deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw VariantIOError(.writeFailed, path: path, "the output directory \(directory) does not exist")
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw VariantIOError(.writeFailed, path: path, "is a directory; give an output file name")
            }
            guard access(directory, W_OK) == 0 else {
                throw VariantIOError(.writeFailed, path: path, "cannot write to \(directory): permission denied")
            }
            temporaryPath = "\(directory)/.\(url.lastPathComponent).criba-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        }
        let target = temporaryPath ?? path
        guard let file = hts_open(target, format.writeMode) else {
            throw VariantIOError(.writeFailed, path: path, "cannot create: \(String(cString: strerror(errno)))")
        }
        self.file = file
        if let temporaryPath { TemporaryFiles.shared.register(temporaryPath) }
        if let level = compressionLevel, format != .vcf {
            _ = criba_set_compression_level(file, Int32(level))
        }
        // htslib 1.16 writes a corrupt file when an index is built while BGZF blocks are
        // compressed by a pool of more than one thread; compress on this thread then.
        if let threadPool, format != .vcf, !writeIndex || threadPool.threads == 1 {
            hts_set_thread_pool(file, threadPool.pool)
        }
        if writeIndex {
            let suffix = format == .bcf ? ".csi" : ".tbi"
            finalIndexPath = path + suffix
            temporaryIndexPath = temporaryPath! + suffix
            TemporaryFiles.shared.register(temporaryIndexPath!)
        } else {
            finalIndexPath = nil
            temporaryIndexPath = nil
        }
    }

    deinit {
        if !finished {
            hts_close(file)
            discardTemporaryFiles()
        }
        free(indexNameStorage)
    }

    /// Writes the header (`bcf_hdr_write`); call once, before any record.
    public func writeHeader() throws(VariantIOError) {
        guard bcf_hdr_write(file, header.handle.pointer) == 0 else {
            throw VariantIOError(.writeFailed, path: path, "cannot write the header: \(String(cString: strerror(errno)))")
        }
        headerWritten = true
        if let temporaryIndexPath {
            let minimumShift: Int32 = format == .bcf ? 14 : 0
            indexNameStorage = strdup(temporaryIndexPath)
            guard bcf_idx_init(file, header.handle.pointer, minimumShift, indexNameStorage) == 0 else {
                throw VariantIOError(.writeFailed, path: path, "cannot start the index")
            }
        }
    }

    /// Writes one record (`bcf_write`).
    public func write(_ record: VariantRecord) throws(VariantIOError) {
        guard bcf_write(file, header.handle.pointer, record.pointer) == 0 else {
            let location = "\(record.contig):\(record.position)"
            // BGZF reports the failure later than the write that hit it, errno then stale:
            // a nearly full file system says why.
            if errno == ENOSPC || Self.deviceIsFull(path) {
                throw VariantIOError(.writeFailed, path: path, location: location, "no space left on the device")
            }
            if format == .vcfBGZF || format == .bcf, finalIndexPath != nil {
                throw VariantIOError(.writeFailed, path: path, location: location, "cannot write the record (for an indexed output the input must be sorted by position)")
            }
            throw VariantIOError(.writeFailed, path: path, location: location, "cannot write the record: \(String(cString: strerror(errno)))")
        }
    }

    /// True when the file system of `path`'s folder has less than 1 MB free.
    static func deviceIsFull(_ path: String) -> Bool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 1 << 20
    }

    /// Writes every record of a batch in order.
    public func write(_ batch: RecordBatch) throws(VariantIOError) {
        for record in batch.records { try write(record) }
    }

    /// Adds `##contig` lines for contigs that `source` declares and this header lacks
    /// (VCF text whose records use undeclared contigs). BCF output cannot change its
    /// header once written, so there this is an error naming the contig.
    public func synchronizeContigs(with source: VariantHeader) throws(VariantIOError) {
        let have = criba_hdr_ncontigs(header.handle.pointer)
        let want = criba_hdr_ncontigs(source.handle.pointer)
        guard want > have else { return }
        for rid in have..<want {
            let name = String(cString: criba_hdr_contig_name(source.handle.pointer, rid))
            if format.isBCF && headerWritten {
                throw VariantIOError(.undeclared, path: path, "contig '\(name)' is not declared in the input header; BCF output needs every contig declared (add ##contig lines to the input)")
            }
            try header.handle.append(line: "##contig=<ID=\(name)>")
        }
        header = VariantHeader(handle: header.handle)
    }

    /// Flushes, closes, writes the index, and renames the outputs into place.
    public func finish() throws(VariantIOError) {
        guard !finished else { return }
        finished = true
        if temporaryIndexPath != nil, bcf_idx_save(file) != 0 {
            hts_close(file)
            discardTemporaryFiles()
            throw VariantIOError(.writeFailed, path: path, Self.deviceIsFull(path) ? "cannot write the index: no space left on the device" : "cannot write the index: \(String(cString: strerror(errno)))")
        }
        if hts_close(file) != 0 {
            discardTemporaryFiles()
            throw VariantIOError(.writeFailed, path: path, Self.deviceIsFull(path) ? "cannot finish writing: no space left on the device" : "cannot finish writing: \(String(cString: strerror(errno)))")
        }
        guard let temporaryPath else { return }
        if let temporaryIndexPath, let finalIndexPath {
            // Data first, then the index, so that the index is never older than the data.
            guard rename(temporaryPath, path) == 0, rename(temporaryIndexPath, finalIndexPath) == 0 else {
                discardTemporaryFiles()
                throw VariantIOError(.writeFailed, path: path, "cannot move the output into place: \(String(cString: strerror(errno)))")
            }
        } else if rename(temporaryPath, path) != 0 {
            discardTemporaryFiles()
            throw VariantIOError(.writeFailed, path: path, "cannot move the output into place: \(String(cString: strerror(errno)))")
        }
        TemporaryFiles.shared.unregister(temporaryPath)
        if let temporaryIndexPath { TemporaryFiles.shared.unregister(temporaryIndexPath) }
    }

    private func discardTemporaryFiles() {
        for temporary in [temporaryPath, temporaryIndexPath].compactMap({ $0 }) {
            unlink(temporary)
            TemporaryFiles.shared.unregister(temporary)
        }
    }
}
