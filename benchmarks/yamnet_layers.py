#!/usr/bin/env python3
"""YAMNet's batch-1 layers one kind at a time, in Debian's PyTorch 1.13, 1 thread: the 13 depthwise 3x3 convolutions,
the 13 pointwise 1x1 convolutions, 13 batch norms (eval) and ReLUs at YAMNet's shapes, summed (best of 5 rounds of
200 passes). The TorchSharp side is `dotnet benchmarks/Ser.Benchmarks/bin/Release/net10.0/Ser.Benchmarks.dll anchors
--sections layers`; docs/torchsharp.md compares the two.

    /usr/bin/python3 benchmarks/yamnet_layers.py
"""
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
h, w, c = 48, 32, 32
dw, pw = [], []
for co, s in BLOCKS:
    dw.append((torch.randn(1, c, h, w), torch.randn(c, 1, 3, 3), s, c))
    h, w = (h + s - 1) // s, (w + s - 1) // s
    pw.append((torch.randn(1, c, h, w), torch.randn(co, c, 1, 1)))
    c = co
bn = [(x, torch.ones(x.shape[1]), torch.zeros(x.shape[1])) for x, _ in pw]


def best_ms(f, n=200):
    for _ in range(20):
        f()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f()
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1e3


with torch.no_grad():
    print(f"depthwise 3x3 (13 layers)  {best_ms(lambda: [F.conv2d(x, k, None, s, 1, 1, g) for x, k, s, g in dw]):.3f} ms")
    print(f"pointwise 1x1 (13 layers)  {best_ms(lambda: [F.conv2d(x, k) for x, k in pw]):.3f} ms")
    print(f"batch norm, eval (13)      {best_ms(lambda: [F.batch_norm(x, m, v, m, v, False, 0.1, 1e-3) for x, m, v in bn]):.3f} ms")
    print(f"relu (13)                  {best_ms(lambda: [F.relu(x) for x, _ in pw]):.3f} ms")
