import Foundation

// Scalar values: integers, temporal counts, floats, decimals, fixed-size and variable-size binary.
extension ArrowArrayBuilder {
    /// The raw count stored by a signed-integer or temporal column.
    func signedRaw(_ value: ArrowValue) throws(ArrowError) -> Int64 {
        switch (field.type, value) {
        case (_, .int(let raw)): return raw
        case (.int8, .uint(let raw)), (.int16, .uint(let raw)), (.int32, .uint(let raw)), (.int64, .uint(let raw)):
            guard raw <= UInt64(Int64.max) else { throw mismatch(value, " (out of range)") }
            return Int64(raw)
        case (.date32, .date32(let days)): return Int64(days)
        case (.date64, .date64(let milliseconds)): return milliseconds
        case (.date64, .date32(let days)): return try scaled(Int64(days), by: 86_400_000, value)
        case (.time32(let unit), .time(let raw, let from)), (.time64(let unit), .time(let raw, let from)),
            (.duration(let unit), .duration(let raw, let from)), (.timestamp(let unit, _), .timestamp(let raw, let from, _)):
            return try convert(raw, from: from, to: unit, value)
        case (.timestamp(let unit, _), .date64(let milliseconds)):
            return try convert(milliseconds, from: .millisecond, to: unit, value)
        case (.timestamp(let unit, _), .date32(let days)):
            return try convert(try scaled(Int64(days), by: 86_400, value), from: .second, to: unit, value)
        case (.interval(.yearMonth), .intervalYearMonth(let months)): return Int64(months)
        default: throw mismatch(value)
        }
    }

