import DBAPI

/// Text of Arrow temporal values in the proleptic Gregorian calendar, in UTC, without
/// Foundation's calendars (which are slow and limited in range). The day arithmetic is
/// DBAPI's ``CivilCalendar``, shared with the SQLite driver.
enum CivilTime {
    /// `YYYY-MM-DD` for a day count since the epoch (years outside 0…9999 keep their sign and digits).
    static func dateString(daysSinceEpoch days: Int64) -> String {
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        return yearString(year) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
    }

    /// `HH:MM:SS` plus the unit's fraction digits for a time of day counted in units of
    /// `1/perSecond` seconds since midnight. Values outside one day wrap into it.
    static func timeString(_ value: Int64, perSecond: Int64, fractionDigits: Int) -> String {
        let (seconds, fraction) = floorDivide(value, perSecond)
        let secondOfDay = floorDivide(seconds, 86_400).remainder
        var text = pad(secondOfDay / 3_600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionDigits > 0 { text += "." + pad(fraction, fractionDigits) }
        return text
    }

    /// `YYYY-MM-DDTHH:MM:SS` plus the unit's fraction digits for a count of `1/perSecond`
    /// seconds since the epoch.
    static func timestampString(_ value: Int64, perSecond: Int64, fractionDigits: Int) -> String {
        let (seconds, _) = floorDivide(value, perSecond)
        let days = floorDivide(seconds, 86_400).quotient
        return dateString(daysSinceEpoch: days) + "T" + timeString(value, perSecond: perSecond, fractionDigits: fractionDigits)
    }

    /// ISO 8601 duration `PT<seconds>[.<fraction>]S`, with a leading `-` when negative.
    static func durationString(_ value: Int64, perSecond: Int64, fractionDigits: Int) -> String {
        let magnitude = value.magnitude
        let unitsPerSecond = UInt64(perSecond)
        var text = (value < 0 ? "-" : "") + "PT" + String(magnitude / unitsPerSecond)
        if fractionDigits > 0 { text += "." + pad(Int64(magnitude % unitsPerSecond), fractionDigits) }
        return text + "S"
    }

    /// Quotient rounded toward negative infinity and a remainder in `0..<divisor`.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func yearString(_ year: Int64) -> String {
        if (0...9_999).contains(year) { return pad(year, 4) }
        return year < 0 ? "-" + pad(-year, 4) : String(year)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        CivilCalendar.pad(value, width)
    }
}
