import OnsetStore

extension CentralStore {
    /// The central store at `location`: a `postgres://` URL, else a SQLite file path.
    public static func open(_ location: String) throws(StoreError) -> CentralStore {
        guard PostgresURL.isPostgres(location) else { return try CentralStore(path: location) }
        let url: PostgresURL
        do { url = try PostgresURL(location) } catch { throw .cannotOpen(path: location, reason: error.description) }
        return CentralStore(database: try PostgresCentralDatabase(url: url))
    }
}
