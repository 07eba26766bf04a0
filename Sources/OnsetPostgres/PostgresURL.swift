import Foundation

/// Where a PostgreSQL central store lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
/// with `?schema=NAME` (its tables in a schema of their own), `?sslmode=disable|prefer|require` and
/// `?application_name=NAME` (how its connections appear in `pg_stat_activity`; `onset` unless given).
/// No host: the local server's Unix socket. No password: `PGPASSWORD`, as libpq does.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String?
    public var port: Int
    public var database: String
    public var schema: String?
    public var sslMode: String
    public var applicationName: String

    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws(PostgresURLError) {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw PostgresURLError("`\(text)` is not a PostgreSQL URL (postgres://user@host:5432/database)")
        }
        guard let user = url.user, !user.isEmpty else { throw PostgresURLError("the URL names no user (postgres://USER@host/database)") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresURLError("the URL names no database (postgres://user@host/DATABASE)") }
        self.user = user
        self.password = url.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.host = url.host.flatMap { $0.isEmpty ? nil : $0 }
        self.port = url.port ?? 5432
        self.database = database
        var schema: String?
        var sslMode = "prefer"
        var applicationName = "onset"
        for item in url.queryItems ?? [] {
            switch item.name {
            case "schema":
                guard let v = item.value, Self.isIdentifier(v) else { throw PostgresURLError("schema= takes a name of letters, digits and _") }
                schema = v
            case "sslmode":
                guard let v = item.value, ["disable", "prefer", "require"].contains(v) else { throw PostgresURLError("sslmode= takes disable, prefer or require") }
                sslMode = v
            case "application_name":
                guard let v = item.value, !v.isEmpty, v.utf8.count <= 63, v.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) else {
                    throw PostgresURLError("application_name= takes up to 63 printable ASCII characters")
                }
                applicationName = v
            default:
                throw PostgresURLError("unknown URL parameter `\(item.name)` (known: schema, sslmode, application_name)")
            }
        }
        self.schema = schema
        self.sslMode = sslMode
        self.applicationName = applicationName
    }

    /// The URL as shown in messages: never the password.
    public var redacted: String {
        let query = [schema.map { "schema=\($0)" }, sslMode == "prefer" ? nil : "sslmode=\(sslMode)",
                     applicationName == "onset" ? nil : "application_name=\(applicationName)"].compactMap { $0 }
        return "postgres://\(user)@\(host ?? "")\(host == nil ? "" : ":\(port)")/\(database)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 63 && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 } && !(s.first!.isNumber)
    }
}

public struct PostgresURLError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
