import Foundation

/// Per-call settings.
public struct GRPCCallOptions: Sendable {
    /// How long the call may take. Sent to the server as `grpc-timeout` and enforced
    /// locally too: when it expires the stream is reset and the call fails with
    /// `deadlineExceeded`. `nil` means no limit.
    public var timeout: Duration?
    /// An absolute deadline, for several calls sharing one time budget. When both this and
    /// ``timeout`` are set, the earlier wins.
    public var deadline: ContinuousClock.Instant?
    /// Extra metadata appended to the request headers (after the call's own metadata).
    public var metadata: GRPCMetadata
    /// The largest response message accepted, in bytes; `nil` uses the transport's default
    /// (64 MiB unless configured). A larger message fails the call with `resourceExhausted`.
    public var maxReceiveMessageSize: Int?

    /// Options with the given settings; the defaults are no timeout, no extra metadata and
    /// the transport's maximum message size.
    public init(
        timeout: Duration? = nil, deadline: ContinuousClock.Instant? = nil, metadata: GRPCMetadata = GRPCMetadata(),
        maxReceiveMessageSize: Int? = nil
    ) {
        self.timeout = timeout
        self.deadline = deadline
        self.metadata = metadata
        self.maxReceiveMessageSize = maxReceiveMessageSize
    }

    /// No timeout, no extra metadata, the transport's default message size limit.
    public static let defaults = GRPCCallOptions()

    /// The time left for a call starting now: the smaller of ``timeout`` and the time until
    /// ``deadline``; `nil` if neither is set.
    func effectiveTimeout(now: ContinuousClock.Instant = .now) -> Duration? {
        let untilDeadline = deadline.map { $0 - now }
        switch (timeout, untilDeadline) {
        case (nil, nil): return nil
        case (let timeout?, nil): return timeout
        case (nil, let remaining?): return remaining
        case (let timeout?, let remaining?): return min(timeout, remaining)
        }
    }
}
