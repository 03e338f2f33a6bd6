/// SQL `LIKE` matching for the catalog filters: `%` is any run, `_` any one character, `\`
/// escapes the next character; case-sensitive, as Flight SQL specifies.
struct LikePattern: Sendable {
    private enum Token: Equatable {
        case literal(Character)
        case one
        case any
    }

    private let tokens: [Token]

    /// A pattern from its text; `nil` or `"%"` matches everything.
    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for character in pattern {
            if escaped {
                tokens.append(.literal(character))
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "%" {
                if tokens.last != .any { tokens.append(.any) }
            } else if character == "_" {
                tokens.append(.one)
            } else {
                tokens.append(.literal(character))
            }
        }
        if escaped { tokens.append(.literal("\\")) }
        self.tokens = tokens
    }

    /// Whether `text` matches (iterative with one backtracking point per `%`).
    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var t = 0
        var c = 0
        var star: Int?
        var mark = 0
        while c < characters.count {
            if t < tokens.count {
                switch tokens[t] {
                case .any:
                    star = t
                    mark = c
                    t += 1
                    continue
                case .one:
                    t += 1
                    c += 1
                    continue
                case .literal(let expected) where expected == characters[c]:
                    t += 1
                    c += 1
                    continue
                default:
                    break
                }
            }
            guard let starIndex = star else { return false }
            t = starIndex + 1
            mark += 1
            c = mark
        }
        while t < tokens.count, tokens[t] == .any { t += 1 }
        return t == tokens.count
    }

    /// Whether `text` matches `pattern`, where a missing pattern matches everything.
    static func matches(_ text: String, _ pattern: String?) -> Bool {
        guard let pattern else { return true }
        return LikePattern(pattern).matches(text)
    }
}
