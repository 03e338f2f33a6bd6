import Foundation

/// Typed accessors: read one slot as a natural Swift type without building an
/// ``ArrowValue``. Each returns nil for a null slot, an index out of range, or a column
/// whose type does not convert. Dictionary, run-end encoded and union columns are read
/// through to the value they stand for.
extension ArrowArray {
    /// A bool column's value.
    public func bool(at index: Int) -> Bool? {
        withPhysicalSlot(index) { array, slot in
            guard case .bool = array.layout else { return nil }
            return array.primary.bit(slot)
        }
    }

    /// A signed integer column's value, widened; also the raw count of date, time,
    /// timestamp, duration and year-month interval columns, and unsigned values that fit.
    public func int64(at index: Int) -> Int64? {
        withPhysicalSlot(index) { array, slot in
            switch array.layout {
            case .signed(let width): return Int64(array.signedValue(slot, width: width))
            case .unsigned(let width):
                let value = array.unsignedValue(slot, width: width)
                return value <= UInt64(Int64.max) ? Int64(value) : nil
            default: return nil
            }
        }
    }

    /// An unsigned integer column's value, widened; also non-negative signed values.
    public func uint64(at index: Int) -> UInt64? {
        withPhysicalSlot(index) { array, slot in
            switch array.layout {
            case .unsigned(let width): return array.unsignedValue(slot, width: width)
            case .signed(let width):
                let value = array.signedValue(slot, width: width)
                return value >= 0 ? UInt64(value) : nil
            default: return nil
            }
        }
    }

    /// A floating-point column's value (float16 and float32 widened exactly); integer
    /// columns convert to the nearest `Double`.
    public func double(at index: Int) -> Double? {
        withPhysicalSlot(index) { array, slot in
            switch array.layout {
            case .float64: return Double(bitPattern: array.primary.load(at: slot &* 8, as: UInt64.self))
            case .float32: return Double(Float(bitPattern: array.primary.load(at: slot &* 4, as: UInt32.self)))
            case .float16: return Double(halfToFloat(array.primary.load(at: slot &* 2, as: UInt16.self)))
            case .signed(let width): return Double(array.signedValue(slot, width: width))
            case .unsigned(let width): return Double(array.unsignedValue(slot, width: width))
            default: return nil
            }
        }
    }

    /// A float32 or float16 column's value.
    public func float(at index: Int) -> Float? {
        withPhysicalSlot(index) { array, slot in
            switch array.layout {
            case .float32: return Float(bitPattern: array.primary.load(at: slot &* 4, as: UInt32.self))
            case .float16: return halfToFloat(array.primary.load(at: slot &* 2, as: UInt16.self))
            default: return nil
            }
        }
    }

    /// A utf8, large_utf8 or utf8_view column's value. Invalid UTF-8 is repaired with
    /// U+FFFD rather than rejected.
    public func string(at index: Int) -> String? {
        withPhysicalSlot(index) { array, slot in
            guard case .string = array.kind else { return nil }
            guard let bytes = array.bytes(atPhysical: slot) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The bytes of a binary, large_binary, binary_view, fixed_size_binary (or UTF-8) value.
    public func data(at index: Int) -> Data? {
        withPhysicalSlot(index) { array, slot in
            switch array.kind {
            case .binary, .string: break
            default: return nil
            }
            guard let bytes = array.bytes(atPhysical: slot) else { return nil }
            return Data(bytes)
        }
    }

    /// A decimal column's exact value.
    public func decimal(at index: Int) -> ArrowDecimal? {
        withPhysicalSlot(index) { array, slot in
            guard case .decimal(let width) = array.layout else { return nil }
            return ArrowDecimal(
                words: array.decimalWords(slot, width: width), precision: array.decimalPrecision, scale: array.decimalScale)
        }
    }

    /// A date32, date64 or timestamp column's value as a `Date`. A timestamp without a
    /// time zone is read as UTC.
    public func date(at index: Int) -> Date? {
        withPhysicalSlot(index) { array, slot in
            guard case .signed(let width) = array.layout else { return nil }
            let raw = Int64(array.signedValue(slot, width: width))
            switch array.kind {
            case .date32: return Date(timeIntervalSince1970: Double(raw) * 86_400)
            case .date64: return Date(timeIntervalSince1970: Self.seconds(raw, perSecond: 1_000))
            case .timestamp(let unit): return Date(timeIntervalSince1970: Self.seconds(raw, perSecond: unit.perSecond))
            default: return nil
            }
        }
    }

    /// Splits into whole seconds and a fraction so large counts keep sub-second precision.
    static func seconds(_ count: Int64, perSecond: Int64) -> Double {
        let (whole, fraction) = count.quotientAndRemainder(dividingBy: perSecond)
        return Double(whole) + Double(fraction) / Double(perSecond)
    }

    /// The little-endian words of the decimal at `slot`, sign-extended by ``ArrowDecimal``.
    func decimalWords(_ slot: Int, width: Int) -> [UInt64] {
        let start = slot &* width
        if width == 4 {
            return [UInt64(bitPattern: Int64(primary.load(at: start, as: Int32.self)))]
        }
        var words: [UInt64] = []
        words.reserveCapacity(width / 8)
        for word in 0..<(width / 8) { words.append(primary.load(at: start &+ word &* 8, as: UInt64.self)) }
        return words
    }
}

/// Converts IEEE 754 half precision to single precision exactly.
func halfToFloat(_ bits: UInt16) -> Float {
    let sign = UInt32(bits >> 15) << 31
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits) & 0x3FF
    if exponent == 0x1F {
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    }
    if exponent == 0 {
        // Subnormal (or zero): mantissa * 2^-24.
        let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign != 0 ? -magnitude : magnitude
    }
    return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
}
