/// How the Flight SQL driver runs a statement: as a query (its rows are fetched) or as an
/// update (only an affected-row count comes back).
///
/// Flight SQL sends the two differently (`GetFlightInfo` + `DoGet` versus `DoPut`), and the
/// server must be told which one it gets. ``automatic`` decides from the statement's first
/// keyword (see ``detect(_:)``); force the kind when that guess is wrong for a server.
public enum FlightSQLStatementKind: String, Sendable, Hashable, CaseIterable {
    /// Decide from the SQL (statements with parameters: from the prepared statement's result schema).
    case automatic
    /// A statement that returns rows (`CommandStatementQuery`, `CommandPreparedStatementQuery`).
    case query
    /// A statement that returns a row count (`CommandStatementUpdate`, `CommandPreparedStatementUpdate`).
    case update

    /// Keywords that start statements returning no rows.
    static let updateKeywords: Set<String> = [
        "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CREATE", "DROP", "ALTER",
        "TRUNCATE", "RENAME", "COMMENT", "GRANT", "REVOKE", "COPY", "LOAD", "ATTACH", "DETACH",
        "SET", "RESET", "USE", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
        "VACUUM", "ANALYZE", "REFRESH", "OPTIMIZE", "CHECKPOINT", "LOCK", "UNLOCK", "DISCARD",
    ]

    /// The kind of `sql` judged by its first keyword, skipping whitespace, `--` and `/* */`
    /// comments (nested ones too) and opening parentheses: ``update`` for DML and DDL
    /// (`INSERT`, `UPDATE`, `DELETE`, `CREATE`, `DROP`, `ALTER`, …), ``query`` for everything
    /// else (`SELECT`, `WITH`, `VALUES`, `SHOW`, `EXPLAIN`, unknown words, empty text), since
    /// running a query that has no rows costs less than losing rows.
    ///
    /// DML with a `RETURNING` clause (`INSERT … RETURNING id`: SQLite, PostgreSQL, DuckDB)
    /// returns rows, so it is a ``query``: sent as an update, its rows would be lost.
    public static func detect(_ sql: String) -> FlightSQLStatementKind {
        guard let keyword = firstKeyword(of: sql) else { return .query }
        guard updateKeywords.contains(keyword) else { return .query }
        if dmlKeywords.contains(keyword), containsReturning(sql) { return .query }
        return .update
    }

    /// Statements that may end with a `RETURNING` clause.
    static let dmlKeywords: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE"]

    /// Whether the word `RETURNING` occurs in `sql` outside quotes ('…', "…", `…`, […]) and comments.
    static func containsReturning(_ sql: String) -> Bool {
        let bytes = Array(sql.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let close = closingQuote(byte) {
                index += 1
                while index < bytes.count, bytes[index] != close { index += 1 }
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            } else if isWordByte(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                let start = index
                while index < bytes.count, isWordByte(bytes[index]) || (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) {
                    index += 1
                }
                if index - start == 9, String(decoding: bytes[start..<index], as: UTF8.self).uppercased() == "RETURNING" { return true }
            } else {
                index += 1
            }
        }
        return false
    }

    private static func closingQuote(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): byte
        case UInt8(ascii: "["): UInt8(ascii: "]")
        default: nil
        }
    }

    /// The first word of `sql` in upper case, after whitespace, comments and `(`.
    static func firstKeyword(of sql: String) -> String? {
        let bytes = Array(sql.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "(") || byte == 0x0C || byte == 0x0B
            {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                var depth = 1
                index += 2
                while index < bytes.count, depth > 0 {
                    if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                        depth += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                }
            } else {
                break
            }
        }
        var end = index
        while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
        guard end > index else { return nil }
        return String(decoding: bytes[index..<end], as: UTF8.self).uppercased()
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }
}
