import ArgumentParser

@main
struct Onset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onset",
        abstract: "A terminal annotation workstation for time-aligned social-signal spans and clip ratings.",
        discussion: """
            Every edit is written to the local SQLite store at once ($ONSET_STORE, else \
            $XDG_DATA_HOME/onset/onset.sqlite; every command takes --store).

            Examples:
              onset open demo
              onset spans add --session demo --signal hesitation --onset 1.2 --offset 2.5 --confidence 4 --intensity 3
              onset spans list --session demo --format json
            """,
        subcommands: [
            Doctor.self, Open.self, SchemeCommand.self, SessionsCommand.self, SpansCommand.self, Undo.self, Redo.self,
            Probe.self, Frame.self, TranscriptCommand.self, Alpha.self, KappaCommand.self, Agree.self, QCCommand.self, CalibrateCommand.self, ReviewCommand.self, Keys.self, IdentityCommand.self,
            ExportCommand.self, ImportCommand.self, BundleCommand.self, SyncCommand.self, Inbox.self, Next.self, Submit.self, IngestCommand.self, CentralCommand.self, ProjectCommand.self, WaveCommand.self, Serve.self, StoreCommand.self, StressWrites.self,
        ])
}
