/// Values that clients create and name by key (Handshake tokens, prepared statements),
/// bounded two ways: one unused for `idleTimeout` expires, and at most `capacity` are kept
/// (the least recently used goes first). Without both, a client creating them in a loop, or
/// one that vanished, would grow the server's memory forever.
///
/// A value type: its owner keeps it under a lock. Every operation takes `now`, so that one
/// lock hold sees one instant.
struct IdleExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var value: Value
        var lastUsed: ContinuousClock.Instant
    }

    /// What ``use(_:now:_:)`` found.
    enum Lookup<Result> {
        /// The key is kept and was used: `body`'s result.
        case found(Result)
        /// The key was kept but idle too long: now forgotten.
        case expired
        /// The key is not kept.
        case missing
    }

    private var entries: [Key: Entry] = [:]
    let idleTimeout: Duration
    let capacity: Int

    init(idleTimeout: Duration, capacity: Int) {
        self.idleTimeout = idleTimeout
        self.capacity = max(capacity, 1)
    }

    /// How many values are kept.
    var count: Int { entries.count }

    /// Keeps `value` under `key`, first forgetting expired values, then the least recently
    /// used, to stay within `capacity`. Returns how many values it forgot.
    @discardableResult
    mutating func insert(_ value: Value, for key: Key, now: ContinuousClock.Instant) -> Int {
        let before = entries.count
        // The scans run only when full, so an insert usually costs O(1).
        if entries.count >= capacity { entries = entries.filter { now - $0.value.lastUsed <= idleTimeout } }
        while entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
            entries[oldest] = nil
        }
        entries[key] = Entry(value: value, lastUsed: now)
        return before + 1 - entries.count
    }

    /// Runs `body` on the value under `key` and marks it used; an expired value is forgotten
    /// instead.
    mutating func use<Result>(_ key: Key, now: ContinuousClock.Instant, _ body: (inout Value) -> Result) -> Lookup<Result> {
        guard var entry = entries[key] else { return .missing }
        guard now - entry.lastUsed <= idleTimeout else {
            entries[key] = nil
            return .expired
        }
        entry.lastUsed = now
        let result = body(&entry.value)
        entries[key] = entry
        return .found(result)
    }

    /// Forgets the value under `key`; whether there was one.
    mutating func remove(_ key: Key) -> Bool {
        entries.removeValue(forKey: key) != nil
    }

    /// Forgets the values unused for `idleTimeout` (a sweeper's job); how many it forgot.
    @discardableResult
    mutating func removeIdle(now: ContinuousClock.Instant) -> Int {
        let before = entries.count
        let cutoff = now - idleTimeout
        entries = entries.filter { $0.value.lastUsed >= cutoff }
        return before - entries.count
    }
}
