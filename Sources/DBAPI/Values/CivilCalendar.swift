/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01, without Foundation's
/// `Calendar` (whose results depend on the process's settings).
///
/// The algorithms are Howard Hinnant's `civil_from_days` and `days_from_civil`.
///
/// `package`, not public: SQLiteDBAPI stores dates as ISO 8601 text and converts with the same
/// arithmetic, but it is no part of the DB-API.
package enum CivilCalendar {
    /// The year, month (1…12) and day (1…31) of a day number.
    package static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The day number of a year, month (1…12) and day.
    package static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `2024-02-29`.
    static func dateString(days: Int64) -> String {
        let (year, month, day) = civil(fromDays: days)
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))"
    }

    /// `13:45:07.250` for a count of `unit` since midnight (fraction digits per unit).
    static func timeString(count: Int64, unit: Value.TimeUnit) -> String {
        let (seconds, fraction) = count.floorDivided(by: unit.perSecond)
        var text = "\(pad(seconds / 3_600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if unit.fractionDigits > 0 { text += "." + pad(fraction, unit.fractionDigits) }
        return text
    }

    /// `2024-02-29 13:45:07.250` for a count of `unit` since the epoch.
    static func timestampString(count: Int64, unit: Value.TimeUnit) -> String {
        let perDay = unit.perSecond * 86_400
        let (days, inDay) = count.floorDivided(by: perDay)
        return dateString(days: days) + " " + timeString(count: inDay, unit: unit)
    }

    /// Zero-pads a non-negative number to `width` digits.
    package static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