    private func scaled(_ raw: Int64, by factor: Int64, _ value: ArrowValue) throws(ArrowError) -> Int64 {
        let (product, overflow) = raw.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw mismatch(value, " (out of range)") }
        return product
    }

    /// Converts between time units when it is exact (finer units always; coarser only
    /// without a remainder).
    private func convert(_ raw: Int64, from: TimeUnit, to: TimeUnit, _ value: ArrowValue) throws(ArrowError) -> Int64 {
        if from == to { return raw }
        if to.perSecond > from.perSecond { return try scaled(raw, by: to.perSecond / from.perSecond, value) }
        let divisor = from.perSecond / to.perSecond
        guard raw % divisor == 0 else { throw mismatch(value, " (not exact in \(to))") }
        return raw / divisor
    }

    static func fitsSigned(_ raw: Int64, width: Int) -> Bool {
        switch width {
        case 1: Int64(Int8.min) <= raw && raw <= Int64(Int8.max)
        case 2: Int64(Int16.min) <= raw && raw <= Int64(Int16.max)
        case 4: Int64(Int32.min) <= raw && raw <= Int64(Int32.max)
        default: true
        }
    }

    /// Writes the low `width` bytes of `raw` (a valid slot).
    @inline(__always)
    mutating func appendFixed(_ raw: UInt64, width: Int) {
        markValid()
        switch width {
        case 1: values.append(UInt8(truncatingIfNeeded: raw))
        case 2: values.append(UInt16(truncatingIfNeeded: raw))
        case 4: values.append(UInt32(truncatingIfNeeded: raw))
        default: values.append(raw)
        }
        count += 1
    }

    /// Writes a floating-point value at the column's precision (a valid slot).
    @inline(__always)
    mutating func appendFloating(_ number: Double) {
        markValid()
        switch layout {
        case .float16: values.append(floatToHalf(Float(number)))
        case .float32: values.append(Float(number).bitPattern)
        default: values.append(number.bitPattern)
        }
        count += 1
    }

    func checkDecimal(_ decimal: ArrowDecimal, width: Int) throws(ArrowError) {
        guard case .decimal(_, let precision, let scale) = field.type else { throw mismatch(.decimal(decimal)) }
        guard decimal.scale == scale else { throw mismatch(.decimal(decimal), " (scale \(decimal.scale), column \(scale))") }
        let words = decimal.words
        let fill: UInt64 = decimal.isNegative ? .max : 0
        if width == 4 {
            let low = Int64(bitPattern: words[0])
            guard Self.fitsSigned(low, width: 4), words[1...].allSatisfy({ $0 == fill }) else {
                throw mismatch(.decimal(decimal), " (out of range)")
            }
        } else {
            let used = width / 8
            // The top used word's sign bit must agree with the words dropped.
            guard words[used...].allSatisfy({ $0 == fill }), (words[used - 1] >> 63 == 1) == decimal.isNegative else {
                throw mismatch(.decimal(decimal), " (out of range)")
            }
        }
        guard decimal.unscaledMagnitudeDigits.count <= max(precision, 1) else {
            throw mismatch(.decimal(decimal), " (more than \(precision) digits)")
        }
    }

    /// Writes the low `width` bytes of a sign-extended decimal (a valid slot).
    mutating func appendDecimalWords(_ words: [UInt64], width: Int) {
        markValid()
        if width == 4 {
            values.append(UInt32(truncatingIfNeeded: words[0]))
        } else {
            for index in 0..<(width / 8) { values.append(index < words.count ? words[index] : 0) }
        }
        count += 1
    }

    mutating func applyFixedBytes(_ value: ArrowValue, width: Int, commit: Bool) throws(ArrowError) {
        switch (field.type, value) {
        case (.interval(.dayTime), .intervalDayTime(let days, let milliseconds)):
            if commit {
                markValid()
                values.append(days)
                values.append(milliseconds)
                count += 1
            }
        case (.interval(.monthDayNano), .intervalMonthDayNano(let months, let days, let nanoseconds)):
            if commit {
                markValid()
                values.append(months)
                values.append(days)
                values.append(nanoseconds)
                count += 1
            }
        case (.fixedSizeBinary, .binary), (.fixedSizeBinary, .string):
            var wrongWidth = false
            _ = try Self.withBytes(value) { (bytes) throws(ArrowError) in
                if bytes.count != width {
                    wrongWidth = true
                } else if commit {
                    appendFixedBytes(bytes)
                }
            }
            if wrongWidth { throw mismatch(value, " (needs \(width) bytes)") }
        default:
            throw mismatch(value)
        }
    }

    /// Writes one fixed-size binary value of the right width (a valid slot).
    mutating func appendFixedBytes(_ bytes: UnsafeRawBufferPointer) {
        markValid()
        values.append(bytes)
        count += 1
    }

    /// Calls `body` with the bytes of a string or binary value (no copy for native strings
    /// and contiguous `Data`); false when `value` is neither. Static so that `body` may
    /// mutate the builder.
    static func withBytes(
        _ value: ArrowValue, _ body: (UnsafeRawBufferPointer) throws(ArrowError) -> Void
    ) throws(ArrowError) -> Bool {
        var failure: ArrowError?
        switch value {
        case .string(var text):
            text.withUTF8 { utf8 in
                do throws(ArrowError) { try body(UnsafeRawBufferPointer(utf8)) } catch { failure = error }
            }
        case .binary(let data):
            data.withUnsafeBytes { bytes in
                do throws(ArrowError) { try body(bytes) } catch { failure = error }
            }
        default:
            return false
        }
        if let failure { throw failure }
        return true
    }

    mutating func applyBytes(_ value: ArrowValue, commit: Bool) throws(ArrowError) {
        switch (field.type, value) {
        case (.utf8, .string), (.largeUTF8, .string), (.utf8View, .string),
            (.binary, .binary), (.largeBinary, .binary), (.binaryView, .binary),
            (.binary, .string), (.largeBinary, .string), (.binaryView, .string):
            break
        default:
            throw mismatch(value)
        }
        var tooLong = false
        _ = try Self.withBytes(value) { (bytes) throws(ArrowError) in
            if !fitsVariable(bytes.count) {
                tooLong = true
            } else if commit {
                appendVariable(bytes)
            }
        }
        if tooLong { throw mismatch(value, " (too much data for the column's offsets)") }
    }

    /// Whether `length` more bytes fit the column's 32-bit offsets or views.
    func fitsVariable(_ length: Int) -> Bool {
        switch layout {
        case .binary(4): Int64(secondary.count) + Int64(length) <= Int64(Int32.max)
        case .view: length <= Int(Int32.max)
        default: true
        }
    }

    /// Writes one variable-size value (a valid slot); the size was checked.
    @inline(__always)
    mutating func appendVariable(_ bytes: UnsafeRawBufferPointer) {
        markValid()
        switch layout {
        case .binary(let width):
            secondary.append(bytes)
            appendOffset(secondary.count, width: width)
        default:
            values.append(Int32(truncatingIfNeeded: bytes.count))
            if bytes.count <= 12 {
                values.append(bytes)
                values.appendZeros(12 - bytes.count)
            } else {
                if secondary.count > 0, secondary.count + bytes.count > Self.viewBlockSize {
                    viewData.append(secondary.finish())
                }
                values.append(UnsafeRawBufferPointer(rebasing: bytes[0..<4]))
                values.append(Int32(truncatingIfNeeded: viewData.count))
                values.append(Int32(truncatingIfNeeded: secondary.count))
                secondary.append(bytes)
            }
        }
        count += 1
    }

    @inline(__always)
    mutating func appendOffset(_ offset: Int, width: Int) {
        if width == 4 { values.append(Int32(truncatingIfNeeded: offset)) } else { values.append(Int64(offset)) }
    }
}

/// Converts single to IEEE 754 half precision, rounding to nearest even; out-of-range
/// values become infinities and NaN stays NaN.
func floatToHalf(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xFF)
    var mantissa = bits & 0x7F_FFFF
    if exponent == 0xFF {
        return sign | 0x7C00 | (mantissa != 0 ? 0x200 | UInt16(truncatingIfNeeded: mantissa >> 13) : 0)
    }
    let halfExponent = exponent - 127 + 15
    if halfExponent >= 0x1F { return sign | 0x7C00 }
    if halfExponent <= 0 {
        // Subnormal half (or zero): shift the mantissa with its implicit bit into place.
        if halfExponent < -10 { return sign }
        mantissa |= 0x80_0000
        let shift = UInt32(14 - halfExponent)
        var half = mantissa >> shift
        let remainder = mantissa & ((1 << shift) - 1)
        let halfway = UInt32(1) << (shift - 1)
        if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
        return sign | UInt16(truncatingIfNeeded: half)
    }
    var half = UInt32(halfExponent) << 10 | (mantissa >> 13)
    let remainder = mantissa & 0x1FFF
    // A carry out of the mantissa correctly bumps the exponent (up to infinity).
    if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
    return sign | UInt16(truncatingIfNeeded: half)
}
