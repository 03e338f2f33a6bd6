import Arrow
import DBAPI
import Foundation

/// Turns DB-API parameter sets into the Arrow IPC messages of one record batch (a row per
/// set), as Flight SQL binds prepared-statement parameters.
///
/// The batch's schema is the server's parameter schema when it sent one with the right
/// number of fields (values are converted to it), otherwise it is inferred from the values
/// (``ParameterTypeInference``). Errors name the parameter's position and kind, never its
/// value: parameters may be secrets.
enum ParameterEncoding {
    /// The schema message, then the record batch (and any dictionary it needs), as
    /// `FlightData` without a descriptor.
    static func messages(for parameterSets: [[Value]], schema serverSchema: Schema?) throws(DBAPIError) -> [FlightData] {
        let batch = try recordBatch(for: parameterSets, schema: serverSchema)
        do {
            var encoder = try ArrowIPCMessageEncoder(schema: batch.schema)
            var messages = [encoder.encodeSchema()]
            messages += try encoder.encode(batch)
            return messages.map { FlightData(dataHeader: $0.header, dataBody: $0.body) }
        } catch {
            throw DBAPIError(.interfaceError, "the parameters could not be encoded as Arrow IPC", cause: error)
        }
    }

    /// The parameters as one record batch, a row per set.
    static func recordBatch(for parameterSets: [[Value]], schema serverSchema: Schema?) throws(DBAPIError) -> RecordBatch {
        let width = parameterSets.first?.count ?? 0
        guard parameterSets.allSatisfy({ $0.count == width }) else {
            throw DBAPIError(.programmingError, "every parameter set needs the same number of parameters")
        }
        let schema: Schema
        if let serverSchema, !serverSchema.fields.isEmpty {
            guard serverSchema.fields.count == width else {
                throw DBAPIError(.programmingError, "the statement takes \(serverSchema.fields.count) parameters, \(width) were given")
            }
            schema = serverSchema
        } else {
            var fields: [Field] = []
            for column in 0..<width {
                let type = try ParameterTypeInference.type(of: parameterSets.map { $0[column] }, position: column + 1)
                fields.append(Field(name: "$\(column + 1)", type: type))
            }
            schema = Schema(fields: fields)
        }
        do {
            var builder = try RecordBatchBuilder(schema: schema)
            for parameters in parameterSets {
                for (column, value) in parameters.enumerated() {
                    let field = schema.fields[column]
                    let arrow: ArrowValue
                    var unionTypeCode: Int8?
                    if case .union(let typeCode, let member) = value, case .union(_, let children, let typeIDs) = field.type,
                        let memberIndex = typeIDs.firstIndex(of: Int32(typeCode)) {
                        // A union value for a union parameter: into the member of its type code.
                        arrow = try arrowValue(member, for: children[memberIndex].type, position: column + 1)
                        unionTypeCode = typeCode
                    } else {
                        arrow = try arrowValue(value, for: field.type, position: column + 1)
                    }
                    do {
                        if let unionTypeCode {
                            try builder.columns[column].append(arrow, unionTypeCode: unionTypeCode)
                        } else {
                            try builder.columns[column].append(arrow)
                        }
                    } catch {
                        throw mismatch(value, field: field, position: column + 1)
                    }
                }
            }
            return try builder.finish()
        } catch let error as DBAPIError {
            throw error
        } catch {
            throw DBAPIError(.interfaceError, "the parameter batch could not be built", cause: error)
        }
    }

    private static func mismatch(_ value: Value, field: Field, position: Int) -> DBAPIError {
        DBAPIError(
            .programmingError,
            "parameter \(position) (\(value.unionMember.kindName)) does not fit the parameter type \(ArrowColumnDescription.nativeTypeName(of: field))")
    }

    /// `value` as the builder of `type` takes it: a union value as its member's value,
    /// decimals rescaled to the column's scale, integers widened to decimals; everything
    /// else as is (the builder converts units and
    /// widths where that is exact, and refuses the rest).
    static func arrowValue(_ value: Value, for type: ArrowType, position: Int) throws(DBAPIError) -> ArrowValue {
        switch (value, type) {
        case (.null, _):
            return .null
        case (.union(_, let member), _):
            return try arrowValue(member, for: type, position: position)
        case (.decimal(let decimal), .decimal(let bitWidth, let precision, let scale)):
            return try arrowDecimal(decimal, bitWidth: bitWidth, precision: precision, scale: scale, position: position, kind: value.kindName, type: type)
        case (.int(let integer), .decimal(let bitWidth, let precision, let scale)):
            return try arrowDecimal(ExactDecimal(integer), bitWidth: bitWidth, precision: precision, scale: scale, position: position, kind: value.kindName, type: type)
        case (.uint(let integer), .decimal(let bitWidth, let precision, let scale)):
            return try arrowDecimal(ExactDecimal(integer), bitWidth: bitWidth, precision: precision, scale: scale, position: position, kind: value.kindName, type: type)
        case (.list(let items), .list(let child)), (.list(let items), .largeList(let child)), (.list(let items), .listView(let child)),
            (.list(let items), .largeListView(let child)), (.list(let items), .fixedSizeList(let child, _)):
            var converted: [ArrowValue] = []
            for item in items { converted.append(try arrowValue(item, for: child.type, position: position)) }
            return .list(converted)
        case (.struct(let fields), .struct(let children)):
            var entries: [ArrowValue.StructEntry] = []
            for field in fields {
                if let child = children.first(where: { $0.name == field.name }) {
                    entries.append(.init(name: field.name, value: try arrowValue(field.value, for: child.type, position: position)))
                } else {
                    entries.append(.init(name: field.name, value: plain(field.value)))
                }
            }
            return .struct(entries)
        case (_, .union(_, let children, _)):
            return try unionValue(value, children: children, type: type, position: position)
        case (.map(let mapEntries), .map(let entriesField, _)):
            guard case .struct(let children) = entriesField.type, children.count == 2 else { return plain(value) }
            var entries: [ArrowValue.MapEntry] = []
            for entry in mapEntries {
                entries.append(.init(
                    key: try arrowValue(entry.key, for: children[0].type, position: position),
                    value: try arrowValue(entry.value, for: children[1].type, position: position)))
            }
            return .map(entries)
        default:
            return plain(value)
        }
    }

