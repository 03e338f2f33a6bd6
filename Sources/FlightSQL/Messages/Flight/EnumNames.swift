import Protobuf

extension ProtobufEnum {
    /// The `.proto` name of this value for `description`: `names` lists the names of values
    /// 0, 1, 2, … in order (every enum here numbers its values that way); a value this code
    /// does not know, from a newer peer, reads as `TypeName(rawValue)`.
    func protoName(_ names: [String]) -> String {
        let index = Int(rawValue)
        return names.indices.contains(index) ? names[index] : "\(Self.self)(\(rawValue))"
    }
}
