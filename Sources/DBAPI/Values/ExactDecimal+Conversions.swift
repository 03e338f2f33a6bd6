import Foundation

extension ExactDecimal {
    /// Creates a value from a two's-complement unscaled integer given as little-endian 64-bit
    /// words (Arrow's decimal layout: 1 word for decimal64, 2 for decimal128, 4 for
    /// decimal256) and a scale.
    public init(twosComplementWords words: [UInt64], scale: Int) {
        let negative = (words.last ?? 0) >> 63 == 1
        var magnitude = negative ? Self.negate(words) : words
        // Repeatedly divide by 10^18 and collect 18-digit chunks, least significant first.
        let chunkDivisor: UInt64 = 1_000_000_000_000_000_000
        var chunks: [UInt64] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in magnitude.indices.reversed() {
                let (quotient, rest) = chunkDivisor.dividingFullWidth((high: remainder, low: magnitude[index]))
                magnitude[index] = quotient
                remainder = rest
            }
            chunks.append(remainder)
        }
        var text = chunks.popLast().map { String($0) } ?? "0"
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 18 - digits.count) + digits
        }
        self.init(isNegative: negative, unscaledDigits: text, scale: scale)!
    }

    /// The unscaled value as `wordCount` little-endian two's-complement words (as
    /// ``init(twosComplementWords:scale:)`` takes them), or nil if it does not fit.
    public func twosComplementWords(wordCount: Int = 4) -> [UInt64]? {
        var words = [UInt64](repeating: 0, count: wordCount)
        for digit in digitValues {
            // words = words * 10 + digit
            var carry = UInt64(digit)
            for index in words.indices {
                let product = words[index].multipliedFullWidth(by: 10)
                let (sum, overflow) = product.low.addingReportingOverflow(carry)
                words[index] = sum
                carry = product.high + (overflow ? 1 : 0)
            }
            if carry != 0 { return nil }
        }
        // The magnitude must leave the sign bit clear, except for exactly -2^(64n-1).
        let topBitSet = words[wordCount - 1] >> 63 == 1
        if isNegative {
            let result = Self.negate(words)
            if topBitSet && result != words { return nil }
            return result
        }
        return topBitSet ? nil : words
    }

    /// The same value expressed with a different scale, exactly, or nil if lowering the scale
    /// would drop non-zero digits.
    public func rescaled(to newScale: Int) -> ExactDecimal? {
        var digits = digitValues
        if newScale >= scale {
            digits += [UInt8](repeating: 0, count: newScale - scale)
        } else {
            let drop = scale - newScale
            if drop > digits.count {
                guard digits.allSatisfy({ $0 == 0 }) else { return nil }
                digits = []
            } else {
                guard digits.suffix(drop).allSatisfy({ $0 == 0 }) else { return nil }
                digits.removeLast(drop)
            }
        }
        return ExactDecimal(isNegative: isNegative, digits: digits, scale: newScale)
    }

    /// Creates the exact value of a Foundation `Decimal`; nil for NaN.
    public init?(exactly decimal: Decimal) {
        guard !decimal.isNaN else { return nil }
        // Decimal's significand is an integer of at most 38 digits, so its text is exact.
        let significand = NSDecimalNumber(decimal: decimal.significand.magnitude)
            .stringValue
        self.init(
            isNegative: decimal.sign == .minus, unscaledDigits: significand,
            scale: -Int(decimal.exponent))
    }

    /// The value as a Foundation `Decimal`, or nil if it has more significant digits than
    /// `Decimal` holds (38) or an exponent outside its range, so that nothing is rounded.
    public var decimalValue: Decimal? {
        let value = normalized
        let digits = value.digitValues
        if digits.isEmpty { return Decimal(0) }
        guard digits.count <= 38, (-128...127).contains(-value.scale) else { return nil }
        // Build the 128-bit significand from the digits exactly.
        var significand = Decimal(0)
        for digit in digits {
            significand = significand * 10 + Decimal(Int(digit))
        }
        let result = Decimal(sign: value.isNegative ? .minus : .plus, exponent: -value.scale, significand: significand)
        return result
    }

    /// The nearest `Double` (correctly rounded from the exact text).
    public var doubleValue: Double {
        Double(description) ?? (isNegative ? -.infinity : .infinity)
    }

    /// The value as an `Int64` if it is integral and fits, else nil.
    public var int64Value: Int64? {
        guard let integral = rescaled(to: 0) else { return nil }
        guard let magnitude = UInt64(integral.unscaledDigits) else { return nil }
        if integral.isNegative {
            if magnitude == UInt64(Int64.max) + 1 { return .min }
            return Int64(exactly: magnitude).map { -$0 }
        }
        return Int64(exactly: magnitude)
    }

    /// The value as a `UInt64` if it is integral, non-negative and fits, else nil.
    public var uint64Value: UInt64? {
        guard let integral = rescaled(to: 0) else { return nil }
        if integral.isNegative { return nil }
        return UInt64(integral.unscaledDigits)
    }

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
