import Foundation

/// One clip of a rating queue.
public struct Clip: Hashable, Sendable {
    /// The clip as the session lists it: its ratings are stored under this name, so the same
    /// clip keeps its scores when the queue is reopened from another folder.
    public var name: String
    /// Where the file is, resolved against the session's (or manifest's) folder.
    public var path: String
    /// What the clip was generated from; shown while rating the dimension that compares with it.
    public var prompt: String?
    /// Where the clip comes from (e.g. cinematic, street-level, curated library).
    public var category: String?
    /// Any other source metadata, as given.
    public var metadata: [String: String]

    public init(name: String, path: String, prompt: String? = nil, category: String? = nil, metadata: [String: String] = [:]) {
        self.name = name
        self.path = path
        self.prompt = prompt
        self.category = category
        self.metadata = metadata
    }
}

/// The clips of a rating session: its `clips` list, its `clips_manifest` (CSV or JSON Lines,
/// read as an `ItemManifest`: `media`/`path`, optional `prompt`, `category` or `source`, other
/// columns are metadata) or every video in its `clips_folder` (a `NAME.txt` beside a video is
/// its prompt). Clips that cannot be used are left out and listed in `skipped`, each with why.
public struct ClipList: Sendable {
    public var clips: [Clip]
    public var skipped: [String]

    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "y4m"]

    public static func read(_ session: SessionFile, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws(FileError) -> ClipList {
        var list: ClipList
        if let manifest = session.clipsManifest {
            list = try fromManifest(session.resolve(manifest), fileExists: fileExists)
        } else if let folder = session.clipsFolder {
            list = try fromFolder(folder, resolved: session.resolve(folder))
        } else {
            list = ClipList(clips: [], skipped: [])
            var seen: Set<String> = []
            for name in session.clips {
                guard seen.insert(name).inserted else { list.skipped.append("\(session.path): \(name) is listed twice; rated once"); continue }
                let path = session.resolve(name)
                if fileExists(path) { list.clips.append(Clip(name: name, path: path)) } else { list.skipped.append("\(session.path): \(path): no such clip") }
            }
        }
        guard !list.clips.isEmpty else {
            throw FileError(file: session.path, line: nil, "no clip to rate" + (list.skipped.isEmpty ? "" : ": " + list.skipped.joined(separator: "; ")))
        }
        return list
    }

    static func fromManifest(_ path: String, fileExists: (String) -> Bool) throws(FileError) -> ClipList {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(file: path, line: nil, "no such clip manifest (or it cannot be read)") }
        let manifest = ItemManifest.parse(String(decoding: data, as: UTF8.self), file: path)
        var list = ClipList(clips: [], skipped: manifest.problems.map(\.description))
        let folder = (path as NSString).deletingLastPathComponent
        for item in manifest.items {
            let resolved = item.media.hasPrefix("/") || folder.isEmpty ? item.media : folder + "/" + item.media
            guard fileExists(resolved) else { list.skipped.append("\(path):\(item.line): \(resolved): no such clip"); continue }
            var metadata = Self.flatten(item.metadata)
            let category = metadata.removeValue(forKey: "category") ?? metadata.removeValue(forKey: "source")
            list.clips.append(Clip(name: item.media, path: resolved, prompt: item.prompt, category: category, metadata: metadata))
        }
        return list
    }

    static func fromFolder(_ listed: String, resolved: String) throws(FileError) -> ClipList {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: resolved) } catch {
            throw FileError(file: resolved, line: nil, "the clips folder cannot be read (\(error.localizedDescription))")
        }
        let prefix = listed.hasSuffix("/") ? listed : listed + "/"
        var clips: [Clip] = []
        for name in names.sorted() where !name.hasPrefix(".") && videoExtensions.contains((name as NSString).pathExtension.lowercased()) {
            let sidecar = resolved + "/" + (name as NSString).deletingPathExtension + ".txt"
            let prompt = FileManager.default.contents(atPath: sidecar).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            clips.append(Clip(name: prefix + name, path: resolved + "/" + name, prompt: prompt?.isEmpty == true ? nil : prompt))
        }
        return ClipList(clips: clips, skipped: clips.isEmpty ? ["\(resolved): no video files (\(videoExtensions.sorted().joined(separator: ", ")))"] : [])
    }

    /// A manifest item's metadata (a JSON object) as text values.
    static func flatten(_ json: String) -> [String: String] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let s as String: out[key] = s
            case let n as NSNumber: out[key] = n.stringValue
            default:
                out[key] = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
            }
        }
        return out
    }
}
