import Foundation

/// Runs units of work on several threads and hands their outputs, in the order the
/// units were produced, to one consumer — with at most `window` units between the
/// oldest unfinished one and the newest started, so memory stays bounded whatever
/// the input length.
///
/// `next` (produce a unit) and `emit` (consume an output) are called under the
/// engine's lock, one at a time, so they may touch shared state (a reader, a
/// writer); `process` runs concurrently and must only use its unit and its worker.
///
/// ```swift
/// let engine = OrderedParallelEngine(threads: 4)
/// try engine.run(next: { source.next() },
///                makeWorker: { Loader() },
///                process: { loader, unit in try loader.load(unit) },
///                emit: { batch in try writer.write(batch) })
/// ```
public struct OrderedParallelEngine: Sendable {
    /// Worker threads.
    public let threads: Int
    /// The largest number of units in flight (started but not yet emitted).
    public let window: Int

    /// An engine with `threads` workers (at least 1) and a window of `2 × threads` units.
    public init(threads: Int, window: Int? = nil) {
        self.threads = max(1, threads)
        self.window = max(self.threads, window ?? 2 * max(1, threads))
    }

    /// Runs to completion, or stops at an error (from any closure) and rethrows it.
    ///
    /// The error thrown is the one of the earliest unit in production order, whichever
    /// thread hit its error first: units already started before the failing one run to
    /// their end, so a run over the same input always reports the same error.
    public func run<Unit, Worker, Output>(
        next: () throws -> Unit?,
        makeWorker: () throws -> Worker,
        process: (inout Worker, Unit) throws -> Output,
        emit: (Output) throws -> Void
    ) throws {
        try withoutActuallyEscaping(next) { next in
            try withoutActuallyEscaping(makeWorker) { makeWorker in
                try withoutActuallyEscaping(process) { process in
                    try withoutActuallyEscaping(emit) { emit in
                        let state = EngineState<Unit, Worker, Output>(
                            window: window, next: next, makeWorker: makeWorker, process: process, emit: emit)
                        if threads == 1 {
                            state.work()
                        } else {
                            DispatchQueue.concurrentPerform(iterations: threads) { _ in state.work() }
                        }
                        if let error = state.failure { throw error }
                    }
                }
            }
        }
    }
}

/// The shared state of one run. Closures are called only as documented on the engine,
/// which is what makes the unchecked sendability sound.
private final class EngineState<Unit, Worker, Output>: @unchecked Sendable {
    let condition = NSCondition()
    let window: Int
    let next: () throws -> Unit?
    let makeWorker: () throws -> Worker
    let process: (inout Worker, Unit) throws -> Output
    let emit: (Output) throws -> Void

    var produced = 0
    var emitted = 0
    var exhausted = false
    var failure: (any Error)?
    /// The ordinal of the unit whose error `failure` holds (`Int.max` when not tied to a unit).
    var failureOrdinal = Int.max
    var pending: [Int: Output] = [:]

    init(window: Int, next: @escaping () throws -> Unit?, makeWorker: @escaping () throws -> Worker,
         process: @escaping (inout Worker, Unit) throws -> Output, emit: @escaping (Output) throws -> Void) {
        self.window = window
        self.next = next
        self.makeWorker = makeWorker
        self.process = process
        self.emit = emit
    }

    /// Records `error` if it belongs to an earlier unit than the one recorded.
    /// Called with the condition locked.
    private func fail(_ error: any Error, ordinal: Int) {
        if failure == nil || ordinal < failureOrdinal {
            failure = error
            failureOrdinal = ordinal
        }
        pending.removeAll()
        condition.broadcast()
    }

    func work() {
        var worker: Worker
        do {
            worker = try makeWorker()
        } catch {
            condition.lock(); fail(error, ordinal: Int.max); condition.unlock()
            return
        }
        while true {
            condition.lock()
            while failure == nil && !exhausted && produced - emitted >= window { condition.wait() }
            if failure != nil || exhausted { condition.unlock(); return }
            let unit: Unit?
            do { unit = try next() } catch { fail(error, ordinal: produced); condition.unlock(); return }
            guard let unit else {
                exhausted = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let ordinal = produced
            produced += 1
            condition.unlock()

            let output: Output
            do {
                output = try process(&worker, unit)
            } catch {
                condition.lock(); fail(error, ordinal: ordinal); condition.unlock()
                return
            }

            condition.lock()
            if failure != nil { condition.unlock(); return }
            pending[ordinal] = output
            while let ready = pending.removeValue(forKey: emitted) {
                do { try emit(ready) } catch { fail(error, ordinal: emitted); break }
                emitted += 1
            }
            condition.broadcast()
            condition.unlock()
        }
    }
}
