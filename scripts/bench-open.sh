#!/usr/bin/env bash
# Measures `onset open` as a real process in tmux on the benchmark session (100,000 spans, a
# 2-hour 720p file, 60,000 transcript cues): time to the first frame on screen, to the first
# picture, to the whole session in memory, and peak memory after 5 s of playback.
# Usage: scripts/bench-open.sh [runs]   (after `swift build -c release`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=${TMPDIR:-/tmp}/onset-open-bench
bin=.build/release/onset
[ -x .build/release/onset-bench ] && [ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -f "$dir/store.sqlite" ] || .build/release/onset-bench open-fixture "$dir" >/dev/null
sock=onset-open-bench-$$
tmux_() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Waits until the pane shows $1 (a fixed string); prints the milliseconds since $2.
wait_for() {
    local deadline=$(( $(now_ms) + 20000 ))
    until tmux_ capture-pane -p -t bench | grep -qF -- "$1"; do
        [ "$(now_ms)" -lt "$deadline" ] || { echo "timeout waiting for '$1'" >&2; tmux_ capture-pane -p -t bench >&2; exit 1; }
        sleep 0.002
    done
    echo $(( $(now_ms) - $2 ))
}
tmux_ new-session -d -s bench -x 120 -y 40 "sleep 100000"
tmux_ set-option -t bench remain-on-exit on
for i in $(seq 1 "$runs"); do
    tmux_ respawn-pane -k -t bench "sleep 0.3; exec env TERM=xterm-256color $bin open $dir/bench-ui.toml --store $dir/store.sqlite 2>/tmp/onset-open-bench.err"
    sleep 0.3
    start=$(now_ms)
    first=$(wait_for "help" "$start")
    picture=$(wait_for "▀" "$start")
    # A key typed now waits until the whole session is in memory, then steps one frame.
    tmux_ send-keys -t bench .
    loaded=$(wait_for "frame 1 " "$start")
    pid=$(pgrep -n -f "onset open $dir/bench-ui.toml")
    loadedRSS=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    tmux_ send-keys -t bench space; sleep 5; tmux_ send-keys -t bench space; sleep 0.3
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    anon=$(awk '/RssAnon/ {print $2}' "/proc/$pid/status")
    tmux_ send-keys -t bench q
    echo "run $i: first frame ${first} ms, first picture ${picture} ms, whole session loaded and a key typed at once answered ${loaded} ms, resident once loaded $(( loadedRSS / 1024 )) MB; after 5 s of playback $(( rss / 1024 )) MB ($(( anon / 1024 )) MB private, the rest shared libraries), peak $(( hwm / 1024 )) MB"
    sleep 0.5
done
# The floor under those figures: Debian's FFmpeg alone, opening the same file and decoding its
# first 5 s with onset's two decoder threads (scripts/ffmpeg-floor.c), and onset's own binary
# with its libraries loaded and nothing else (`onset --help`).
media=$(awk -F'"' '/^media/ {print $2}' "$dir/bench-ui.toml")
floor=${TMPDIR:-/tmp}/onset-ffmpeg-floor
cc -O2 -o "$floor" scripts/ffmpeg-floor.c $(pkg-config --cflags --libs libavformat libavcodec libavutil)
echo "reference, FFmpeg alone on $(basename "$media"): $("$floor" "$media" 2)"
if command -v python3 >/dev/null; then echo "reference, onset --help: peak $(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$bin" --help) MB"; fi
