/// ``Redaction`` for the package's other modules (the `flightsql` command redacts the error
/// lines it prints with it), without making it public API of the DB-API.
package enum PackageRedaction {
    /// Replaces the value of every secret-looking `key=value`, `key: value` or `Bearer value`
    /// in `text` with `<redacted>`, as ``DBAPIError`` does for its messages.
    package static func redact(_ text: String) -> String { Redaction.redact(text) }
}
