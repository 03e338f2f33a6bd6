import Foundation

/// The small text encodings of the gRPC HTTP/2 protocol: `grpc-message` percent-encoding and
/// `grpc-timeout` values.
enum GRPCWire {
    /// Decodes a `grpc-message` value: `%XX` sequences are bytes of UTF-8 text. A malformed
    /// sequence is kept literally (the spec asks to decode what can be decoded, not fail),
    /// and invalid UTF-8 becomes replacement characters.
    static func percentDecode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes text for `grpc-message`: printable ASCII except `%` as is, everything else
    /// as `%XX` of its UTF-8 bytes.
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "%") {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A `grpc-timeout` value for a duration: at most 8 digits and a unit, choosing the
    /// finest unit that fits so the server's deadline is as exact as possible. Rounds up so
    /// the server never gives up before the client; a non-positive duration becomes `1n`.
    static func encodeTimeout(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return "1n" }
        let totalNanos: Int64
        if seconds > Int64.max / 1_000_000_000 - 1 {
            totalNanos = Int64.max
        } else {
            totalNanos = seconds * 1_000_000_000 + (attoseconds + 999_999_999) / 1_000_000_000
        }
        let units: [(Int64, String)] = [
            (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"), (3_600_000_000_000, "H"),
        ]
        for (scale, unit) in units {
            // Rounded up without `x + scale - 1`, which overflows near Int64.max.
            let value = totalNanos / scale + (totalNanos % scale == 0 ? 0 : 1)
            if value <= 99_999_999 { return "\(value)\(unit)" }
        }
        return "99999999H"
    }

    /// Parses a `grpc-timeout` value (`<1–8 digits><H|M|S|m|u|n>`), or `nil` if malformed.
    static func decodeTimeout(_ text: String) -> Duration? {
        guard let unit = text.last, text.count >= 2, text.count <= 9 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
        switch unit {
        case "H": return .seconds(value * 3600)
        case "M": return .seconds(value * 60)
        case "S": return .seconds(value)
        case "m": return .milliseconds(value)
        case "u": return .microseconds(value)
        case "n": return .nanoseconds(value)
        default: return nil
        }
    }
}
