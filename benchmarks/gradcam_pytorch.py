#!/usr/bin/env python3
"""PyTorch side of the Grad-CAM timing (issue 6, item 7), on the twin of Ser.Core's LateFusion (reference/ser_networks.py)
at the same widths, one thread, 7 patches (a 4 s clip): forward + full backward, and Grad-CAM at VGGish conv4_2
(forward, autograd.grad from the summed target logits to the layer, weights, ReLU, bilinear upsampling).
Median of --reps runs after 3 warm-ups, in milliseconds, as JSON lines.  Run with Debian's /usr/bin/python3."""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from ser_networks import LateFusion, grad_cam_maps  # noqa: E402


def median_ms(fn, reps):
    for _ in range(3):
        fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for name, vw, yw in (("demo", 0.125, 0.25), ("full", 1.0, 1.0)):
        torch.manual_seed(0)
        model = LateFusion(4, vw, yw).eval()
        x = torch.randn(7, 1, 96, 64)

        def forward_backward():
            model.zero_grad(set_to_none=True)
            model(x)[:, 0].sum().backward()

        def grad_cam():
            with torch.no_grad():
                cls = int(torch.softmax(model(x), 1).mean(0).argmax())
            grad_cam_maps(model, x, cls, "vggish")

        fb, gc = median_ms(forward_backward, args.reps), median_ms(grad_cam, args.reps)
        print(json.dumps({"width": name, "forward_backward_ms": round(fb, 2), "gradcam_ms": round(gc, 2), "ratio": round(gc / fb, 3)}))


if __name__ == "__main__":
    main()
