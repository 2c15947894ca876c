import Foundation

/// Per-worker resources that are expensive to make and not thread-safe (an
/// annotator with its own reference handle, an evaluator with compiled regular
/// expressions): a stage borrows one for a batch and returns it, so each is used by
/// one thread at a time and at most one is made per concurrent worker.
///
/// ```swift
/// let evaluators = WorkerResourcePool { FilterEvaluator(expressions: expressions, csqTag: csq) }
/// try pipeline.run(stage: { batch in try evaluators.using { evaluator in … } }, consume: { … })
/// ```
public final class WorkerResourcePool<Resource>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Resource] = []
    private var made: [Resource] = []
    private let make: () throws -> Resource

    /// Creates an empty pool; `make` builds a resource when none is idle.
    public init(make: @escaping () throws -> Resource) {
        self.make = make
    }

    /// Runs `body` with a resource borrowed for its duration.
    public func using<Result>(_ body: (Resource) throws -> Result) throws -> Result {
        let resource = try take()
        defer { give(resource) }
        return try body(resource)
    }

    /// Every resource made so far (for totals after the run).
    public var all: [Resource] {
        lock.lock()
        defer { lock.unlock() }
        return made
    }

    private func take() throws -> Resource {
        lock.lock()
        if let resource = idle.popLast() { lock.unlock(); return resource }
        lock.unlock()
        let resource = try make()
        lock.lock()
        made.append(resource)
        lock.unlock()
        return resource
    }

    private func give(_ resource: Resource) {
        lock.lock()
        idle.append(resource)
        lock.unlock()
    }
}
