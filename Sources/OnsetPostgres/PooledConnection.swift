import Foundation
import PostgresNIO

/// A PostgreSQL connection of the pool, watched: a query sent after the server dropped the
/// connection is never answered by PostgresNIO (its write goes nowhere), so the one query in
/// flight is failed here when the connection closes, and none is sent once it has.
final class PooledConnection: @unchecked Sendable {
    let connection: PostgresConnection
    private let lock = NSLock()
    private var closed = false
    private var current: EventLoopPromise<PostgresQueryResult>?

    init(_ connection: PostgresConnection) {
        self.connection = connection
        connection.closeFuture.whenComplete { [weak self] _ in
            guard let self else { return }
            let pending = self.lock.withLock { () -> EventLoopPromise<PostgresQueryResult>? in
                self.closed = true
                defer { self.current = nil }
                return self.current
            }
            pending?.fail(ConnectionLost())
        }
    }

    var isClosed: Bool { lock.withLock { closed } || connection.isClosed }

    func query(_ query: PostgresQuery, logger: Logger) throws -> PostgresQueryResult {
        let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        let open = lock.withLock { () -> Bool in
            guard !closed else { return false }
            current = promise
            return true
        }
        guard open else {
            promise.fail(ConnectionLost())
            throw ConnectionLost()
        }
        connection.query(query, logger: logger).whenComplete { [self] result in
            let mine = lock.withLock { () -> Bool in
                guard current?.futureResult === promise.futureResult else { return false }
                current = nil
                return true
            }
            if mine { promise.completeWith(result) }
        }
        return try promise.futureResult.wait()
    }

    func close() {
        try? connection.close().wait()
    }
}

/// The server closed the connection (a restart, a network failure, an administrator).
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection to PostgreSQL was lost" }
}
