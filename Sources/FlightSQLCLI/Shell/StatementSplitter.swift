import Foundation

/// Splits shell input into SQL statements at `;` outside quotes and comments.
///
/// Lines are fed one at a time (a statement may span many); quotes (`'…'` with `''`,
/// `"…"`, `` `…` ``), `--` line comments and `/* … */` block comments (nested, as in
/// PostgreSQL and DataFusion) may span lines too. A statement that holds only whitespace
/// and comments is dropped. Pure, so that it is tested without a terminal or a server.
struct StatementSplitter {
    private enum State: Equatable {
        case normal
        case quoted(Character)
        case lineComment
        case blockComment(depth: Int)
    }

    private var state = State.normal
    private var text = ""
    /// Whether `text` holds something besides whitespace and comments.
    private var hasContent = false

    /// Whether a statement has begun and waits for its `;` (the shell then shows the
    /// continuation prompt and treats a line starting with `.` as SQL).
    var isInsideStatement: Bool { hasContent || state != .normal }

    /// Adds one line of input (without its line break) and returns the statements it
    /// completes, trimmed and without their `;`.
    mutating func feed(line: String) -> [String] {
        var statements: [String] = []
        let characters = Array(line) + ["\n"]
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            index += 1
            switch state {
            case .normal:
                if character == ";" {
                    if let statement = takeStatement() { statements.append(statement) }
                    continue
                }
                if character == "-", next == "-" {
                    state = .lineComment
                    text += "--"
                    index += 1
                    continue
                }
                if character == "/", next == "*" {
                    state = .blockComment(depth: 1)
                    text += "/*"
                    index += 1
                    continue
                }
                if character == "'" || character == "\"" || character == "`" {
                    state = .quoted(character)
                }
                if !character.isWhitespace { hasContent = true }
                text.append(character)
            case .quoted(let quote):
                text.append(character)
                // A doubled quote inside the literal is an escaped quote, not its end.
                if character == quote {
                    if next == quote {
                        text.append(quote)
                        index += 1
                    } else {
                        state = .normal
                    }
                }
            case .lineComment:
                text.append(character)
                if character == "\n" { state = .normal }
            case .blockComment(let depth):
                if character == "*", next == "/" {
                    text += "*/"
                    index += 1
                    state = depth == 1 ? .normal : .blockComment(depth: depth - 1)
                } else if character == "/", next == "*" {
                    text += "/*"
                    index += 1
                    state = .blockComment(depth: depth + 1)
                } else {
                    text.append(character)
                }
            }
        }
        if !isInsideStatement { text = "" }
        return statements
    }

    /// At the end of the input: the unfinished last statement, if it holds any SQL
    /// (`echo "SELECT 1" | flightsql shell` runs it without a `;`).
    mutating func finish() -> String? {
        defer { reset() }
        return hasContent ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Forgets an unfinished statement (Ctrl-C at a continuation prompt).
    mutating func reset() {
        state = .normal
        text = ""
        hasContent = false
    }

    private mutating func takeStatement() -> String? {
        defer {
            text = ""
            hasContent = false
        }
        return hasContent ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}
