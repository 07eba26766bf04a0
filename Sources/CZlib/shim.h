#include <zlib.h>

// deflateInit2/inflateInit2 are macros over the versioned functions.
static inline int onset_deflate_init_raw(z_streamp s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
static inline int onset_inflate_init_raw(z_streamp s) {
    return inflateInit2(s, -15);
}
