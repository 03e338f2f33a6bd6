/// An exact decimal value as Arrow stores it: a two's-complement integer of up to 256 bits
/// (the unscaled value) and a scale. Nothing is rounded through floating point.
public struct ArrowDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The unscaled value as little-endian 64-bit words of a two's-complement integer,
    /// sign-extended to 4 words (256 bits).
    public let words: [UInt64]
    /// The declared precision (number of significant decimal digits).
    public let precision: Int
    /// Digits after the decimal point; negative means the value is multiplied by 10^-scale.
    public let scale: Int

    /// Creates a decimal from little-endian two's-complement words (1 to 4 of them),
    /// sign-extending to 256 bits.
    public init(words: [UInt64], precision: Int, scale: Int) {
        var extended = Array(words.prefix(4))
        let negative = (extended.last ?? 0) >> 63 == 1
        while extended.count < 4 { extended.append(negative ? .max : 0) }
        self.words = extended
        self.precision = precision
        self.scale = scale
    }

    /// Creates a decimal from a 64-bit unscaled value.
    public init(unscaled: Int64, precision: Int, scale: Int) {
        self.init(words: [UInt64(bitPattern: unscaled)], precision: precision, scale: scale)
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { words[3] >> 63 == 1 }

    /// The unscaled value's decimal digits, without sign.
    public var unscaledMagnitudeDigits: String {
        var magnitude = isNegative ? Self.negate(words) : words
        if magnitude.allSatisfy({ $0 == 0 }) { return "0" }
        // Repeatedly divide by 10^18 and collect 18-digit chunks, least significant first.
        let chunkDivisor: UInt64 = 1_000_000_000_000_000_000
        var chunks: [UInt64] = []
        while !magnitude.allSatisfy({ $0 == 0 }) {
            var remainder: UInt64 = 0
            for index in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let (quotient, rest) = chunkDivisor.dividingFullWidth((high: remainder, low: magnitude[index]))
                magnitude[index] = quotient
                remainder = rest
            }
            chunks.append(remainder)
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 18 - digits.count) + digits
        }
        return text
    }

    /// The exact value with exactly `scale` fraction digits (`"-0.05"`, `"12.345"`),
    /// or with `-scale` trailing zeros when the scale is negative (`"1200"`).
    ///
    /// A scale that would need more than 128 zeros is written as the unscaled digits with an
    /// exponent instead (`"12E-1000000"`, `"12E+1000000"`): still exact, and the text stays
    /// short whatever scale the value was given.
    public var description: String {
        var digits = unscaledMagnitudeDigits
        let sign = isNegative ? "-" : ""
        if scale <= 0 {
            if digits == "0" { return "0" }
            // Compared before negating: `-Int.min` would trap.
            guard scale >= -Self.maximumPaddingZeros else { return sign + digits + "E+" + String(scale.magnitude) }
            return sign + digits + String(repeating: "0", count: -scale)
        }
        if digits.count <= scale {
            guard scale - digits.count < Self.maximumPaddingZeros else { return sign + digits + "E-" + String(scale) }
            digits = String(repeating: "0", count: scale - digits.count + 1) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The most zeros `description` pads with: above the 76 digits of any valid Arrow
    /// decimal, so only scales no Arrow schema allows switch to the exponent form.
    static let maximumPaddingZeros = 128

    private static func negate(_ words: [UInt64]) -> [UInt64] {
        var result = words.map { ~$0 }
        var carry: UInt64 = 1
        for index in result.indices {
            let (sum, overflow) = result[index].addingReportingOverflow(carry)
            result[index] = sum
            carry = overflow ? 1 : 0
        }
        return result
    }
}
