import Foundation
import OnsetStore
import PostgresNIO

/// The central store in a PostgreSQL database, for labs whose central store outgrows one
/// machine: several `onset serve` instances may share it. The store's code is the SQLite
/// store's; only the connection differs (see `SQLConnection`).
///
/// The store is called from plain threads (the CLI, the server's work queue), so PostgresNIO's
/// futures are waited on, never its async API: blocking a Swift-concurrency thread on a task
/// could starve the very thread pool that task needs.
public final class PostgresCentralDatabase: CentralDatabase, @unchecked Sendable {
    public let url: PostgresURL
    public var location: String { url.redacted }
    let logger: Logger
    private let lock = NSLock()
    private var idle: [PooledConnection] = []
    private var opened = 0

    /// `migrate: false` opens the database as it is (for tools that look at it, and tests).
    public init(url: PostgresURL, migrate: Bool = true) throws(StoreError) {
        self.url = url
        var logger = Logger(label: "onset.postgres")
        logger.logLevel = .critical
        self.logger = logger
        guard migrate else { return }
        do {
            try withConnection { connection in try PostgresMigrator(url: url, logger: logger).migrate(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, location: url.redacted, opening: true)
        }
    }

    deinit {
        // PostgresNIO insists on connections being closed before they go (and the server is
        // told goodbye rather than finding a broken socket).
        for connection in idle { connection.close() }
    }

    public func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        try transaction("BEGIN", body)
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `body` between `begin` and COMMIT on a pooled connection; any error rolls back. A
    /// connection that broke is dropped, not pooled again: PostgreSQL has already rolled back
    /// what it had not committed.
    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try withConnection { connection in
                let sql = PostgresSQLConnection(connection: connection, logger: logger)
                try sql.execute(begin)
                do {
                    let result = try body(sql)
                    try sql.execute("COMMIT")
                    return result
                } catch {
                    _ = try? sql.execute("ROLLBACK")
                    throw error
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, location: location, opening: false)
        }
    }

    private func withConnection<T>(_ body: (PooledConnection) throws -> T) throws -> T {
        let connection = try acquire()
        do {
            let result = try body(connection)
            release(connection)
            return result
        } catch {
            if connection.isClosed { lock.withLock { opened -= 1 } } else { release(connection) }
            throw error
        }
    }

    private func acquire() throws -> PooledConnection {
        if let connection = lock.withLock({ idle.popLast() }) {
            if !connection.isClosed { return connection }
            lock.withLock { opened -= 1 }
        }
        let id = lock.withLock { opened += 1; return opened }
        do {
            return PooledConnection(try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration(),
                                                                   id: id, logger: logger).wait())
        } catch {
            lock.withLock { opened -= 1 }
            throw error
        }
    }

    private func release(_ connection: PooledConnection) {
        lock.withLock { idle.append(connection) }
    }

    private func configuration() throws -> PostgresConnection.Configuration {
        guard let host = url.host else {
            var c = PostgresConnection.Configuration(unixSocketPath: "/var/run/postgresql/.s.PGSQL.\(url.port)", username: url.user,
                                                     password: url.password, database: url.database)
            c.options.connectTimeout = .seconds(10)
            c.options.additionalStartupParameters = startupParameters
            return c
        }
        let tls: PostgresConnection.Configuration.TLS = switch url.sslMode {
        case "disable": .disable
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var c = PostgresConnection.Configuration(host: host, port: url.port, username: url.user, password: url.password,
                                                 database: url.database, tls: tls)
        c.options.connectTimeout = .seconds(10)
        c.options.additionalStartupParameters = startupParameters
        return c
    }

    /// `?schema=`: the store's tables live in that schema (created on first use).
    private var startupParameters: [(String, String)] {
        [("application_name", url.applicationName)] + (url.schema.map { [("search_path", $0)] } ?? [])
    }

    static func lost(_ location: String) -> StoreError {
        .database("\(location): the connection to PostgreSQL was lost; the transaction was rolled back (if it broke during COMMIT, "
                  + "its outcome is unknown: an ingest can be sent again safely, a bundle is applied once)")
    }

    /// PostgreSQL's and PostgresNIO's errors as the store's, saying what the server said.
    static func map(_ error: any Error, location: String, opening: Bool) -> StoreError {
        if error is ConnectionLost { return lost(location) }
        guard let pg = error as? PSQLError else {
            if let store = error as? StoreError { return store }
            return opening ? .cannotOpen(path: location, reason: "\(error)") : .database("\(location): \(error)")
        }
        if let info = pg.serverInfo {
            let message = info[.message] ?? "error"
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            // 28xxx: authentication; 3D000: no such database.
            if opening || info[.sqlState]?.hasPrefix("28") == true || info[.sqlState] == "3D000" {
                return .cannotOpen(path: location, reason: message + detail + state)
            }
            return .database(message + detail + state)
        }
        switch pg.code {
        case .connectionError:
            let why = pg.underlying.map { "\($0)" } ?? "no answer"
            return .cannotOpen(path: location, reason: "cannot reach the PostgreSQL server (\(why)); is it running, and is the host and port right?")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return lost(location)
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return .cannotOpen(path: location, reason: "authentication failed (\(pg.code)); give the password in the URL or PGPASSWORD")
        default:
            return opening ? .cannotOpen(path: location, reason: "\(pg.code)") : .database("\(location): \(pg.code)")
        }
    }
}
