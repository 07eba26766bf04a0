#!/usr/bin/env bash
# Opens the demo conversation in the terminal UI. On first use it adds a few example spans taken
# from the transcript's cue times, so the timeline has something to show; later runs keep
# whatever the user did.
set -euo pipefail
cd "$(dirname "$0")/.."
onset=.build/release/onset
session=conversation
vtt=Sessions/media/conversation.vtt

cue() { # cue number -> "start end" in seconds
  awk -v n="$1" '
    $0 == n { getline; split($1, a, ":"); split($3, b, ":");
              printf "%.3f %.3f\n", a[1]*3600 + a[2]*60 + a[3], b[1]*3600 + b[2]*60 + b[3]; exit }' "$vtt"
}

if [[ $("$onset" spans list --session "$session" --format csv | wc -l) -le 1 ]]; then
  add() { # signal cue confidence intensity [cue-id...]
    local signal=$1 n=$2 c=$3 i=$4; shift 4
    read -r on off < <(cue "$n")
    local cues=()
    for id in "$@"; do cues+=(--cue "$id"); done
    "$onset" spans add --session "$session" --signal "$signal" --onset "$on" --offset "$off" \
      --confidence "$c" --intensity "$i" "${cues[@]}" --rationale "demo example" >/dev/null
  }
  add hesitation 4 4 3 filled-pause restart
  add skepticism 8 4 3 drawn-out-really doubt-markers
  add interest 12 4 4 oh-token topic-questions
  add uncertainty 16 3 3 hedges knowledge-disclaimer
  add hesitation 16 4 2 restart
  add skepticism 20 3 3 doubt-markers
  add stress 24 3 4 pressure-talk
  add agreement 26 4 3 explicit-assent
  add uncertainty 30 3 2 hedges
  echo "demo: added example spans to session '$session'"
fi
exec "$onset" open "$session"
