#!/usr/bin/env bash
# Generates the demo conversation: about 2.5 minutes of synthetic speech (espeak-ng, two voices)
# over the looped carphone picture, and a WebVTT transcript whose cues match the audio exactly.
# Output: Sessions/media/conversation.mp4 and conversation.vtt. Skips work when they are current.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Sessions/media
mp4=$out/conversation.mp4
vtt=$out/conversation.vtt
if [[ -s $mp4 && -s $vtt && $mp4 -nt "$0" ]]; then exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# speaker|voice|pause-after-seconds|text
script=$(cat <<'LINES'
Rep|en-us+m3|0.6|Hi, thanks for taking the time today. Is this still a good moment to talk?
Client|en+f3|0.4|Yes, yes, it's fine. I have about twenty minutes before my next call.
Rep|en-us+m3|0.5|Great. Last time you mentioned your team spends a lot of time on manual reports.
Client|en+f3|1.4|That's right. Um, every Friday we, we pull numbers from three different systems.
Rep|en-us+m3|0.5|How long does that usually take?
Client|en+f3|0.9|Honestly? Most of the afternoon. Sometimes longer, if something doesn't match.
Rep|en-us+m3|0.6|Our platform connects to those systems and builds the report automatically.
Client|en+f3|1.8|Automatically. Hmm. We have heard that before, to be honest.
Rep|en-us+m3|0.5|I understand. What went wrong the last time?
Client|en+f3|1.2|The tool kept breaking whenever a column changed. We went back to spreadsheets.
Rep|en-us+m3|0.6|That makes sense. We map columns by meaning, not by position, so renames don't break it.
Client|en+f3|0.7|Oh, really? How does that work?
Rep|en-us+m3|0.5|You confirm each field once, and after that changes are detected and flagged for you.
Client|en+f3|0.5|Okay, that is interesting. That would actually help a lot.
Rep|en-us+m3|0.6|Would it be useful to see it running on one of your own reports?
Client|en+f3|2.1|I think so. I mean, I would need to check with my manager first. I'm not sure about the budget.
Rep|en-us+m3|0.5|Of course. What does your manager usually need to see?
Client|en+f3|1.0|Numbers, mostly. How much time it saves, and what it costs per seat.
Rep|en-us+m3|0.6|For a team of your size, most customers save about a day a week.
Client|en+f3|1.5|A day a week? That sounds, um, quite optimistic.
Rep|en-us+m3|0.5|It's an average. We can measure it on your data during the trial.
Client|en+f3|0.8|Right. And the trial is free?
Rep|en-us+m3|0.5|Yes, thirty days, with our support team helping you set it up.
Client|en+f3|1.6|Okay. Look, I'm under a lot of pressure this month. Everything is due at once.
Rep|en-us+m3|0.6|I hear you. We can start small, with just the Friday report.
Client|en+f3|0.9|Just the Friday report. Yes, that I could manage.
Rep|en-us+m3|0.5|Shall I send you a short summary you can forward to your manager?
Client|en+f3|0.7|Yes, please. Keep it short, she doesn't read long emails.
Rep|en-us+m3|0.5|Will do. Is next Tuesday good for a follow up?
Client|en+f3|1.1|Tuesday. Hmm, maybe. Let's say Tuesday afternoon, but I might have to move it.
Rep|en-us+m3|0.6|No problem at all. Thanks again, and talk soon.
Client|en+f3|1.0|Thank you. Bye.
LINES
)

fmt() { # seconds (float) -> HH:MM:SS.mmm
  awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); h = int(ms / 3600000); m = int(ms / 60000) % 60; s = int(ms / 1000) % 60; printf "%02d:%02d:%02d.%03d", h, m, s, ms % 1000 }'
}

echo "WEBVTT" > "$work/out.vtt"
echo "" >> "$work/out.vtt"
: > "$work/list.txt"
t=0.8
ffmpeg -nostdin -v error -f lavfi -i anullsrc=r=22050:cl=mono -t 0.8 -c:a pcm_s16le "$work/lead.wav"
echo "file '$work/lead.wav'" >> "$work/list.txt"
i=0
while IFS='|' read -r who voice pause text; do
  [[ -z "$who" ]] && continue
  i=$((i + 1))
  espeak-ng -v "$voice" -s 150 -w "$work/line$i.raw.wav" "$text" < /dev/null
  ffmpeg -nostdin -v error -i "$work/line$i.raw.wav" -ar 22050 -ac 1 -c:a pcm_s16le "$work/line$i.wav"
  d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/line$i.wav")
  ffmpeg -nostdin -v error -f lavfi -i anullsrc=r=22050:cl=mono -t "$pause" -c:a pcm_s16le "$work/gap$i.wav"
  echo "file '$work/line$i.wav'" >> "$work/list.txt"
  echo "file '$work/gap$i.wav'" >> "$work/list.txt"
  end=$(awk -v a="$t" -v b="$d" 'BEGIN { printf "%.6f", a + b }')
  printf '%d\n%s --> %s\n<v %s>%s\n\n' "$i" "$(fmt "$t")" "$(fmt "$end")" "$who" "$text" >> "$work/out.vtt"
  t=$(awk -v a="$end" -v b="$pause" 'BEGIN { printf "%.6f", a + b }')
done <<< "$script"

ffmpeg -nostdin -v error -f concat -safe 0 -i "$work/list.txt" -c:a pcm_s16le "$work/speech.wav"
total=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/speech.wav")
ffmpeg -nostdin -v error -y -stream_loop -1 -i Sessions/media/carphone_pristine.mp4 -i "$work/speech.wav" \
  -map 0:v -map 1:a -t "$total" -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -c:a aac -b:a 64k \
  -movflags +faststart "$work/out.mp4"
mv "$work/out.vtt" "$vtt"
mv "$work/out.mp4" "$mp4"
echo "demo conversation: $mp4 ($(fmt "$total")), $vtt ($i cues)"
