import Testing
@testable import OnsetPostgres

struct PostgresURLTests {
    @Test func readsEveryPart() throws {
        let url = try PostgresURL("postgres://ana:s3cret@db.lab:6543/onset?schema=central&sslmode=require&application_name=onset%20east")
        #expect(url.user == "ana")
        #expect(url.password == "s3cret")
        #expect(url.host == "db.lab")
        #expect(url.port == 6543)
        #expect(url.database == "onset")
        #expect(url.schema == "central")
        #expect(url.sslMode == "require")
        #expect(url.applicationName == "onset east")
        // Messages never show the password.
        #expect(url.redacted == "postgres://ana@db.lab:6543/onset?schema=central&sslmode=require&application_name=onset east")
    }

    @Test func defaultsAreLibpqs() throws {
        let url = try PostgresURL("postgresql://ana@/onset")
        #expect(url.host == nil)
        #expect(url.port == 5432)
        #expect(url.sslMode == "prefer")
        #expect(url.applicationName == "onset")
        #expect(url.redacted == "postgres://ana@/onset")
    }

    @Test func refusesWhatItCannotUse() {
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://db.lab/onset") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://ana@db.lab/") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://ana@db.lab/onset?schema=Bad-Name") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://ana@db.lab/onset?sslmode=verify-full") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://ana@db.lab/onset?application_name=caf%C3%A9") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://ana@db.lab/onset?timeout=3") }
        #expect(!PostgresURL.isPostgres("central.sqlite"))
    }

    @Test func placeholdersBecomeTypedParameters() throws {
        let sql = try PostgresSQLConnection.translate("SELECT ?, '?' FROM t WHERE a = ?2 AND b IS NULL OR c = ?", types: ["text", "int8"])
        #expect(sql == "SELECT $1::text, '?' FROM t WHERE a = $2::int8 AND b IS NULL OR c = $2::int8")
        #expect(throws: (any Error).self) { try PostgresSQLConnection.translate("SELECT ?3", types: ["text"]) }
    }
}