    /// `value` for a union parameter type (a server that binds any kind of value, such as the
    /// project's own, sends a union of the kinds it takes). The builder puts a value into the
    /// first member that accepts it, and some members accept other kinds with loss (a
    /// `float64` member takes any integer), so the value is shaped for the member of its own
    /// kind first: a decimal is rescaled to the first decimal member it fits exactly (a
    /// `dataError` if there is one and it fits none); an unsigned integer beyond `Int64.max`
    /// needs an unsigned 64-bit member (else a `dataError`: it would become a float).
    private static func unionValue(_ value: Value, children: [Field], type: ArrowType, position: Int) throws(DBAPIError) -> ArrowValue {
        switch value {
        case .decimal:
            var hasDecimalMember = false
            for child in children {
                guard case .decimal = child.type else { continue }
                hasDecimalMember = true
                if let converted = try? arrowValue(value, for: child.type, position: position) { return converted }
            }
            if hasDecimalMember {
                throw DBAPIError(
                    .dataError,
                    "parameter \(position) (\(value.kindName)) does not fit the parameter type \(ArrowColumnDescription.typeName(type)) without rounding")
            }
            return plain(value)
        case .uint(let integer) where integer > UInt64(Int64.max):
            guard children.contains(where: { $0.type == .uint64 }) else {
                throw DBAPIError(
                    .dataError,
                    "parameter \(position) (\(value.kindName)) is beyond the signed 64-bit range of the parameter type \(ArrowColumnDescription.typeName(type))")
            }
            return plain(value)
        default:
            return plain(value)
        }
    }

    private static func arrowDecimal(
        _ decimal: ExactDecimal, bitWidth: Int, precision: Int, scale: Int, position: Int, kind: String, type: ArrowType
    ) throws(DBAPIError) -> ArrowValue {
        guard let rescaled = decimal.rescaled(to: scale), rescaled.precision <= max(precision, 1),
            let words = rescaled.twosComplementWords(wordCount: max(1, bitWidth / 64))
        else {
            throw DBAPIError(.dataError, "parameter \(position) (\(kind)) does not fit the parameter type \(ArrowColumnDescription.typeName(type)) without rounding")
        }
        return .decimal(ArrowDecimal(words: words, precision: precision, scale: scale))
    }

    /// The Arrow value of the same kind as `value`.
    static func plain(_ value: Value) -> ArrowValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let integer): .int(integer)
        case .uint(let integer): .uint(integer)
        case .float(let number): .float32(number)
        case .double(let number): .float64(number)
        case .decimal(let decimal):
            // Inferred columns are decimal128 or decimal256 with the value's own scale.
            .decimal(ArrowDecimal(words: decimal.twosComplementWords(wordCount: 4) ?? [0, 0, 0, 0], precision: decimal.precision, scale: decimal.scale))
        case .string(let text): .string(text)
        case .bytes(let data): .binary(data)
        case .date(let days): .date32(days)
        case .dateMilliseconds(let milliseconds): .date64(milliseconds)
        case .time(let count, let unit): .time(count, Arrow.TimeUnit(unit))
        case .timestamp(let count, let unit, let zone): .timestamp(count, Arrow.TimeUnit(unit), timeZone: zone)
        case .duration(let count, let unit): .duration(count, Arrow.TimeUnit(unit))
        case .intervalYearMonth(let months): .intervalYearMonth(months: months)
        case .intervalDayTime(let days, let milliseconds): .intervalDayTime(days: days, milliseconds: milliseconds)
        case .intervalMonthDayNano(let months, let days, let nanoseconds): .intervalMonthDayNano(months: months, days: days, nanoseconds: nanoseconds)
        case .list(let items): .list(items.map(plain))
        case .struct(let fields): .struct(fields.map { .init(name: $0.name, value: plain($0.value)) })
        case .map(let entries): .map(entries.map { .init(key: plain($0.key), value: plain($0.value)) })
        case .union(_, let member): plain(member)
        }
    }
}
