#!/usr/bin/env python3
"""Per-call cost of small operators in PyTorch 1.13 (Debian), to compare with Ser.Torch's
OpOverheadBenchmarks (same tensors, same operators, 1 thread):

    /usr/bin/python3 benchmarks/op_overhead.py
    dotnet run -c Release --project benchmarks/Ser.Torch.Benchmarks -- --filter '*OpOverhead*'
"""
import time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
x, y = torch.ones(1), torch.ones(1)
w, inp = torch.ones(4, 1, 3, 3), torch.ones(1, 1, 8, 8)
for name, f in [("add (1 element)", lambda: torch.add(x, y)), ("relu (1 element)", lambda: torch.relu(x)),
                ("conv2d (1x1x8x8, 4x1x3x3)", lambda: F.conv2d(inp, w, None, 1, 1))]:
    for _ in range(20000):
        f()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(100000):
            f()
        best = min(best, (time.perf_counter() - t) / 100000)
    print(f"{name:28s} {best * 1e6:6.2f} us")
