// swift-tools-version:6.2
import PackageDescription

/// Every Swift target is built in Swift 6 language mode with warnings as errors.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "swift-flightsql",
    products: [
        .library(name: "Arrow", targets: ["Arrow"]),
        .library(name: "DBAPI", targets: ["DBAPI"]),
        .library(name: "FlightSQL", targets: ["FlightSQL"]),
        .library(name: "SQLiteDBAPI", targets: ["SQLiteDBAPI"]),
        .library(name: "FlightSQLServer", targets: ["FlightSQLServer"]),
        // The transport is public API of FlightSQL (`FlightClient(transport:)`) and of
        // FlightSQLServer (`TLSServerConfiguration`, `GRPCStatus` errors): users import it too.
        .library(name: "GRPCTransport", targets: ["GRPCTransport"]),
        .executable(name: "flightsql", targets: ["flightsql"]),
        .executable(name: "flightsql-benchmark", targets: ["flightsql-benchmark"]),
    ],
    targets: [
        // C libraries from Debian, reached through system-library targets.
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZSTD", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Line editing and history for `flightsql shell`.
        .systemLibrary(name: "CEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        // Columnar data and the Arrow IPC formats.
        .target(name: "Arrow", dependencies: ["CLZ4", "CZSTD"], swiftSettings: strict),
        // The protobuf wire codec.
        .target(name: "Protobuf", swiftSettings: strict),
        // HTTP/2 over TCP or TLS, and gRPC calls on top of it.
        .target(name: "GRPCTransport", dependencies: ["CNGHTTP2", "COpenSSL"], swiftSettings: strict),
        // Driver-agnostic database API (PEP 249 style).
        .target(name: "DBAPI", swiftSettings: strict),
        // A DB-API driver for SQLite: the local twin of the Flight SQL driver and the server's backend.
        .target(name: "SQLiteDBAPI", dependencies: ["CSQLite", "DBAPI"], swiftSettings: strict),
        // Flight and Flight SQL messages, the client and the DB-API driver.
        .target(name: "FlightSQL", dependencies: ["Arrow", "Protobuf", "GRPCTransport", "DBAPI"], swiftSettings: strict),
        // A Flight SQL server over any backend; SQLite (through the DB-API) is the built-in one.
        .target(
            name: "FlightSQLServer",
            dependencies: ["FlightSQL", "Arrow", "Protobuf", "GRPCTransport", "DBAPI", "SQLiteDBAPI"],
            swiftSettings: strict),
        // The `flightsql` command, as a library so that its pieces can be tested.
        .target(name: "FlightSQLCLI", dependencies: ["FlightSQL", "FlightSQLServer", "Arrow", "DBAPI", "CEdit"], swiftSettings: strict),
        .executableTarget(name: "flightsql", dependencies: ["FlightSQLCLI"], swiftSettings: strict),
        // Fetch throughput against the peer clients: run Scripts/benchmark.sh.
        .executableTarget(
            name: "flightsql-benchmark", dependencies: ["FlightSQL", "Arrow", "DBAPI"],
            path: "Benchmarks/FlightSQLBenchmarks", swiftSettings: strict),

        // Shared by the test targets: where the test servers and test data are.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "ArrowTests", dependencies: ["Arrow", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ProtobufTests", dependencies: ["Protobuf", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "GRPCTransportTests", dependencies: ["GRPCTransport", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DBAPITests", dependencies: ["DBAPI", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SQLiteDBAPITests", dependencies: ["SQLiteDBAPI", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FlightSQLTests", dependencies: ["FlightSQL", "GRPCTransport", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FlightSQLServerTests", dependencies: ["FlightSQLServer", "FlightSQL", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FlightSQLCLITests", dependencies: ["FlightSQLCLI", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "IntegrationTests", dependencies: ["FlightSQL", "FlightSQLCLI", "FlightSQLServer", "GRPCTransport", "SQLiteDBAPI", "DBAPI", "TestSupport"], swiftSettings: strict),
    ]
)
