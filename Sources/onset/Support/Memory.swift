import Foundation

enum Memory {
    /// Hands memory freed by a large piece of work back to the system. glibc keeps freed heap
    /// pages otherwise, so the peak of loading a session would stay resident for the whole run.
    static func releaseFreed() {
        _ = malloc_trim(0)
    }

    /// For a long interactive run: every block of 512 KiB or more gets pages of its own, returned
    /// to the system when freed. By default glibc raises that threshold to 32 MiB after the first
    /// large free, and the demuxer's packet index (tens of MB for hours of media, reallocated as
    /// it grows) then stays behind in a thread's heap: 30 MB more resident for a 2-hour file.
    static func returnLargeBlocksWhenFreed() {
        _ = mallopt(mmapThreshold, 512 * 1024)
    }
}

// glibc's `malloc.h` is not part of the Glibc module.
@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mmapThreshold: Int32 = -3 // M_MMAP_THRESHOLD
