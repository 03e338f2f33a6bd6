/// A shell command starting with `.`, given on a line of its own between statements.
enum DotCommand: Equatable {
    case help
    case quit
    /// `.tables [PATTERN]`: the tables, optionally filtered by a `%`/`_` name pattern.
    case tables(pattern: String?)
    case schemas
    case catalogs
    /// `.describe TABLE`: the table's columns.
    case describe(table: String)
    /// `.format` alone shows the format; with a name it sets it.
    case format(OutputFormat?)
    /// `.timing on|off`: print each command's wall-clock time.
    case timing(Bool)

    /// The shell's own help text.
    static let helpText = """
        .catalogs              List the catalogs
        .describe TABLE        Show the columns of TABLE
        .format [table|jsonl|csv]  Show or set the output format (default: table)
        .help                  Show this help
        .quit                  Leave the shell (also .exit and Ctrl-D)
        .schemas               List the database schemas
        .tables [PATTERN]      List the tables (PATTERN: SQL LIKE syntax, % and _)
        .timing on|off         Print how long each command takes
        SQL statements end with ';' and may span lines. Ctrl-C cancels a running query.

        """

    /// Parses a line that starts with `.`. Arguments are separated by whitespace and may be
    /// quoted with `'` or `"` (`.describe "my table"`).
    static func parse(_ line: String) throws(ShellInputError) -> DotCommand {
        let words = try split(line)
        guard let name = words.first else { throw ShellInputError("empty command") }
        let arguments = Array(words.dropFirst())
        func expect(_ range: ClosedRange<Int>, _ usage: String) throws(ShellInputError) {
            guard range.contains(arguments.count) else { throw ShellInputError("usage: \(usage)") }
        }
        switch name {
        case ".help":
            try expect(0...0, ".help")
            return .help
        case ".quit", ".exit":
            try expect(0...0, name)
            return .quit
        case ".tables":
            try expect(0...1, ".tables [PATTERN]")
            return .tables(pattern: arguments.first)
        case ".schemas":
            try expect(0...0, ".schemas")
            return .schemas
        case ".catalogs":
            try expect(0...0, ".catalogs")
            return .catalogs
        case ".describe":
            try expect(1...1, ".describe TABLE")
            return .describe(table: arguments[0])
        case ".format":
            try expect(0...1, ".format [table|jsonl|csv]")
            guard let formatName = arguments.first else { return .format(nil) }
            // Arrow's binary stream would garble a terminal and mix with the shell's other output.
            guard let format = OutputFormat(rawValue: formatName), format != .arrow else {
                throw ShellInputError("unknown format '\(formatName)' (use table, jsonl or csv)")
            }
            return .format(format)
        case ".timing":
            try expect(1...1, ".timing on|off")
            switch arguments[0] {
            case "on": return .timing(true)
            case "off": return .timing(false)
            default: throw ShellInputError("usage: .timing on|off")
            }
        default:
            throw ShellInputError("unknown command '\(name)' (.help lists the commands)")
        }
    }

    /// Whitespace-separated words; `'…'` and `"…"` group words (a doubled quote is a quote).
    static func split(_ line: String) throws(ShellInputError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if let open = quote {
                if character == open {
                    if characters.first == open {
                        current.append(open)
                        characters.removeFirst()
                    } else {
                        quote = nil
                    }
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw ShellInputError("unterminated quote") }
        if inWord { words.append(current) }
        return words
    }
}

/// A mistake in a line typed into the shell: printed as one error line, and the shell goes on.
struct ShellInputError: Error, CustomStringConvertible, Equatable {
    var description: String

    init(_ description: String) { self.description = description }
}
