/// Limits that bound the work and memory spent on untrusted IPC input.
public struct ArrowIPCLimits: Sendable, Hashable {
    /// The deepest field nesting accepted in a schema.
    public var maxNestingDepth: Int
    /// The most fields (at all levels) accepted in one schema.
    public var maxFieldCount: Int
    /// The largest uncompressed size accepted for one compressed buffer.
    public var maxDecompressedBufferSize: Int
    /// The largest total uncompressed size accepted for one message body.
    public var maxDecompressedBodySize: Int
    /// The longest array (and record batch) accepted, in slots. Arrays of the null type and
    /// similar layouts have no buffers whose size would bound their declared length, so
    /// this keeps a forged length from driving huge loops or materializations downstream.
    public var maxArrayLength: Int
    /// The most delta batches accepted for one dictionary before a replacement; each delta
    /// adds a chunk, and building the extended dictionary costs time linear in the chunks.
    public var maxDictionaryDeltas: Int

    /// Creates limits.
    public init(
        maxNestingDepth: Int = 64, maxFieldCount: Int = 100_000,
        maxDecompressedBufferSize: Int = 1 << 31, maxDecompressedBodySize: Int = 1 << 32,
        maxDictionaryDeltas: Int = 10_000, maxArrayLength: Int = Int(Int32.max)
    ) {
        self.maxNestingDepth = maxNestingDepth
        self.maxFieldCount = maxFieldCount
        self.maxDecompressedBufferSize = maxDecompressedBufferSize
        self.maxDecompressedBodySize = maxDecompressedBodySize
        self.maxDictionaryDeltas = maxDictionaryDeltas
        self.maxArrayLength = maxArrayLength
    }

    /// The defaults: depth 64, 100 000 fields, 2 GiB per buffer, 4 GiB per body, 10 000 deltas,
    /// arrays of at most 2^31 - 1 slots.
    public static let `default` = ArrowIPCLimits()
}
