import Foundation

/// gRPC metadata: ordered name/value pairs sent as HTTP/2 headers or trailers.
///
/// Names are lower-cased when added. Values are ASCII strings, except under names ending in
/// `-bin`, whose values are arbitrary bytes (base64 on the wire; both padded and unpadded
/// base64 are accepted when reading). Order and repeated names are kept.
///
/// `description` shows every name but hides the values of secrets (see ``isSensitive(_:)``),
/// so metadata can be logged or put into errors safely.
public struct GRPCMetadata: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// A metadata value: ASCII text, or bytes for a `-bin` name.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        /// A text value (printable ASCII on the wire).
        case string(String)
        /// A binary value, for names ending in `-bin`.
        case binary(Data)

        /// The text value, or `nil` for a binary value.
        public var stringValue: String? {
            if case .string(let text) = self { return text }
            return nil
        }

        /// The bytes of the value: a binary value's bytes, or a text value's UTF-8.
        public var bytes: Data {
            switch self {
            case .string(let text): return Data(text.utf8)
            case .binary(let data): return data
            }
        }

        /// The text, or `<N bytes>` for a binary value. Not redacted: use the metadata's
        /// `description`, which knows the name, to print safely.
        public var description: String {
            switch self {
            case .string(let text): return text
            case .binary(let data): return "<\(data.count) bytes>"
            }
        }
    }

    /// One name/value pair.
    public struct Entry: Sendable, Hashable {
        /// The lower-cased name.
        public var name: String
        /// The value.
        public var value: Value
    }

    private var entries: [Entry] = []

    /// Empty metadata.
    public init() {}

    /// Metadata with the given text pairs, in order (names are lower-cased).
    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    /// The number of pairs.
    public var count: Int { entries.count }
    /// Whether there are no pairs.
    public var isEmpty: Bool { entries.isEmpty }

    /// Iterates the pairs in order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Appends a text value. A value under a `-bin` name is stored as its UTF-8 bytes.
    public mutating func add(_ name: String, _ value: String) {
        let name = name.lowercased()
        entries.append(Entry(name: name, value: name.hasSuffix("-bin") ? .binary(Data(value.utf8)) : .string(value)))
    }

    /// Appends a binary value; `name` should end in `-bin` (it is sent as base64 only then).
    public mutating func add(_ name: String, binary value: Data) {
        entries.append(Entry(name: name.lowercased(), value: .binary(value)))
    }

    /// Appends a pair.
    public mutating func add(_ name: String, value: Value) {
        entries.append(Entry(name: name.lowercased(), value: value))
    }

    /// Appends every pair of `other`.
    public mutating func add(contentsOf other: GRPCMetadata) {
        entries.append(contentsOf: other.entries)
    }

    /// Removes every pair named `name`.
    public mutating func removeAll(named name: String) {
        let name = name.lowercased()
        entries.removeAll { $0.name == name }
    }

    /// Every value under `name`, in order.
    public func values(for name: String) -> [Value] {
        let name = name.lowercased()
        return entries.filter { $0.name == name }.map(\.value)
    }

    /// The first text value under `name`.
    public func first(_ name: String) -> String? {
        values(for: name).lazy.compactMap(\.stringValue).first
    }

    /// The first binary value under `name` (a text value's UTF-8 if it was stored as text).
    public func firstBinary(_ name: String) -> Data? {
        values(for: name).first?.bytes
    }

    /// Whether a header's value must never be printed: credentials and cookies, and any
    /// name mentioning a token, password, secret or API key.
    public static func isSensitive(_ name: String) -> Bool {
        let name = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie", "set-cookie"].contains(name) { return true }
        return ["token", "password", "secret", "api-key", "apikey", "credential", "auth"].contains { name.contains($0) }
    }

    /// `[name: value, …]` with sensitive values replaced by `<redacted>`.
    public var description: String {
        let pairs = entries.map { entry in
            "\(entry.name): \(Self.isSensitive(entry.name) ? "<redacted>" : entry.value.description)"
        }
        return "[" + pairs.joined(separator: ", ") + "]"
    }
}

// MARK: - Wire encoding

extension GRPCMetadata {
    /// Names that the transport itself sets or that HTTP/2 forbids; callers may not send them.
    static let reservedNames: Set<String> = [
        "content-type", "te", "user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
        "grpc-status", "grpc-message", "connection", "keep-alive", "transfer-encoding", "upgrade", "host",
    ]

    /// The pairs as header fields (`-bin` values base64-encoded without padding), or an
    /// `invalidArgument` status for a name or value that cannot be sent.
    func wireHeaders() throws(GRPCStatus) -> [(name: String, value: [UInt8])] {
        var headers: [(name: String, value: [UInt8])] = []
        headers.reserveCapacity(entries.count)
        for entry in entries {
            let name = entry.name
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isValidNameByte) else {
                throw GRPCStatus(code: .invalidArgument, message: "invalid metadata name \"\(name)\": use lower-case letters, digits, '-', '_' and '.'")
            }
            guard !Self.reservedNames.contains(name) else {
                throw GRPCStatus(code: .invalidArgument, message: "metadata name \"\(name)\" is reserved for the transport")
            }
            if name.hasSuffix("-bin") {
                var encoded = entry.value.bytes.base64EncodedString()
                while encoded.hasSuffix("=") { encoded.removeLast() }
                headers.append((name, Array(encoded.utf8)))
            } else {
                guard case .string(let text) = entry.value else {
                    throw GRPCStatus(code: .invalidArgument, message: "metadata \"\(name)\" has a binary value but its name does not end in -bin")
                }
                guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
                    let shown = Self.isSensitive(name) ? "<redacted>" : text
                    throw GRPCStatus(code: .invalidArgument, message: "metadata \"\(name)\" value \"\(shown)\" is not printable ASCII; use a -bin name for other bytes")
                }
                headers.append((name, Array(text.utf8)))
            }
        }
        return headers
    }

    private static func isValidNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Adds a header received from the wire: `-bin` values are base64-decoded (padded or
    /// not); a value that is not valid base64 is kept as its raw bytes rather than failing
    /// the call, since metadata is advisory.
    mutating func addFromWire(name: String, value: [UInt8]) {
        if name.hasSuffix("-bin") {
            entries.append(Entry(name: name, value: .binary(Self.decodeBase64(value) ?? Data(value))))
        } else {
            entries.append(Entry(name: name, value: .string(String(decoding: value, as: UTF8.self))))
        }
    }

    /// Decodes standard base64 with or without `=` padding.
    static func decodeBase64(_ bytes: [UInt8]) -> Data? {
        var text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let remainder = text.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder != 0 { text += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: text)
    }
}
