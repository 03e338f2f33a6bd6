import DBAPI
import Testing

@Suite struct DBAPIErrorTests {
    @Test("the kinds follow PEP 249's hierarchy")
    func hierarchy() {
        let subclasses: [DBAPIError.Kind] = [
            .dataError, .operationalError, .integrityError, .internalError, .programmingError, .notSupportedError,
        ]
        for kind in subclasses {
            let error = DBAPIError(kind, "x")
            #expect(error.isDatabaseError, "\(kind) is a DatabaseError")
            #expect(error.isError)
            #expect(!error.isInterfaceError)
            #expect(kind.parent == .databaseError)
        }
        #expect(DBAPIError(.databaseError, "x").isDatabaseError)
        #expect(!DBAPIError(.interfaceError, "x").isDatabaseError)
        #expect(DBAPIError(.interfaceError, "x").isInterfaceError)
        #expect(DBAPIError(.warning, "x").isWarning)
        #expect(!DBAPIError(.warning, "x").isError)
        #expect(!DBAPIError(.warning, "x").isDatabaseError)
        #expect(DBAPIError.Kind.programmingError.pep249Name == "ProgrammingError")
        #expect(DBAPIError.Kind.allKinds.count == 9)
        #expect(!DBAPIError.Kind.databaseError.isSubkind(of: .dataError))
        #expect(DBAPIError(.dataError, "x").isDataError)
        #expect(DBAPIError(.integrityError, "x").isIntegrityError)
        #expect(DBAPIError(.notSupportedError, "x").isNotSupportedError)
    }

    @Test("gRPC status codes map to the documented kinds", arguments: [
        (1, DBAPIError.Kind.operationalError), (2, .databaseError), (3, .programmingError),
        (4, .operationalError), (5, .programmingError), (6, .integrityError), (7, .operationalError),
        (8, .operationalError), (9, .programmingError), (10, .operationalError), (11, .dataError),
        (12, .notSupportedError), (13, .internalError), (14, .operationalError), (15, .internalError),
        (16, .operationalError), (0, .internalError), (99, .databaseError),
    ])
    func grpcMapping(code: Int, kind: DBAPIError.Kind) {
        #expect(DBAPIError.Kind(grpcStatusCode: code) == kind)
        #expect(DBAPIError(grpcStatusCode: code, message: "m").kind == kind)
    }

    @Test("the gRPC code stays visible in the error and its description")
    func grpcCodeVisible() {
        let error = DBAPIError(grpcStatusCode: 16, message: "authentication required")
        #expect(error.driverCode == DBAPIError.DriverCode(domain: "grpc", name: "UNAUTHENTICATED", number: 16))
        #expect(error.isOperationalError)
        #expect(error.description == "operationalError: authentication required [grpc UNAUTHENTICATED (16)]")
        #expect(DBAPIError.DriverCode.grpc(42).name == "CODE_42")
    }

    @Test("the server message and the cause are kept")
    func keepsMessageAndCause() {
        struct TransportFailure: Error {}
        let error = DBAPIError(grpcStatusCode: 14, message: "connection refused", cause: TransportFailure())
        #expect(error.message == "connection refused")
        #expect(error.cause is TransportFailure)
        #expect(error.debugDescription.hasSuffix("caused by TransportFailure"))
        #expect(!error.description.contains("TransportFailure"))
    }

    @Test("descriptions redact credentials the server echoes back", arguments: [
        "login failed: password=hunter2", "invalid token abc123SECRET", "header Authorization: Bearer abc123SECRET",
        "uri grpc://u@h?token=abc123SECRET;x", "bad credentials: hunter2",
        // Spaces around the separator: the `=` is not the secret, the next word is.
        "login failed: password = 'hunter2'", "login failed: password = hunter2", "password : hunter2",
        // Quoted values run to the matching closing quote, spaces and escapes included.
        "login failed: password='hunter2'", "token=\"abc123SECRET\"", "password: \"hunter2\"",
        "password='x y hunter2'", "token = \"a\\\"b abc123SECRET\"", "password: 'it''s hunter2'",
        "password='unterminated hunter2",
        // Connection strings, headers, JSON and URL queries.
        "PWD=hunter2;UID=sa", "Server=h;Pwd=hunter2", "api_key:=hunter2", "Authorization=Basic abc123SECRET",
        "authorization: bearer abc123SECRET", "{\"token\": \"abc123SECRET\", \"user\": \"u\"}",
        "{\"password\":\"hunter2\"}", "uri grpc://h:1?user=u&token=abc123SECRET&database=d",
        "set-cookie: session=abc123SECRET; theme=hunter2", "TOKEN abc123SECRET",
        // A secret that is itself a key word is still a secret.
        "password=hunter2 secret", "password: secret!hunter2",
    ])
    func redactsSecrets(message: String) {
        let description = DBAPIError(grpcStatusCode: 16, message: message).description
        #expect(!description.contains("hunter2"))
        #expect(!description.contains("abc123SECRET"))
        #expect(description.contains("<redacted>"))
    }

    @Test("redaction replaces only the secret: keys, separators, quotes and the rest stay readable", arguments: [
        ("password = 'hunter2' for user bob", "password = '<redacted>' for user bob"),
        ("connect ?user=u&token=abc&database=d", "connect ?user=u&token=<redacted>&database=d"),
        ("{\"token\":\"a b\",\"user\":\"u\"}", "{\"token\":\"<redacted>\",\"user\":\"u\"}"),
        ("Authorization: Bearer abc (expired)", "Authorization: Bearer <redacted> (expired)"),
        ("PWD=x;UID=sa", "PWD=<redacted>;UID=sa"),
        ("password=secret", "password=<redacted>"),
        ("password: Bearer", "password: <redacted>"),
        ("missing token", "missing token"),
        ("token_type unknown; tokens expire", "token_type unknown; tokens expire"),
    ])
    func redactionKeepsContext(message: String, expected: String) {
        #expect(DBAPIError(.operationalError, message).description == "operationalError: \(expected)")
    }

    @Test("redaction leaves ordinary messages alone")
    func redactionKeepsOrdinaryText() {
        let error = DBAPIError(.programmingError, "table \"trips\" not found")
        #expect(error.description == "programmingError: table \"trips\" not found")
    }

    @Test("errors from the cursor do not contain SQL text or parameters")
    func noSQLInErrors() async throws {
        let connection = TestConnection(script: standardScript())
        let cursor = try await connection.cursor()
        let secretSQL = "SELEKT * FROM users WHERE password = 'hunter2'"
        let error = await #expect(throws: DBAPIError.self) {
            try await cursor.execute(secretSQL, parameters: ["s3cr3t-param"])
        }
        let text = try #require(error).description
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("s3cr3t-param"))
        #expect(!text.contains("users"))
        #expect(try #require(error).isProgrammingError)
    }

    @Test("wrapping keeps DBAPIErrors and classifies others")
    func wrapping() {
        struct Other: Error {}
        #expect(DBAPIError.wrapping(DBAPIError(.dataError, "d")).kind == .dataError)
        #expect(DBAPIError.wrapping(Other()).kind == .databaseError)
        #expect(DBAPIError.wrapping(CancellationError()).kind == .operationalError)
    }

    @Test("a decoding error names the column in its description")
    func columnContextDescription() {
        let error = DBAPIError(
            .dataError, "unexpected null",
            column: .init(index: 2, name: "city", nativeType: "utf8", swiftType: "String"))
        #expect(error.description == "dataError: unexpected null (column 2 \"city\" of type utf8 as String)")
    }
}
