/*
 * The memory floor of the media engine's libraries: what Debian's FFmpeg alone holds resident
 * to open a file and decode its first five seconds of video, as `onset open` does, with no
 * terminal, store, spans or transcript. scripts/bench-open.sh prints it beside onset's figures.
 * Usage: ffmpeg-floor FILE [DECODER_THREADS]
 */
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long status_kb(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n)) sscanf(line + n, "%ld", &kb);
    if (f) fclose(f);
    return kb;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [DECODER_THREADS]\n", argv[0]); return 2; }
    long loaded = status_kb("VmRSS:");
    AVFormatContext *format = NULL;
    if (avformat_open_input(&format, argv[1], NULL, NULL) < 0 || avformat_find_stream_info(format, NULL) < 0) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    long opened = status_kb("VmRSS:");
    int video = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (video < 0) { fprintf(stderr, "no video stream in %s\n", argv[1]); return 1; }
    AVStream *stream = format->streams[video];
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    AVCodecContext *decoder = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!decoder || avcodec_parameters_to_context(decoder, stream->codecpar) < 0) return 1;
    decoder->thread_count = argc > 2 ? atoi(argv[2]) : 2;
    if (avcodec_open2(decoder, codec, NULL) < 0) return 1;
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    double rate = av_q2d(stream->avg_frame_rate) > 0 ? av_q2d(stream->avg_frame_rate) : 25;
    int frames = 0;
    while (frames < (int)(5 * rate) && av_read_frame(format, packet) >= 0) {
        if (packet->stream_index == video && avcodec_send_packet(decoder, packet) >= 0)
            while (avcodec_receive_frame(decoder, frame) == 0) frames++;
        av_packet_unref(packet);
    }
    printf("libraries loaded %ld MB, file opened %ld MB, %d frames decoded %ld MB, peak %ld MB\n",
           loaded / 1024, opened / 1024, frames, status_kb("VmRSS:") / 1024, status_kb("VmHWM:") / 1024);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&decoder);
    avformat_close_input(&format);
    return 0;
}
