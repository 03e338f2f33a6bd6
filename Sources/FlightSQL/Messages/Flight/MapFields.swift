import Foundation
import Protobuf

// `map<string, V>` fields are repeated entry messages with the key in field 1 and the value
// in field 2. These helpers are shared by the session-option messages and bulk ingestion.

extension ProtobufReader {
    /// Reads one entry of a `map<string, M>` field into `map`; a key seen again replaces the
    /// earlier value, as protobuf specifies.
    mutating func readMessageMapEntry<M: ProtobufMessage>(into map: inout [String: M]) throws {
        let entry = try readMapEntry(
            defaultKey: "", defaultValue: M(),
            key: { try $0.readString() },
            value: { try $0.readMessage(M.self) })
        map[entry.key] = entry.value
    }

    /// Reads one entry of a `map<string, string>` field into `map` (a key seen again replaces
    /// the earlier value).
    mutating func readStringMapEntry(into map: inout [String: String]) throws {
        let entry = try readMapEntry(
            defaultKey: "", defaultValue: "",
            key: { try $0.readString() },
            value: { try $0.readString() })
        map[entry.key] = entry.value
    }
}

extension ProtobufWriter {
    /// Writes a `map<string, M>` field, entries sorted by key so that output is deterministic.
    /// Key and value are always written, as the reference implementations do.
    mutating func writeMessageMap<M: ProtobufMessage>(_ map: [String: M], field: Int) {
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            writeNested(field: field) { entry in
                entry.writeString(Optional(key), field: 1)
                entry.writeMessage(value, field: 2)
            }
        }
    }

    /// Writes a `map<string, string>` field, entries sorted by key.
    mutating func writeStringMap(_ map: [String: String], field: Int) {
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            writeNested(field: field) { entry in
                entry.writeString(Optional(key), field: 1)
                entry.writeString(Optional(value), field: 2)
            }
        }
    }
}
