import Foundation

/// SplitMix64: a tiny, fast, well-mixed generator whose whole state is one integer, so a
/// failing fuzz case is reproduced from the seed and case number printed with the failure.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; equal states produce equal sequences.
    public var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for case `index` of a run seeded with `seed`: each case can be replayed on
    /// its own without running the cases before it.
    public static func forCase(_ index: Int, seed: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }
}

/// How much fuzzing a run does, from the environment:
///
/// - `FLIGHTSQL_FUZZ_ITERATIONS`: a multiplier of every harness's default case count
///   (default 1, sized so that all harnesses together stay within CI's budget); set it to
///   e.g. 50 for a long local run.
/// - `FLIGHTSQL_FUZZ_SEED`: the seed (decimal or 0x-hex); fixed by default so CI is
///   deterministic. Failures print the seed and the case number to replay.
public enum FuzzConfiguration {
    /// The default seed: fixed, so that CI runs the same cases every time.
    public static let defaultSeed: UInt64 = 0x5EED_F1A9_7501_0001

    /// The run's seed.
    public static var seed: UInt64 {
        guard let text = TestEnvironment.value("FLIGHTSQL_FUZZ_SEED") else { return defaultSeed }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) ?? defaultSeed }
        return UInt64(text) ?? defaultSeed
    }

    /// The multiplier from `FLIGHTSQL_FUZZ_ITERATIONS` (at least 1).
    public static var multiplier: Int {
        max(1, TestEnvironment.value("FLIGHTSQL_FUZZ_ITERATIONS").flatMap { Int($0) } ?? 1)
    }

    /// A harness's case count: its CI default times the multiplier.
    public static func iterations(_ ciDefault: Int) -> Int { ciDefault * multiplier }

    /// How to replay a case, for failure messages.
    public static func replay(_ index: Int) -> String {
        "FLIGHTSQL_FUZZ_SEED=0x\(String(seed, radix: 16)) case \(index)"
    }
}

/// Structure-blind mutations of a valid encoding: what a corrupting network, a buggy peer or
/// an attacker produces. Each mutation keeps most of the input so that decoders get past
/// their first checks and reach the deeper ones.
public enum Mutator {
    /// Lengths that overflow or nearly overflow 32- and 64-bit arithmetic, and common limits.
    public static let interestingLengths: [UInt64] = [
        0, 1, 0x7F, 0x80, 0xFF, 0x3FFF, 0x4000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, UInt64.max, UInt64.max - 1,
    ]

    /// One to four random mutations of `input`.
    public static func mutate(_ input: Data, using rng: inout SplitMix64, donors: [Data] = []) -> Data {
        var bytes = [UInt8](input)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            mutateOnce(&bytes, using: &rng, donors: donors)
        }
        return Data(bytes)
    }

    /// Applies one mutation chosen at random.
    public static func mutateOnce(_ bytes: inout [UInt8], using rng: inout SplitMix64, donors: [Data] = []) {
        let choice = Int.random(in: 0..<11, using: &rng)
        if bytes.isEmpty && choice < 9 {
            bytes = randomBytes(Int.random(in: 1...16, using: &rng), using: &rng)
            return
        }
        let position = Int.random(in: 0..<max(1, bytes.count), using: &rng)
        switch choice {
        case 0:  // bit flip
            bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 1:  // byte replaced by an interesting value
            bytes[position] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x08, 0x0A, 0x12][Int.random(in: 0..<9, using: &rng)]
        case 2:  // truncation
            bytes.removeSubrange(position...)
        case 3:  // a run removed
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &rng))
            bytes.removeSubrange(position..<end)
        case 4:  // a random run inserted
            bytes.insert(contentsOf: randomBytes(Int.random(in: 1...8, using: &rng), using: &rng), at: position)
        case 5:  // a varint at a random place replaced by an inflated length
            let length = interestingLengths[Int.random(in: 0..<interestingLengths.count, using: &rng)]
            let end = varintEnd(bytes, from: position)
            bytes.replaceSubrange(position..<end, with: varint(length))
        case 6:  // a varint made overlong (padded with continuation bytes, up to 11 bytes)
            let end = varintEnd(bytes, from: position)
            var value = [UInt8](bytes[position..<end])
            if let last = value.indices.last { value[last] |= 0x80 }
            value += Array(repeating: 0x80, count: Int.random(in: 0...6, using: &rng)) + [0x00]
            bytes.replaceSubrange(position..<end, with: value)
        case 7:  // a 32-bit little/big-endian word set to an interesting length (flatbuffer offsets, gRPC prefixes)
            let length = UInt32(truncatingIfNeeded: interestingLengths[Int.random(in: 0..<interestingLengths.count, using: &rng)])
            let word: [UInt8] = Bool.random(using: &rng)
                ? [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
                : [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            let end = min(bytes.count, position + 4)
            bytes.replaceSubrange(position..<end, with: word)
        case 8:  // a random splice from this input or a donor
            let source = donors.isEmpty || Bool.random(using: &rng) ? bytes : [UInt8](donors[Int.random(in: 0..<donors.count, using: &rng)])
            guard !source.isEmpty else { return }
            let start = Int.random(in: 0..<source.count, using: &rng)
            let end = min(source.count, start + Int.random(in: 1...32, using: &rng))
            let cut = min(bytes.count, position + Int.random(in: 0...32, using: &rng))
            bytes.replaceSubrange(position..<cut, with: source[start..<end])
        case 9:  // a duplicated run (repeated fields, repeated frames)
            guard !bytes.isEmpty else { return }
            let end = min(bytes.count, position + Int.random(in: 1...64, using: &rng))
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        default:  // entirely random bytes
            bytes = randomBytes(Int.random(in: 0...64, using: &rng), using: &rng)
        }
    }

    /// `count` random bytes.
    public static func randomBytes(_ count: Int, using rng: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    /// The protobuf varint encoding of `value`.
    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// Where a varint starting at `start` ends (bounded by the input and 10 bytes).
    static func varintEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, index - start < 10 {
            defer { index += 1 }
            if bytes[index] & 0x80 == 0 { break }
        }
        return max(index, min(start + 1, bytes.count))
    }
}

/// A case-rate measurement for a fuzz harness's summary line.
public struct FuzzTally: Sendable {
    /// The harness's name.
    public let name: String
    /// Cases run.
    public var cases = 0
    /// Cases the code under test accepted (decoded, answered) rather than refused.
    public var accepted = 0
    private let start = ContinuousClock.now

    /// Starts timing `name`.
    public init(_ name: String) { self.name = name }

    /// Prints cases, acceptance and rate, e.g. `fuzz protobuf: 120000 cases (3.1% accepted) in 1.2 s, 100000/s`.
    public func report() {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(cases) / seconds) : cases
        let percent = cases > 0 ? Double(accepted) * 100 / Double(cases) : 0
        print("fuzz \(name): \(cases) cases (\(String(format: "%.1f", percent))% accepted) in \(String(format: "%.2f", seconds)) s, \(rate)/s, seed 0x\(String(FuzzConfiguration.seed, radix: 16))")
    }
}
