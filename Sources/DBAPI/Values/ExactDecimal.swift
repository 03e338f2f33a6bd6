/// An exact decimal number of any precision: a sign, an unscaled integer magnitude as decimal
/// digits, and a scale (`value = ±digits × 10^-scale`).
///
/// It holds Arrow's `decimal32` … `decimal256` (up to 76 digits) and arbitrary-precision SQL
/// `NUMERIC` without rounding. Text conversion is exact both ways; conversions to Foundation's
/// `Decimal` (38 digits) and to `Double` live in `ExactDecimal+Conversions.swift`.
///
/// Equality and hashing are numeric: `1.50` equals `1.5`; ``description`` still shows the
/// scale the value was created with.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// The unscaled magnitude's decimal digits (0…9), most significant first, without leading
    /// zeros; empty for zero.
    private let digits: [UInt8]

    /// Whether the value is below zero (never true for zero).
    public let isNegative: Bool

    /// Digits after the decimal point; negative means trailing zeros before it
    /// (`12E+3` has scale -3).
    public let scale: Int

    /// Creates a value from its sign, unscaled digits (an ASCII digit string, leading zeros
    /// allowed) and scale; nil if `unscaledDigits` is empty or has a non-digit.
    public init?(isNegative: Bool, unscaledDigits: some StringProtocol, scale: Int) {
        guard !unscaledDigits.isEmpty else { return nil }
        var parsed: [UInt8] = []
        parsed.reserveCapacity(unscaledDigits.utf8.count)
        for byte in unscaledDigits.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            parsed.append(byte - UInt8(ascii: "0"))
        }
        self.init(isNegative: isNegative, digits: parsed, scale: scale)
    }

    /// Creates a value from digit values; strips leading zeros and clears the sign of zero.
    init(isNegative: Bool, digits: [UInt8], scale: Int) {
        let first = digits.firstIndex { $0 != 0 } ?? digits.endIndex
        self.digits = Array(digits[first...])
        self.isNegative = isNegative && !self.digits.isEmpty
        self.scale = scale
    }

    /// Parses decimal text exactly: an optional sign, digits with an optional point, and an
    /// optional exponent (`"-12.3400"`, `".5"`, `"1.2E-3"`, `"7e+2"`). The scale is the
    /// number of fraction digits minus the exponent, so `"12.3400"` keeps scale 4.
    public init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var parsed: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var exponent = 0
        while let byte = bytes.first {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                parsed.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard !parsed.isEmpty, let value = Int(String(Substring(bytes.dropFirst()))),
                    abs(value) < 1_000_000
                else { return nil }
                exponent = value
                bytes = bytes[bytes.endIndex...]
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard !parsed.isEmpty else { return nil }
        self.init(isNegative: negative, digits: parsed, scale: fractionDigits - exponent)
    }

    /// Creates an integral value.
    public init(_ value: Int64) {
        self.init(isNegative: value < 0, unscaledDigits: String(value.magnitude), scale: 0)!
    }

    /// Creates an integral value.
    public init(_ value: UInt64) {
        self.init(isNegative: false, unscaledDigits: String(value), scale: 0)!
    }

    /// Whether the value is zero.
    public var isZero: Bool { digits.isEmpty }

    /// The unscaled magnitude as a digit string (`"1234"` for `-12.34`), `"0"` for zero.
    public var unscaledDigits: String {
        digits.isEmpty ? "0" : String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The number of significant digits of the unscaled value (1 for zero).
    public var precision: Int { max(digits.count, 1) }

    /// The exact value with exactly ``scale`` fraction digits (`"-0.050"`, `"12.34"`), or
    /// with `-scale` trailing zeros when the scale is negative (`"1200"`).
    public var description: String {
        var text = unscaledDigits
        if scale <= 0 {
            if !digits.isEmpty { text += String(repeating: "0", count: -scale) }
        } else {
            if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        }
        return isNegative ? "-" + text : text
    }

    /// The same value with trailing fraction zeros removed (scale may become negative:
    /// `1200` becomes digits `12`, scale `-2`).
    public var normalized: ExactDecimal {
        guard let last = digits.lastIndex(where: { $0 != 0 }) else {
            return ExactDecimal(isNegative: false, digits: [], scale: 0)
        }
        let zeros = digits.count - 1 - last
        return ExactDecimal(isNegative: isNegative, digits: Array(digits[...last]), scale: scale - zeros)
    }

    /// Numeric equality: `1.50 == 1.5`.
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let left = lhs.normalized
        let right = rhs.normalized
        return left.isNegative == right.isNegative && left.digits == right.digits && left.scale == right.scale
    }

    /// Hashes the normalized value, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.isNegative)
        hasher.combine(value.digits)
        hasher.combine(value.scale)
    }

    /// Numeric order.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitudeLess = compareMagnitudes(lhs, rhs)
        return lhs.isNegative ? magnitudeLess == .orderedDescending : magnitudeLess == .orderedAscending
    }

    private enum Order { case orderedAscending, orderedSame, orderedDescending }

    private static func compareMagnitudes(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Order {
        if lhs.isZero || rhs.isZero {
            if lhs.isZero && rhs.isZero { return .orderedSame }
            return lhs.isZero ? .orderedAscending : .orderedDescending
        }
        // With no leading zeros, the position of the leading digit decides first.
        let leftMagnitude = lhs.digits.count - lhs.scale
        let rightMagnitude = rhs.digits.count - rhs.scale
        if leftMagnitude != rightMagnitude {
            return leftMagnitude < rightMagnitude ? .orderedAscending : .orderedDescending
        }
        for index in 0..<max(lhs.digits.count, rhs.digits.count) {
            let left = index < lhs.digits.count ? lhs.digits[index] : 0
            let right = index < rhs.digits.count ? rhs.digits[index] : 0
            if left != right { return left < right ? .orderedAscending : .orderedDescending }
        }
        return .orderedSame
    }

    /// The digit values, for conversions in this module.
    var digitValues: [UInt8] { digits }
}
