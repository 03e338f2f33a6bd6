import DBAPI
import Foundation

/// The one-line text of an error for `flightsql: error: …`.
///
/// The project's own error types keep secrets out of their descriptions, but a server's
/// message is copied into them verbatim (a gRPC status's `grpc-message`), and a server may
/// echo what it was sent ("invalid token abc…"). So the line is scrubbed twice: every form of
/// the secrets the command was given is replaced, then anything that looks like a credential.
enum ErrorText {
    static let redacted = "<redacted>"

    /// The error's text on one line, without `secrets` (see ``SecretForms``) or credentials.
    static func line(for error: any Error, redacting secrets: [String] = []) -> String {
        redact(String(describing: error), secrets: secrets)
    }

    /// `text` on one line, without `secrets` or anything that looks like a credential.
    static func redact(_ text: String, secrets: [String]) -> String {
        let forms = SecretForms.all(of: secrets)
        // Before and after joining the lines, so that neither a secret split across lines nor
        // one the joining spaces complete survives.
        let joined = removing(forms, from: removing(forms, from: text).split(whereSeparator: \.isNewline).joined(separator: " "))
        return Redaction.redact(joined)
    }

    private static func removing(_ forms: [String], from text: String) -> String {
        var text = text
        for form in forms {
            text = text.replacingOccurrences(of: form, with: redacted, options: .caseInsensitive)
        }
        return text
    }
}

/// The forms in which a server might echo a secret the command sent it.
enum SecretForms {
    /// Encoded forms shorter than this are left out: the base64 of a one-letter password
    /// (`eA`) would otherwise cut pieces out of every other word. The secret itself is always in.
    static let minimumEncodedLength = 6

    /// Every non-empty secret as given, percent-encoded, JSON-escaped and in base64 (plain
    /// and URL-safe, with and without padding), longest first so that a secret containing
    /// another is replaced whole.
    static func all(of secrets: [String]) -> [String] {
        var forms = Set<String>()
        var literals = Set<String>()
        for secret in secrets where !secret.isEmpty {
            literals.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.insert(encoded) }
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { forms.insert(encoded) }
            var json = ""
            ValueText.appendJSONString(secret, to: &json)
            let escaped = String(json.dropFirst().dropLast())
            // Some encoders also escape `/` (as `\/`).
            forms.formUnion([escaped, escaped.replacingOccurrences(of: "/", with: "\\/")])
            let base64 = Data(secret.utf8).base64EncodedString()
            let unpadded = String(base64.reversed().drop { $0 == "=" }.reversed())
            let urlSafe = unpadded.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms.formUnion([base64, unpadded, urlSafe])
        }
        forms = forms.filter { $0.count >= minimumEncodedLength }.union(literals)
        return forms.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }
}
