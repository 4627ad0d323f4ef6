#!/usr/bin/env bash
# Fixtures for the non-WAV readers (AIFF, Ogg Vorbis), made with sox from the same synthesis as a WAV twin:
# tests/Ser.Core.Tests/Fixtures/formats/. MP3 has no encoder on Debian's sox, so no MP3 fixture is made.
set -euo pipefail
out="$(dirname "$0")/../tests/Ser.Core.Tests/Fixtures/formats"
mkdir -p "$out"
sox -D -n -r 16000 -b 16 -c 2 "$out/tone-stereo.wav" synth 0.25 sine 440 sine 880 gain -6
sox -D -n -r 16000 -b 16 -c 2 "$out/tone-stereo.aiff" synth 0.25 sine 440 sine 880 gain -6
sox -D -n -r 16000 -b 16 -c 1 "$out/tone-mono.wav" synth 0.5 sine 440 gain -6
sox -D -n -r 16000 -c 1 -C 3 "$out/tone-mono.ogg" synth 0.5 sine 440 gain -6
ls -l "$out"
