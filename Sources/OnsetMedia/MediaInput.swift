import CFFmpeg
import Foundation

/// An opened media file (demuxer context), closed when released.
final class MediaInput {
    let path: String
    let context: UnsafeMutablePointer<AVFormatContext>
    let sizeBytes: Int64

    init(path: String) throws(MediaError) {
        FF.quietLogs()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a folder") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        sizeBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        guard sizeBytes > 0 else { throw .empty(path) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(path: path, reason: "permission denied") }
        self.path = path
        var ctx: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_open_input(&ctx, path, nil, nil)
        guard status >= 0, let opened = ctx else { throw .notMedia(path: path, reason: FF.errorString(status)) }
        let info = avformat_find_stream_info(opened, nil)
        guard info >= 0 else {
            avformat_close_input(&ctx)
            throw .notMedia(path: path, reason: FF.errorString(info))
        }
        guard opened.pointee.nb_streams > 0 else {
            avformat_close_input(&ctx)
            throw .notMedia(path: path, reason: "no audio or video streams")
        }
        context = opened
    }

    deinit {
        var ctx: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&ctx)
    }
}
