#!/usr/bin/env python3
"""MFCC parity fixtures: torchaudio 0.13.1 transforms.MFCC(sample_rate=16000, n_mfcc=40), in float64.

Run with Debian's interpreter:  /usr/bin/python3 reference/make_mfcc_fixtures.py
Writes tests/Ser.Core.Tests/Fixtures/mfcc/{index.json, *.f32} (frames x 40, row-major, little-endian).
The signals are make_logmel_fixtures.py's (0.5 s sine, chirp, noise, silence and RAVDESS speech).
"""
import json, os, sys
import numpy as np
import torch, torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_logmel_fixtures import signal, DURATION, SPEECH_FILE, SPEECH_START  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "Ser.Core.Tests", "Fixtures", "mfcc")
SIGNALS = ["sine", "chirp", "noise", "silence", "speech"]


def main():
    torch.set_num_threads(1)
    ravdess = os.path.join(HERE, "..", "..", "shared", "data", "ravdess")
    os.makedirs(OUT, exist_ok=True)
    mfcc = torchaudio.transforms.MFCC(sample_rate=16000, n_mfcc=40,
                                      melkwargs={"window_fn": lambda n: torch.hann_window(n, dtype=torch.float64)}).double()
    index = {"generator": "reference/make_mfcc_fixtures.py", "torch": torch.__version__,
             "torchaudio": torchaudio.__version__, "duration_s": DURATION, "speech_file": SPEECH_FILE,
             "speech_start": SPEECH_START, "entries": []}
    for sig in SIGNALS:
        x = signal(sig, 16000, ravdess)
        y = mfcc(torch.from_numpy(x.astype(np.float64))).T.contiguous().numpy().astype("<f4")
        name = f"MFCC_{sig}.f32"
        y.tofile(os.path.join(OUT, name))
        index["entries"].append({"signal": sig, "samples": int(len(x)), "frames": int(y.shape[0]),
                                 "coefficients": int(y.shape[1]), "file": name})
        print(f"{sig:8s} {y.shape} range [{y.min():.3f}, {y.max():.3f}]")
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
