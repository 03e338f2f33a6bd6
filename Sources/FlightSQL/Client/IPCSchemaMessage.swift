import Arrow
import Foundation

/// Flight carries schemas (in `FlightInfo.schema`, `SchemaResult.schema` and the prepared
/// statement results) as one encapsulated IPC message; this turns its decoding errors into
/// ``FlightError``s.
enum IPCSchemaMessage {
    static func decode(_ bytes: Data) throws -> Schema {
        do {
            return try ArrowIPC.schema(fromMessage: bytes)
        } catch {
            throw FlightError(code: .invalidResponse, message: "invalid schema message: \(error)", cause: error)
        }
    }
}
