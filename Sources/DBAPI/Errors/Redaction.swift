/// Scrubs credentials from text before it is shown in an error description.
///
/// Server messages sometimes echo connection strings or headers back ("invalid token
/// abc123", "password=hunter2", "uri ...?token=abc"). The DB-API never puts SQL or
/// parameters into errors itself; this catches what a server or transport might. It errs
/// towards redacting too much: a redacted word in a log is cheaper than a leaked secret.
enum Redaction {
    /// Words after which (`key=value`, `key: value`, `Bearer value`) comes a secret.
    private static let secretKeys = [
        "password", "passwd", "pwd", "token", "secret", "apikey", "api_key", "api-key",
        "authorization", "bearer", "basic", "credential", "credentials",
    ]

    /// Characters that end an inline `key=value` secret.
    private static let valueTerminators: Set<Character> = ["&", ";", ",", ")", "\"", "'", "]", "}"]

    /// Replaces the value of every secret key in `text` with `<redacted>`.
    static func redact(_ text: String) -> String {
        var output = ""
        var redactNext = false
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace {
                output.append(text[index])
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, !text[end].isWhitespace { end = text.index(after: end) }
            let word = String(text[index..<end])
            if redactNext {
                output += "<redacted>"
                redactNext = isSecretKey(word)
            } else {
                let (rewritten, expectsValue) = redactWord(word)
                output += rewritten
                redactNext = expectsValue
            }
            index = end
        }
        return output
    }

    /// Redacts inline `key=value`/`key:value` secrets in one whitespace-free word; returns
    /// the rewritten word and whether the next word is a secret (`token`, `password:`).
    private static func redactWord(_ word: String) -> (String, Bool) {
        if isSecretKey(word) { return (word, true) }
        let characters = Array(word)
        let lowered = Array(word.lowercased())
        guard lowered.count == characters.count else { return (word, false) }
        var output = ""
        var position = 0
        var expectsValue = false
        while position < characters.count {
            guard let (key, separatorIndex) = secretKey(at: position, in: lowered) else {
                output.append(characters[position])
                position += 1
                continue
            }
            output += String(characters[position..<(position + key.count)]) + String(characters[separatorIndex])
            var valueEnd = separatorIndex + 1
            // `key:=` or `key: ` — the value is the next word.
            if valueEnd == characters.count {
                expectsValue = true
                position = valueEnd
                continue
            }
            while valueEnd < characters.count, !valueTerminators.contains(characters[valueEnd]) { valueEnd += 1 }
            output += "<redacted>"
            position = valueEnd
        }
        return (output, expectsValue)
    }

    /// The secret key starting at `position` (not preceded by a letter) and directly
    /// followed by `=` or `:`, with the separator's index.
    private static func secretKey(at position: Int, in lowered: [Character]) -> (String, Int)? {
        if position > 0, lowered[position - 1].isLetter { return nil }
        for key in secretKeys {
            let end = position + key.count
            guard end < lowered.count, lowered[end] == "=" || lowered[end] == ":" else { continue }
            if String(lowered[position..<end]) == key { return (key, end) }
        }
        return nil
    }

    private static func isSecretKey(_ word: String) -> Bool {
        var trimmed = Substring(word.lowercased())
        while let first = trimmed.first, !first.isLetter { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, !last.isLetter, last != "_", last != "-" { trimmed = trimmed.dropLast() }
        return secretKeys.contains(String(trimmed))
    }
}
