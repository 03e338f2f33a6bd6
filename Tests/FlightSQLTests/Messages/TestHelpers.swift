import Foundation
import Protobuf
import TestSupport
import Testing

/// Encodes `message`, decodes the bytes, and expects the same value back.
func expectRoundTrip<M: ProtobufMessage & Equatable>(
    _ message: M, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let bytes = message.serializedProtobuf()
    let decoded = try M(protobuf: bytes)
    #expect(decoded == message, "\(M.self) did not round-trip", sourceLocation: sourceLocation)
}

/// The code of the ProtobufError thrown by `body`, or nil.
func protobufErrorCode(_ body: () throws -> Void) -> ProtobufError.Code? {
    do {
        try body()
        return nil
    } catch let error as ProtobufError {
        return error.code
    } catch {
        return nil
    }
}

/// An unknown field of each wire type (numbers 90-94), to append to a valid encoding.
let unknownFieldsOfEveryWireType = Data(
    hex: "d0 05 01 d9 05 01 02 03 04 05 06 07 08 e2 05 01 78 ed 05 01 02 03 04 f3 05 08 01 f4 05")
