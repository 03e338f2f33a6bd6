import Testing

@testable import FlightSQLServer

/// The bounded cache behind Handshake tokens and prepared statements, on a clock the test
/// moves by hand.
@Suite struct IdleExpiringCacheTests {
    let start = ContinuousClock.now

    @Test("a value unused for the idle timeout expires on use and in a sweep; use restarts its wait")
    func idle() {
        var cache = IdleExpiringCache<String, Int>(idleTimeout: .seconds(10), capacity: 10)
        cache.insert(1, for: "a", now: start)
        cache.insert(2, for: "b", now: start)
        guard case .found(let doubled) = cache.use("a", now: start + .seconds(8), { value -> Int in value *= 2; return value }) else {
            Issue.record("a was not found")
            return
        }
        #expect(doubled == 2)
        guard case .expired = cache.use("b", now: start + .seconds(11), { _ in }) else {
            Issue.record("b did not expire")
            return
        }
        guard case .missing = cache.use("b", now: start + .seconds(11), { _ in }) else {
            Issue.record("an expired value was kept")
            return
        }
        // `a` was used at 8 s: kept at 17 s, gone at 19 s.
        let sweptEarly = cache.removeIdle(now: start + .seconds(17))
        let sweptLate = cache.removeIdle(now: start + .seconds(19))
        #expect(sweptEarly == 0 && sweptLate == 1)
        #expect(cache.count == 0)
    }

    @Test("when full, expired values go first, then the least recently used")
    func capacity() {
        var cache = IdleExpiringCache<String, Int>(idleTimeout: .seconds(10), capacity: 2)
        cache.insert(1, for: "a", now: start)
        cache.insert(2, for: "b", now: start + .seconds(1))
        _ = cache.use("a", now: start + .seconds(2), { _ in })
        // Full: `b` is the least recently used.
        let evicted = cache.insert(3, for: "c", now: start + .seconds(3))
        #expect(evicted == 1)
        guard case .missing = cache.use("b", now: start + .seconds(3), { _ in }) else {
            Issue.record("b was not evicted")
            return
        }
        // At 20 s both kept values are expired: both go, and the new one is kept alone.
        let dropped = cache.insert(4, for: "d", now: start + .seconds(20))
        #expect(dropped == 2)
        #expect(cache.count == 1)
        let removed = cache.remove("d")
        let removedAgain = cache.remove("d")
        #expect(removed && !removedAgain)
    }
}
