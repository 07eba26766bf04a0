#!/usr/bin/env bash
# Installs the Debian packages Onset needs, only those missing. Idempotent and quick when all
# are present. Runs apt-get as root, or through sudo when not root.
set -euo pipefail

packages=(
  pkg-config libncursesw5-dev ncurses-term
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
  libsqlite3-dev sqlite3 libdeflate-dev libxml2 tmux ffmpeg espeak-ng procps
  # The central store's tests run on PostgreSQL too (a throwaway cluster; never a runtime need).
  postgresql
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup: these Debian packages are missing and I am neither root nor able to sudo: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (6.x) is not on PATH; install it and retry" >&2
  exit 1
fi
