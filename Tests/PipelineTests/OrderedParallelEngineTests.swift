import XCTest
import Pipeline
import VariantIO

final class OrderedParallelEngineTests: XCTestCase {
    func testEmitsInProductionOrderWithinTheWindow() throws {
        let engine = OrderedParallelEngine(threads: 4, window: 6)
        var produced = 0
        var emitted: [Int] = []
        var maximumInFlight = 0
        try engine.run(
            next: { () -> Int? in
                guard produced < 500 else { return nil }
                maximumInFlight = max(maximumInFlight, produced - emitted.count)
                produced += 1
                return produced - 1
            },
            makeWorker: { 0 },
            process: { processed, unit in
                processed += 1
                if unit % 7 == 0 { usleep(200) }  // uneven work reorders completion
                return unit * 2
            },
            emit: { emitted.append($0 / 2) })
        XCTAssertEqual(emitted, Array(0..<500))
        XCTAssertLessThanOrEqual(maximumInFlight, 6)
    }

    func testTheFirstErrorStopsTheRun() {
        struct Failure: Error, Equatable { var unit: Int }
        let engine = OrderedParallelEngine(threads: 2)
        var produced = 0
        XCTAssertThrowsError(try engine.run(
            next: { () -> Int? in produced += 1; return produced < 10_000 ? produced : nil },
            makeWorker: { () },
            process: { _, unit in if unit == 50 { throw Failure(unit: unit) }; return unit },
            emit: { _ in })) { error in
            XCTAssertEqual(error as? Failure, Failure(unit: 50))
        }
        XCTAssertLessThan(produced, 10_000)
    }

    /// A later unit that fails first (its worker is quicker) must not hide the error of an
    /// earlier unit still running: the error reported is always the earliest one in order.
    func testTheEarliestUnitsErrorIsReportedWhicheverThreadFailsFirst() {
        struct Failure: Error, Equatable { var unit: Int }
        for _ in 0..<5 {
            let engine = OrderedParallelEngine(threads: 2)
            var produced = 0
            XCTAssertThrowsError(try engine.run(
                next: { () -> Int? in produced += 1; return produced <= 100 ? produced : nil },
                makeWorker: { () },
                process: { _, unit in
                    if unit == 3 { Thread.sleep(forTimeInterval: 0.2); throw Failure(unit: unit) }
                    if unit >= 4 { throw Failure(unit: unit) }
                    return unit
                },
                emit: { _ in })) { error in
                XCTAssertEqual(error as? Failure, Failure(unit: 3))
            }
        }
    }
}

final class ShardPlannerTests: XCTestCase {
    func testCoversEachContigWithAnOpenLastShard() {
        let shards = ShardPlanner(size: 100).shards(for: [
            IndexedContig(name: "a", length: 250, recordCount: 5),
            IndexedContig(name: "b", length: nil, recordCount: 1),
        ])
        XCTAssertEqual(shards, [
            GenomicShard(contig: "a", start: 1, end: 100),
            GenomicShard(contig: "a", start: 101, end: 200),
            GenomicShard(contig: "a", start: 201, end: Int.max),
            GenomicShard(contig: "b", start: 1, end: Int.max),
        ])
    }
}
