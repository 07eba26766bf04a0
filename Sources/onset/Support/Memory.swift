import Foundation

enum Memory {
    /// Hands memory freed by a large piece of work back to the system. glibc keeps freed heap
    /// pages otherwise, so the peak of loading a session would stay resident for the whole run.
    static func releaseFreed() {
        _ = malloc_trim(0)
    }
}

// glibc's `malloc.h` is not part of the Glibc module.
@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
