/// What a statement's leading keyword says about it, which decides the implicit `BEGIN` of
/// manual-commit mode and whether `rowcount` reports `sqlite3_changes64`.
enum StatementKind: Equatable {
    /// `INSERT`, `UPDATE`, `DELETE`, `REPLACE`: `rowcount` is the number of changed rows.
    case dml
    /// `WITH …`: DML if the statement writes, a query otherwise.
    case commonTableExpression
    /// `BEGIN`, `COMMIT`, `END`, `ROLLBACK`, `RELEASE`, and `VACUUM`, `ATTACH`, `DETACH`,
    /// `PRAGMA`: run without an implicit `BEGIN`, since they control transactions themselves
    /// or cannot (or should not) run inside one.
    case outsideTransaction
    /// Everything else (`SELECT`, `CREATE`, `SAVEPOINT`, …).
    case other

    /// The kind of `sql`, from its first keyword after whitespace and comments.
    init(sql: String) {
        switch Self.leadingKeyword(sql) {
        case "INSERT", "UPDATE", "DELETE", "REPLACE": self = .dml
        case "WITH": self = .commonTableExpression
        case "BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE", "VACUUM", "ATTACH", "DETACH", "PRAGMA":
            self = .outsideTransaction
        default: self = .other
        }
    }

    /// The first word of `sql`, upper-cased, skipping whitespace, `--` and `/* */` comments.
    static func leadingKeyword(_ sql: String) -> String {
        let bytes = Array(sql.utf8.prefix(4_096))
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                index += 2
            } else {
                break
            }
        }
        var word: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            guard (65...90).contains(byte) || (97...122).contains(byte) else { break }
            word.append(byte & ~0x20)  // ASCII upper case
            index += 1
        }
        return String(decoding: word, as: UTF8.self)
    }
}
