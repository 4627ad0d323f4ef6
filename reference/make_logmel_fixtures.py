#!/usr/bin/python3
"""Reference log-mel arrays for Ser.Core's parity tests.

Run with Debian's python3 (python3-torch 1.13, python3-torchaudio 0.13, python3-numpy):
    /usr/bin/python3 reference/make_logmel_fixtures.py [--ravdess ../shared/data/ravdess]
Writes tests/Ser.Core.Tests/Fixtures/logmel/{index.json, *.f32}. The .f32 files are raw
little-endian float32, frames x mels (row-major), computed in float64 and rounded once.

References per preset (see LogMelOptions in src/Ser.Core/Features):
  Paper       torchaudio.transforms.MelSpectrogram(48000, n_fft=1200, hop=480, n_mels=64) -> log(x + 1e-6)
  TorchAudio  torchaudio.transforms.MelSpectrogram() defaults -> AmplitudeToDB() defaults
  Librosa     librosa 0.10 defaults (not packaged by Debian) reproduced with torchaudio:
              MelSpectrogram(22050, n_fft=2048, hop=512, n_mels=128, pad_mode='constant',
              norm='slaney', mel_scale='slaney') -> AmplitudeToDB(top_db=80)
  VGGish      tensorflow/models research/audioset/vggish/mel_features.py formulas (numpy port below)
  YAMNet      the same formulas with log offset 0.001 (yamnet/features.py)

Signals (float64 formulas, rounded to float32 -- the C# tests generate them identically):
  sine    0.5 sin(2 pi 1000 n / sr)
  chirp   0.5 sin(2 pi (f0 t + (f1 - f0) t^2 / (2 T))), f0 = 100 Hz, f1 = 7000 Hz, T = duration
  noise   64-bit LCG (Knuth MMIX constants), top 24 bits -> uniform [-0.25, 0.25)
  silence zeros
  speech  samples 16000 .. 16000 + 0.5 sr of RAVDESS Actor_01/03-01-05-01-01-01-01.wav (16-bit / 32768),
          fed to every preset as if recorded at its rate (the test is of the front-end, not the resampler)
"""
import argparse, json, os, sys
import numpy as np
import torch, torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "Ser.Core.Tests", "Fixtures", "logmel")
DURATION = 0.5
SPEECH_FILE = "Actor_01/03-01-05-01-01-01-01.wav"
SPEECH_START = 16000


def signal(name, sr, ravdess):
    n = int(round(DURATION * sr))
    t = np.arange(n, dtype=np.float64) / sr
    if name == "sine":
        return (0.5 * np.sin(2 * np.pi * 1000.0 * t)).astype(np.float32)
    if name == "chirp":
        f0, f1 = 100.0, 7000.0
        return (0.5 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * DURATION)))).astype(np.float32)
    if name == "noise":
        out = np.empty(n, dtype=np.float32)
        state = 12345
        for i in range(n):
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            out[i] = np.float32((state >> 40) / float(1 << 24) * 0.5 - 0.25)
        return out
    if name == "silence":
        return np.zeros(n, dtype=np.float32)
    if name == "speech":
        import scipy.io.wavfile
        rate, x = scipy.io.wavfile.read(os.path.join(ravdess, SPEECH_FILE))
        assert rate == 16000 and x.dtype == np.int16
        return (x[SPEECH_START:SPEECH_START + n].astype(np.float32) / 32768.0)
    raise ValueError(name)


def torchaudio_logmel(x, sr, n_fft, hop, n_mels, log, pad_mode="reflect", norm=None, mel_scale="htk", top_db=None):
    # float64 throughout: the window is built in float64; the mel bank is torchaudio's own (float32 design).
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, n_fft=n_fft, win_length=n_fft, hop_length=hop,
                                               window_fn=lambda n: torch.hann_window(n, dtype=torch.float64),
                                               n_mels=n_mels, power=2.0, center=True, pad_mode=pad_mode,
                                               norm=norm, mel_scale=mel_scale).double()
    m = mel(torch.from_numpy(x.astype(np.float64)))              # (n_mels, frames)
    if log == "ln":
        y = torch.log(m + 1e-6)
    else:
        y = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=top_db)(m)
    return y.T.contiguous().numpy()                              # frames x mels


# --- numpy port of VGGish mel_features.py (float64) ---
def hertz_to_mel(f):
    return 1127.0 * np.log(1.0 + f / 700.0)


def vggish_logmel(x, offset, sr=16000):
    win, hop, n_fft = 400, 160, 512
    frames = 1 + (len(x) - win) // hop
    idx = np.arange(win)[None, :] + hop * np.arange(frames)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * np.pi / win * np.arange(win))
    spec = np.abs(np.fft.rfft(x.astype(np.float64)[idx] * window, n_fft))
    bins = n_fft // 2 + 1
    nyq = sr / 2.0
    spec_mel = hertz_to_mel(np.linspace(0.0, nyq, bins))
    edges = np.linspace(hertz_to_mel(125.0), hertz_to_mel(7500.0), 64 + 2)
    w = np.empty((bins, 64))
    for i in range(64):
        lo, c, hi = edges[i:i + 3]
        w[:, i] = np.maximum(0.0, np.minimum((spec_mel - lo) / (c - lo), (hi - spec_mel) / (hi - c)))
    w[0, :] = 0.0
    return np.log(spec @ w + offset)


PRESETS = {
    "Paper": (48000, lambda x: torchaudio_logmel(x, 48000, 1200, 480, 64, "ln")),
    "TorchAudio": (16000, lambda x: torchaudio_logmel(x, 16000, 400, 200, 128, "db")),
    "Librosa": (22050, lambda x: torchaudio_logmel(x, 22050, 2048, 512, 128, "db", pad_mode="constant",
                                                   norm="slaney", mel_scale="slaney", top_db=80.0)),
    "VGGish": (16000, lambda x: vggish_logmel(x, 0.01)),
    "YAMNet": (16000, lambda x: vggish_logmel(x, 0.001)),
}
SIGNALS = ["sine", "chirp", "noise", "silence", "speech"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ravdess", default=os.path.join(HERE, "..", "..", "shared", "data", "ravdess"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    index = {"generator": "reference/make_logmel_fixtures.py", "torch": torch.__version__,
             "torchaudio": torchaudio.__version__, "numpy": np.__version__, "duration_s": DURATION,
             "speech_file": SPEECH_FILE, "speech_start": SPEECH_START, "entries": []}
    for preset, (sr, fn) in PRESETS.items():
        for sig in SIGNALS:
            x = signal(sig, sr, a.ravdess)
            y = np.ascontiguousarray(fn(x), dtype=np.float32)
            name = f"{preset}_{sig}.f32"
            y.astype("<f4").tofile(os.path.join(OUT, name))
            index["entries"].append({"preset": preset, "signal": sig, "sample_rate": sr, "samples": int(len(x)),
                                     "frames": int(y.shape[0]), "mels": int(y.shape[1]), "file": name})
            print(f"{preset:10s} {sig:8s} {y.shape} range [{y.min():.3f}, {y.max():.3f}]")
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
