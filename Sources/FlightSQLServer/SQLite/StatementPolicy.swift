import DBAPI
import Foundation

/// Statements a client may not run through the server, because they would reach beyond the
/// client's own work: SQL transaction control (on the shared connection it would wrap every
/// other client's statements; Flight SQL's BeginTransaction/EndTransaction do it per client),
/// statements that open or write other files (`ATTACH`, `DETACH`, `VACUUM INTO`), and pragma
/// assignments (`PRAGMA foreign_keys = OFF` would change the connection clients share).
enum StatementPolicy {
    private static let refused: Set<String> = ["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ATTACH", "DETACH"]

    /// Throws a `programmingError` (INVALID_ARGUMENT) for a refused statement.
    static func check(_ sql: String) throws {
        let keyword = firstKeyword(sql)
        if refused.contains(keyword) {
            let hint = ["ATTACH", "DETACH"].contains(keyword)
                ? "the server decides which database files it serves"
                : "use Flight SQL transactions (BeginTransaction, EndTransaction, savepoints) instead"
            throw DBAPIError(.programmingError, "\(keyword) statements are not accepted by this server: \(hint)")
        }
        if keyword == "PRAGMA", isPragmaAssignment(sql) {
            throw DBAPIError(.programmingError, "PRAGMA assignments are not accepted by this server: they would change the connection other clients share")
        }
        if keyword == "VACUUM", sql.uppercased().contains("INTO") {
            throw DBAPIError(.programmingError, "VACUUM INTO is not accepted by this server: it writes another file")
        }
    }

    /// Pragmas whose call form, `PRAGMA name(argument)`, only reads: the argument names what
    /// to describe. For every other pragma the call form sets a value, as `=` does
    /// (`PRAGMA foreign_keys(0)` is `PRAGMA foreign_keys = 0`).
    private static let queryPragmas: Set<String> = [
        "TABLE_INFO", "TABLE_XINFO", "TABLE_LIST", "INDEX_LIST", "INDEX_INFO", "INDEX_XINFO", "FOREIGN_KEY_LIST",
        "FOREIGN_KEY_CHECK", "INTEGRITY_CHECK", "QUICK_CHECK",
    ]

    /// Whether a PRAGMA statement sets a value: `PRAGMA [schema.]name = value`, or the call
    /// form `PRAGMA [schema.]name(value)` of a pragma that is not a query.
    static func isPragmaAssignment(_ sql: String) -> Bool {
        if sql.contains("=") { return true }
        guard let open = sql.firstIndex(of: "(") else { return false }
        // The pragma's name: the last dotted part of what stands between PRAGMA and `(`.
        let head = sql[..<open].uppercased()
        guard let pragma = head.range(of: "PRAGMA") else { return true }
        let name = head[pragma.upperBound...].split(separator: ".").last?
            .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"`[]"))) ?? ""
        return !queryPragmas.contains(name)
    }

    /// The statement's first word, upper-cased, after whitespace and comments.
    static func firstKeyword(_ sql: String) -> String {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == ";" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return "" }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        return String(rest.prefix { $0.isLetter }).uppercased()
    }
}
