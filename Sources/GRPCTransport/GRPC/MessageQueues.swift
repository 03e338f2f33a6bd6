import Foundation

/// What the reader of a call's received messages gets next (the client's response
/// messages, the server handler's request messages).
enum NextMessage: Equatable {
    /// A message.
    case message(Data)
    /// The stream ended cleanly and every message was taken.
    case end
    /// The call ended with this status (every earlier message was taken, on the client).
    case failed(GRPCStatus)
    /// Nothing yet: wait.
    case wait

    /// Makes `waiter` the call's one waiting reader; returns `false` (having failed it,
    /// through `resumes`) when another reader already waits, since messages cannot go to
    /// two readers.
    static func register(
        _ waiter: CheckedContinuation<Data?, any Error>, in slot: inout CheckedContinuation<Data?, any Error>?,
        resumes: inout DeferredResumes
    ) -> Bool {
        guard slot == nil else {
            resumes.resume(waiter, throwing: GRPCStatus(code: .failedPrecondition, message: "receive() called while another receive() on the same call is waiting"))
            return false
        }
        slot = waiter
        return true
    }

    /// Records the resumption of a waiting reader with this outcome in `resumes`
    /// (clearing `waiter`), unless it is ``wait``.
    func resume(_ waiter: inout CheckedContinuation<Data?, any Error>?, into resumes: inout DeferredResumes) {
        guard let reader = waiter else { return }
        switch self {
        case .message(let message): resumes.resume(reader, returning: message)
        case .end: resumes.resume(reader, returning: nil)
        case .failed(let status): resumes.resume(reader, throwing: status)
        case .wait: return
        }
        waiter = nil
    }
}

/// Deframed messages waiting for their reader, in order, with the byte count the
/// flow-control accounting needs. Taking from the front is O(1) amortized.
struct ReceivedMessageQueue {
    private var messages: [Data] = []
    private var head = 0
    /// Bytes of the queued messages, their 5-byte prefixes included (what they cost of
    /// the flow-control window).
    private(set) var byteCount = 0

    /// Whether no message waits.
    var isEmpty: Bool { head >= messages.count }

    /// Queues messages the deframer completed.
    mutating func append(contentsOf completed: [Data]) {
        for message in completed {
            messages.append(message)
            byteCount += message.count + 5
        }
    }

    /// Takes the oldest message, if any.
    mutating func popFirst() -> Data? {
        guard head < messages.count else { return nil }
        let message = messages[head]
        head += 1
        byteCount -= message.count + 5
        // Compact now and then, so taken messages do not pile up in front.
        if head >= 64, head * 2 >= messages.count {
            messages.removeFirst(head)
            head = 0
        }
        return message
    }

    /// Drops every queued message (the reader will not take them).
    mutating func removeAll() {
        messages.removeAll()
        head = 0
        byteCount = 0
    }
}

/// Framed messages waiting to be sent, each with an id its sender waits on, handed to
/// HTTP/2 DATA frames piece by piece as flow control allows.
struct OutboundMessageQueue {
    private var sends: [(data: Data, offset: Int, id: Int)] = []
    private var lastID = 0
    /// Bytes queued and not yet handed over.
    private(set) var byteCount = 0

    /// Whether every queued byte was handed over.
    var isEmpty: Bool { sends.isEmpty }

    /// Queues a framed message; returns its id.
    mutating func enqueue(_ framed: Data) -> Int {
        lastID += 1
        sends.append((framed, 0, lastID))
        byteCount += framed.count
        return lastID
    }

    /// Copies queued bytes into `buffer` (up to its size); returns how many, and the ids of
    /// the messages whose last byte went.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) -> (count: Int, completed: [Int]) {
        var written = 0
        var completed: [Int] = []
        while written < buffer.count, !sends.isEmpty {
            let (data, offset, id) = sends[0]
            let take = min(buffer.count - written, data.count - offset)
            if take > 0 {
                data.withUnsafeBytes { source in
                    buffer.baseAddress!.advanced(by: written).copyMemory(from: source.baseAddress!.advanced(by: offset), byteCount: take)
                }
            }
            written += take
            byteCount -= take
            if offset + take == data.count {
                sends.removeFirst()
                completed.append(id)
            } else {
                sends[0].offset = offset + take
            }
        }
        return (written, completed)
    }

    /// Drops every queued message (they will never be sent).
    mutating func removeAll() {
        sends.removeAll()
        byteCount = 0
    }
}
