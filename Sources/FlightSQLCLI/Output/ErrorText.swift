/// The one-line text of an error for `flightsql: error: …`.
///
/// Every error type of the project keeps secrets out of its description; this only makes the
/// text fit on one line.
enum ErrorText {
    static func line(for error: any Error) -> String {
        let text = String(describing: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
