#!/usr/bin/env python3
"""Grad-CAM parity fixture: PyTorch Grad-CAM of Ser.Core's LateFusion twin (reference/ser_networks.py).

Run with Debian's interpreter:  /usr/bin/python3 reference/make_gradcam_fixtures.py
Writes tests/Ser.Core.Tests/Fixtures/gradcam/gradcam.safetensors holding
  - the network's weights under Ser.Core's names (VGGish width 0.125, YAMNet width 0.125, fuse 16, hidden 32,
    4 classes; the branches' unused heads are left out),
  - "input": 3 patches (3, 1, 96, 64) of smooth random "log-mel",
  - "cam.vggish" / "cam.yamnet": raw Grad-CAM maps (3, 96, 64) for class 1 at VGGish conv4_2 and YAMNet's last block.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ser_networks import LateFusion, grad_cam_maps, save_safetensors  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "Ser.Core.Tests", "Fixtures", "gradcam")


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = LateFusion(classes=4, vggish_width=0.125, yamnet_width=0.125, fused=16, hidden=32).eval()
    x = torch.nn.functional.avg_pool2d(torch.randn(3, 1, 96, 64), 5, stride=1, padding=2) * 3 - 2
    tensors = {k: v for k, v in model.state_dict().items() if not k.startswith(("vggish.fc", "yamnet.classifier"))}
    tensors["input"] = x
    for layer in ("vggish", "yamnet"):
        tensors[f"cam.{layer}"] = grad_cam_maps(model, x, 1, layer)
    os.makedirs(OUT, exist_ok=True)
    save_safetensors(os.path.join(OUT, "gradcam.safetensors"), tensors)
    for layer in ("vggish", "yamnet"):
        c = tensors[f"cam.{layer}"]
        print(layer, tuple(c.shape), "max per patch", [round(float(v), 5) for v in c.amax(dim=(1, 2))])


if __name__ == "__main__":
    main()
