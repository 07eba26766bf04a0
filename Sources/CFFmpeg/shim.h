// Wrappers for FFmpeg macros that Swift cannot import (AVERROR, AV_NOPTS_VALUE, av_err2str...)
// and for sws_scale, whose plane arrays import as tuples.
#ifndef ONSET_CFFMPEG_SHIM_H
#define ONSET_CFFMPEG_SHIM_H
#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/display.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

static inline int onset_averror(int e) { return AVERROR(e); }
static inline int onset_averror_eof(void) { return AVERROR_EOF; }
static inline int onset_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int64_t onset_nopts(void) { return AV_NOPTS_VALUE; }
static inline AVRational onset_time_base_q(void) { AVRational r = {1, AV_TIME_BASE}; return r; }
static inline void onset_err2str(int err, char *buf, size_t size) { av_make_error_string(buf, size, err); }
static inline unsigned onset_avformat_version(void) { return avformat_version(); }
static inline unsigned onset_avcodec_version(void) { return avcodec_version(); }

/// Scales a decoded frame into one packed RGB24 buffer of dstW x dstH (stride dstStride).
static inline int onset_scale_to_rgb24(struct SwsContext *ctx, const AVFrame *src, uint8_t *dst, int dstStride) {
    uint8_t *planes[4] = { dst, NULL, NULL, NULL };
    int strides[4] = { dstStride, 0, 0, 0 };
    return sws_scale(ctx, (const uint8_t * const *)src->data, src->linesize, 0, src->height, planes, strides);
}

/// The display-matrix rotation of a stream in degrees (counter-clockwise), 0 when absent.
static inline double onset_stream_rotation(const AVStream *st) {
    size_t size = 0;
    const uint8_t *sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!sd || size < 9 * sizeof(int32_t)) return 0;
    double r = av_display_rotation_get((const int32_t *)sd);
    return r != r ? 0 : r;
}
static inline uint8_t *onset_frame_plane(const AVFrame *f, int i) { return f->data[i]; }
static inline int onset_frame_linesize(const AVFrame *f, int i) { return f->linesize[i]; }
#endif
