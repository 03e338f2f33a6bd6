import Arrow
import DBAPI
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// The server's pure parts: pattern matching, tickets, value conversion, the statement state machine.
@Suite struct UnitTests {
    @Test("LIKE patterns: %, _, escapes, case-sensitive", arguments: [
        ("main", "ma%", true), ("main", "m_in", true), ("main", "%", true), ("main", "Main", false),
        ("a_b", "a\\_b", true), ("axb", "a\\_b", false), ("cities", "%ie%", true), ("", "%", true), ("abc", "a%c%", true),
        ("abc", "a%d", false), ("aaa", "a%a%a", true),
    ])
    func like(text: String, pattern: String, matches: Bool) {
        #expect(LikePattern(pattern).matches(text) == matches)
    }

    @Test("ticket handles round-trip and refuse garbage")
    func tickets() {
        let ticket = TicketHandle(handle: "ABC-123", partition: 2)
        #expect(TicketHandle(Data("ABC-123:2".utf8)) == ticket)
        #expect(TicketHandle(Data("no partition".utf8)) == nil)
        #expect(TicketHandle(Data("x:-1".utf8)) == nil)
        #expect(TicketHandle(Data([0xFF, 0xFE])) == nil)
    }

    @Test("values convert to Arrow exactly, or fail")
    func values() throws {
        let decimal = try ValueConversion.arrowValue(.decimal(ExactDecimal("12.3")!), for: .decimal(bitWidth: 128, precision: 10, scale: 2))
        #expect(decimal == .decimal(ArrowDecimal(unscaled: 1230, precision: 10, scale: 2)))
        #expect(throws: ArrowError.self) {
            _ = try ValueConversion.arrowValue(.decimal(ExactDecimal("1.234")!), for: .decimal(bitWidth: 128, precision: 10, scale: 2))
        }
        #expect(try ValueConversion.arrowValue(.int(7), for: .utf8) == .string("7"))
        // Bytes have no faithful text: refused, not rendered.
        let blob = #expect(throws: ArrowError.self) {
            _ = try ValueConversion.arrowValue(.bytes(Data([0xDE, 0xAD])), for: .utf8)
        }
        #expect(blob?.code == .typeMismatch)
        #expect(ValueConversion.value(.timestamp(5, .microsecond, timeZone: nil)) == .timestamp(5, .microsecond, timeZone: nil))
        #expect(ValueConversion.value(.decimal(ArrowDecimal(unscaled: -5, precision: 3, scale: 1))) == .decimal(ExactDecimal("-0.5")!))
    }

    @Test("database errors name their DB-API kind in a trailer; the server's own statuses and interface errors do not")
    func errorKindTrailer() {
        let notNull = ErrorMapping.status(for: DBAPIError(.integrityError, "NOT NULL constraint failed: t.v"))
        #expect(notNull.code == .failedPrecondition)
        #expect(notNull.metadata.first("x-flightsql-error-kind") == "IntegrityError")
        let unique = ErrorMapping.status(for: DBAPIError(.integrityError, "UNIQUE constraint failed: t.id"))
        #expect(unique.code == .alreadyExists)
        #expect(unique.metadata.first("x-flightsql-error-kind") == "IntegrityError")
        // FAILED_PRECONDITION also means misuse of the protocol (a write's result read twice):
        // without the trailer the driver keeps its programmingError.
        let twice = ErrorMapping.status(for: GRPCStatus(code: .failedPrecondition, message: "the result of a statement that writes can be read only once"))
        #expect(twice.metadata.isEmpty)
        let interface = ErrorMapping.status(for: DBAPIError(.interfaceError, "the statement's result was closed"))
        #expect(interface.code == .failedPrecondition)
        #expect(interface.metadata.isEmpty)
    }

    @Test("the statement state machine: kept stream once, then reruns; cancel wins")
    func stateMachine() {
        var state = StatementState.executed(nil)
        guard case .rerun = state.take() else {
            Issue.record("a statement without a kept stream must rerun")
            return
        }
        #expect(state.cancel() == nil)
        #expect(state.isCancelled)
        guard case .cancelled = state.take() else {
            Issue.record("a cancelled statement must refuse")
            return
        }
    }
}
