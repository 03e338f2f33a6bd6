/// A failure the command reports as one line `flightsql: error: …` and exit status 1.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// A mistake in how the command was called: reported with a usage hint and exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Ends the command with `status` and no further message (what went wrong is already printed).
struct ExitStatus: Error {
    var status: Int32

    init(_ status: Int32) { self.status = status }
}
