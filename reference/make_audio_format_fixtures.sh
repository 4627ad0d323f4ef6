#!/usr/bin/env bash
# Fixtures for the non-WAV readers (AIFF, Ogg Vorbis) and IMA ADPCM WAV, made with sox from the same synthesis as a WAV twin:
# tests/Ser.Core.Tests/Fixtures/formats/. MP3 has no encoder on Debian's sox, so no MP3 fixture is made.
set -euo pipefail
out="$(dirname "$0")/../tests/Ser.Core.Tests/Fixtures/formats"
mkdir -p "$out"
sox -D -n -r 16000 -b 16 -c 2 "$out/tone-stereo.wav" synth 0.25 sine 440 sine 880 gain -6
sox -D -n -r 16000 -b 16 -c 2 "$out/tone-stereo.aiff" synth 0.25 sine 440 sine 880 gain -6
sox -D -n -r 16000 -b 16 -c 1 "$out/tone-mono.wav" synth 0.5 sine 440 gain -6
sox -D -n -r 16000 -c 1 -C 3 "$out/tone-mono.ogg" synth 0.5 sine 440 gain -6

# IMA ADPCM (mono, stereo) and sox's own decode of each to 16-bit PCM, the reference for our decoder.
sox -D -n -r 16000 -c 1 -e ima-adpcm "$out/ima-mono.wav" synth 0.3 sine 440 gain -6
sox -D -n -r 16000 -c 2 -e ima-adpcm "$out/ima-stereo.wav" synth 0.3 sine 440 sine 660 gain -6
sox -D "$out/ima-mono.wav" -e signed-integer -b 16 "$out/ima-mono-decoded.wav"
sox -D "$out/ima-stereo.wav" -e signed-integer -b 16 "$out/ima-stereo-decoded.wav"
# Microsoft ADPCM likewise.
sox -D -n -r 16000 -c 1 -e ms-adpcm "$out/msadpcm-mono.wav" synth 0.3 sine 440 gain -6
sox -D -n -r 16000 -c 2 -e ms-adpcm "$out/msadpcm-stereo.wav" synth 0.3 sine 440 sine 660 gain -6
sox -D "$out/msadpcm-mono.wav" -e signed-integer -b 16 "$out/msadpcm-mono-decoded.wav"
sox -D "$out/msadpcm-stereo.wav" -e signed-integer -b 16 "$out/msadpcm-stereo-decoded.wav"
ls -l "$out"
