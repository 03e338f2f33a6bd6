/// Scrubs credentials from text before it is shown in an error description.
///
/// Server messages sometimes echo connection strings or headers back ("invalid token
/// abc123", "password=hunter2", "uri ...?token=abc"). The DB-API never puts SQL or
/// parameters into errors itself; this catches what a server or transport might. It errs
/// towards redacting too much: a redacted word in a log is cheaper than a leaked secret.
///
/// A secret key (`password`, `token`, `Authorization`, …, in any case) is followed by its
/// value in any of these forms, and the value is replaced by `<redacted>`:
/// - `key=value`, `key:value`, `key = value`, `key: value`, `key value` (the next word);
/// - a quoted value, `key='va lue'`, `key: "value"`, `"key": "value"` (JSON): everything up
///   to the matching closing quote, spaces included; without one, the rest of the text;
/// - inside a URL query or connection string, `?token=value&…`, `PWD=value;…`: up to the
///   next `&`, `;`, `,` or bracket;
/// - a value that is itself a key (`Authorization: Bearer value`) leaves its own value to be
///   redacted in turn.
///
/// `package`: the `flightsql` command redacts the error lines it prints with it too, without
/// it becoming public API of the DB-API.
package enum Redaction {
    /// Words after which (`key=value`, `key: value`, `Bearer value`) comes a secret. Longest
    /// first, so that `credentials` is not read as `credential` followed by `s`.
    private static let secretKeys: [[Character]] = [
        "password", "passwd", "pwd", "token", "secret", "apikey", "api_key", "api-key",
        "authorization", "bearer", "basic", "credential", "credentials", "cookie",
    ].sorted { $0.count > $1.count }.map(Array.init)

    /// The header whose value is a scheme and a credential (`Authorization: Bearer x`).
    private static let authorizationKey = Array("authorization")

    /// The authentication schemes, which are not secret themselves but precede one.
    private static let schemeKeys: Set<[Character]> = [Array("bearer"), Array("basic")]

    /// Keys whose `key: value` or `key=value` runs to the end of the line: a `Cookie` header
    /// holds several `name=value; …` pairs, every one of them a credential.
    private static let lineValueKeys: Set<[Character]> = [Array("cookie")]

    /// Characters that end an unquoted inline secret (`?token=abc&user=x`, `PWD=x;`).
    private static let valueTerminators: Set<Character> = ["&", ";", ",", ")", "\"", "'", "`", "]", "}", ">"]

    /// Characters that open (and, the same one, close) a quoted value.
    private static let quotes: Set<Character> = ["\"", "'", "`"]

    private static let placeholder = "<redacted>"

    /// Replaces the value of every secret key in `text` with `<redacted>`.
    package static func redact(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var position = 0
        while position < characters.count {
            guard let keyEnd = secretKey(at: position, in: characters) else {
                output.append(characters[position])
                position += 1
                continue
            }
            output += String(characters[position..<keyEnd.end])
            position = keyEnd.end
            guard let value = valueStart(after: position, keyStart: keyEnd.start, in: characters) else { continue }
            // The key, its closing quote (JSON) and the separator stay readable.
            output += String(characters[position..<value.start])
            position = value.start
            guard position < characters.count else { break }
            // `Authorization: Bearer x`: the scheme is not the secret, the word after it is, and
            // the scheme (itself a key) redacts that. Only after `Authorization` and only with a
            // word to follow, so that `password=basic` or `password: Secret` are still redacted.
            if keyEnd.key == authorizationKey, let scheme = secretKey(at: position, in: characters),
                schemeKeys.contains(scheme.key),
                let schemeValue = valueStart(after: scheme.end, keyStart: scheme.start, in: characters),
                !schemeValue.hasSeparator, schemeValue.start < characters.count {
                continue
            }
            let end = valueEnd(
                from: position, in: characters,
                toEndOfLine: value.hasSeparator && lineValueKeys.contains(keyEnd.key))
            if quotes.contains(characters[position]) {
                // Keep the quotes, so that the text still reads as it did.
                let quote = characters[position]
                output += "\(quote)\(placeholder)"
                if end <= characters.count, end - 1 > position, characters[end - 1] == quote { output.append(quote) }
            } else if end > position {
                output += placeholder
            }
            position = end
        }
        return output
    }

    /// The secret key starting at `position` (not in the middle of a word), ignoring case,
    /// with its range: `start..<end`.
    private static func secretKey(at position: Int, in characters: [Character]) -> (start: Int, end: Int, key: [Character])? {
        if position > 0, characters[position - 1].isLetter || characters[position - 1].isNumber { return nil }
        for key in secretKeys {
            let end = position + key.count
            guard end <= characters.count else { continue }
            // `Character.lowercased()` may be several characters (`İ`); such a character is
            // simply no match, since every key is ASCII.
            guard zip(characters[position..<end], key).allSatisfy({ $0.lowercased() == String($1) }) else { continue }
            // `tokens`, `passwordless` or `token2` are other words.
            if end < characters.count, characters[end].isLetter || characters[end].isNumber { continue }
            return (position, end, key)
        }
        return nil
    }

    /// Where the value of a key ending at `keyEnd` starts: after the key's closing quote
    /// (`"token": …`), whitespace, one `=`, `:` or `:=` separator, and whitespace again. Nil
    /// when the key is not followed by a value (`token.`, `token_type`): neither whitespace
    /// nor a separator comes next.
    private static func valueStart(after keyEnd: Int, keyStart: Int, in characters: [Character]) -> (start: Int, hasSeparator: Bool)? {
        var position = keyEnd
        if position < characters.count, keyStart > 0, quotes.contains(characters[position]),
            characters[keyStart - 1] == characters[position] {
            position += 1
        }
        let afterKey = position
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        var hasSeparator = false
        if position < characters.count, characters[position] == "=" || characters[position] == ":" {
            hasSeparator = true
            position += 1
            if position < characters.count, characters[position] == "=" { position += 1 }
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }
        // A key glued to punctuation (`token.`, `secret)`) is a word in a sentence, not a
        // key with a value; a key that ends the text has nothing to redact either.
        guard hasSeparator || position > afterKey else { return nil }
        return (position, hasSeparator)
    }

    /// The end (exclusive) of the value starting at `start`: past the matching closing quote
    /// of a quoted value (the end of the text if there is none, erring towards redacting), to
    /// the end of the line when `toEndOfLine`, or else to whitespace or a terminator.
    private static func valueEnd(from start: Int, in characters: [Character], toEndOfLine: Bool) -> Int {
        var position = start
        if quotes.contains(characters[start]) {
            let quote = characters[start]
            position += 1
            while position < characters.count {
                let character = characters[position]
                if character == "\\" {
                    // `"a\"b"`: an escaped quote does not close the value.
                    position += 2
                    continue
                }
                if character == quote {
                    // `'it''s'`: SQL doubles a quote inside a quoted string.
                    if position + 1 < characters.count, characters[position + 1] == quote {
                        position += 2
                        continue
                    }
                    return position + 1
                }
                position += 1
            }
            return characters.count
        }
        if toEndOfLine {
            while position < characters.count, !characters[position].isNewline { position += 1 }
            return position
        }
        while position < characters.count, !characters[position].isWhitespace, !valueTerminators.contains(characters[position]) {
            position += 1
        }
        return position
    }
}
