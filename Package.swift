// swift-tools-version:6.0
import PackageDescription

// Boundaries (see STYLE.md): the domain knows nothing of SQLite, the UI knows nothing of ncurses,
// only one module touches each C library, and the executable is thin.
let package = Package(
    name: "Onset",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "onset", targets: ["onset"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Ed25519 signatures and SHA-256 for export bundles (BoringSSL underneath on Linux).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The central store's HTTP server (only `OnsetServer` and its tests use it).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The central store on PostgreSQL (only `OnsetPostgres` uses it); its SwiftNIO is Hummingbird's.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libavutil libswscale libswresample",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev"])]
        ),
        // Whole-buffer deflate: twice zlib's speed at level 1, inflate 1.7×, CRC-32 4× (members are whole buffers anyway).
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "OnsetCore"),
        .target(
            name: "OnsetStore",
            dependencies: ["OnsetCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        .target(name: "OnsetMedia", dependencies: ["OnsetCore", "CFFmpeg"]),
        .target(name: "OnsetAgreement"),
        .target(name: "OnsetInterchange", dependencies: ["OnsetCore"]),
        .target(
            name: "OnsetSync",
            dependencies: ["OnsetCore", "OnsetStore", "OnsetAgreement", "CLibdeflate", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "TerminalUI"),
        .target(name: "NcursesBackend", dependencies: ["TerminalUI", "CNcursesw"]),
        .target(name: "Workstation", dependencies: ["OnsetCore", "TerminalUI"]),
        .target(
            name: "OnsetPostgres",
            dependencies: ["OnsetStore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(
            name: "OnsetServer",
            dependencies: ["OnsetStore", "OnsetSync", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "onset",
            dependencies: [
                "OnsetCore", "OnsetStore", "OnsetMedia", "TerminalUI", "NcursesBackend", "Workstation", "OnsetAgreement", "OnsetSync", "OnsetServer", "OnsetInterchange",
                "OnsetPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "onset-bench",
            dependencies: ["OnsetCore", "OnsetStore", "OnsetMedia", "TerminalUI", "Workstation", "OnsetAgreement", "OnsetSync", "OnsetServer", "OnsetInterchange", "OnsetPostgres"]
        ),
        .testTarget(name: "OnsetCoreTests", dependencies: ["OnsetCore"]),
        .testTarget(name: "OnsetAgreementTests", dependencies: ["OnsetAgreement"]),
        .testTarget(name: "OnsetInterchangeTests", dependencies: ["OnsetInterchange", "OnsetCore"]),
        .testTarget(name: "OnsetSyncTests", dependencies: ["OnsetSync", "OnsetStore", "OnsetCore", "OnsetPostgres"]),
        .testTarget(name: "OnsetServerTests", dependencies: [
            "OnsetServer", "OnsetSync", "OnsetStore", "OnsetCore", "OnsetPostgres",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "OnsetPostgresTests", dependencies: ["OnsetPostgres", "OnsetStore"]),
        .testTarget(name: "OnsetStoreTests", dependencies: ["OnsetStore", "OnsetCore"]),
        .testTarget(name: "OnsetMediaTests", dependencies: ["OnsetMedia", "OnsetCore", "TerminalUI"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], exclude: ["Golden"]),
        .testTarget(name: "WorkstationTests", dependencies: ["Workstation", "TerminalUI", "OnsetCore"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["OnsetCore"], exclude: ["Fixtures"]),
    ]
)
