import DBAPI

/// Dates and timestamps as the ISO 8601 text SQLite's date functions read and write
/// (`2024-02-29`, `2024-02-29 13:45:07.250000`), converted without Foundation's `Calendar`
/// (whose results depend on process settings): proleptic Gregorian, UTC, years 0000–9999.
enum CivilTime {
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The number of days in a month.
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: Formatting

    /// `2024-02-29`, or nil outside years 0000–9999.
    static func dateText(days: Int64) -> String? {
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        guard (0...9_999).contains(year) else { return nil }
        return "\(pad(year, 4))-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))"
    }

    /// `2024-02-29 13:45:07` plus `.` and `unit`'s fraction digits when the fraction is not
    /// zero; nil outside years 0000–9999. The separator is a space, as in SQLite's
    /// `datetime()`, so that stored values compare correctly with SQLite's own.
    static func timestampText(count: Int64, unit: Value.TimeUnit) -> String? {
        let (days, inDay) = count.floorDivided(by: unit.perSecond * 86_400)
        guard let date = dateText(days: days) else { return nil }
        return date + " " + timeText(count: inDay, unit: unit)
    }

    /// `13:45:07`, plus the fraction when it is not zero, for a count since midnight.
    static func timeText(count: Int64, unit: Value.TimeUnit) -> String {
        let (seconds, fraction) = count.floorDivided(by: unit.perSecond)
        var text = "\(pad(seconds / 3_600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 { text += "." + pad(fraction, unit.fractionDigits) }
        return text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String { CivilCalendar.pad(value, width) }

    // MARK: Parsing

    /// Days since 1970-01-01 of exactly `YYYY-MM-DD` (a valid date), else nil.
    static func parseDate(_ text: some Collection<UInt8>) -> Int32? {
        var scanner = Scanner(bytes: Array(text))
        guard let days = scanner.date(), scanner.atEnd else { return nil }
        return Int32(exactly: days)
    }

    /// Microseconds since the epoch (UTC) of `YYYY-MM-DD`, optionally followed by `T` or a
    /// space and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f…` (1–9 fraction digits; digits beyond
    /// microseconds must be zero, so nothing is rounded away), and optionally by `Z` or an
    /// offset `±HH:MM` (converted to UTC). Nil for anything else.
    static func parseTimestamp(_ text: some Collection<UInt8>) -> Int64? {
        var scanner = Scanner(bytes: Array(text))
        guard let days = scanner.date() else { return nil }
        var micros = days * microsecondsPerDay
        if scanner.atEnd { return micros }
        guard scanner.take("T") || scanner.take(" "), let time = scanner.time() else { return nil }
        micros += time
        if scanner.take("Z") {
        } else if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            scanner.index += 1
            guard let hours = scanner.number(digits: 2), scanner.take(":"),
                let minutes = scanner.number(digits: 2), hours < 24, minutes < 60
            else { return nil }
            let offset = (hours * 60 + minutes) * 60_000_000
            micros += sign == UInt8(ascii: "+") ? -offset : offset
        }
        return scanner.atEnd ? micros : nil
    }

    /// A cursor over ASCII bytes for the parsers above.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Exactly `digits` ASCII digits as a number.
        mutating func number(digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += digits
            return value
        }

        /// `YYYY-MM-DD` as days since the epoch, validated.
        mutating func date() -> Int64? {
            guard let year = number(digits: 4), take("-"), let month = number(digits: 2), take("-"),
                let day = number(digits: 2), (1...12).contains(month),
                (1...CivilTime.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            return CivilCalendar.days(year: year, month: Int(month), day: Int(day))
        }

        /// `HH:MM[:SS[.fraction]]` as microseconds since midnight, validated.
        mutating func time() -> Int64? {
            guard let hours = number(digits: 2), take(":"), let minutes = number(digits: 2),
                hours < 24, minutes < 60
            else { return nil }
            var micros = (hours * 60 + minutes) * 60_000_000
            guard take(":") else { return micros }
            guard let seconds = number(digits: 2), seconds < 60 else { return nil }
            micros += seconds * 1_000_000
            guard take(".") else { return micros }
            var fraction: Int64 = 0
            var count = 0
            while let byte = peek, byte >= 48, byte <= 57 {
                count += 1
                guard count <= 9 else { return nil }
                if count <= 6 {
                    fraction = fraction * 10 + Int64(byte - 48)
                } else if byte != 48 {
                    return nil  // sub-microsecond digits would be lost
                }
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 6) { fraction *= 10 }
            return micros + fraction
        }
    }
}
