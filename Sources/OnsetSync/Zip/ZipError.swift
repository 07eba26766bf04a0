/// Why a ZIP container could not be written or read.
public enum ZipError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case limit(String)
    case compression(String)

    public var description: String {
        switch self {
        case .malformed(let why): "not a valid bundle container: \(why)"
        case .limit(let why): "over a limit: \(why)"
        case .compression(let why): "compression: \(why)"
        }
    }
}
