import Foundation

/// Where tests find the servers and data that `Scripts/start-test-servers.sh` provides.
///
/// Servers are named by environment variables (`FLIGHTSQL_TEST_ROAPI_URL`, …). Under
/// `CI=true` every server is required: a test whose server is missing runs and fails.
/// Elsewhere such a test is disabled, so a developer can run the unit tests alone.
public enum TestEnvironment {
    /// Whether this run is CI's (`CI=true`), where nothing may be skipped.
    public static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    /// The value of an environment variable, if set and non-empty.
    public static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// Whether a test that needs `name` should run: always under CI, else when it is set.
    /// Use as `@Test(.enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_ROAPI_URL")))`.
    public static func isAvailable(_ name: String) -> Bool {
        isCI || value(name) != nil
    }

    /// The value of `name`, or an error saying that the server or setting is missing.
    public static func require(_ name: String) throws -> String {
        guard let value = value(name) else { throw MissingTestResource(name: name) }
        return value
    }

    /// The package's root folder (the one holding `Package.swift`).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/TestSupport/TestEnvironment.swift -> package root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared/testdata` next to the package: Arrow gold files, malformed inputs, TLS material.
    public static var sharedTestData: URL {
        if let override = value("FLIGHTSQL_TEST_SHARED_TESTDATA") {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }
}

/// A server or setting a test needs is not configured.
public struct MissingTestResource: Error, CustomStringConvertible {
    /// The environment variable that was not set.
    public var name: String

    public var description: String {
        "\(name) is not set: start the test servers with Scripts/start-test-servers.sh (required under CI=true)"
    }
}
