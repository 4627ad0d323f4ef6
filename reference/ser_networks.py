"""PyTorch twins of Ser.Core's own networks (src/Ser.Core/Networks), with the same parameter names, so that
weights move between the two through safetensors. Used by make_gradcam_fixtures.py (Grad-CAM parity) and
benchmarks (Grad-CAM timing). Run with Debian's /usr/bin/python3 (torch 1.13.1)."""
import json
import math
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


def width(c, m):
    return max(8, int(round(c * m)))


class VGGish(nn.Module):
    """conv1 64, conv2 128, conv3_1/3_2 256, conv4_1/4_2 512 (3x3, pad 1) with 2x2 max pools; fc1_1, fc1_2, fc2."""

    def __init__(self, m=1.0, embedding=128):
        super().__init__()
        W = lambda c: width(c, m)  # noqa: E731
        self.conv1 = nn.Conv2d(1, W(64), 3, padding=1)
        self.conv2 = nn.Conv2d(W(64), W(128), 3, padding=1)
        self.conv3_1 = nn.Conv2d(W(128), W(256), 3, padding=1)
        self.conv3_2 = nn.Conv2d(W(256), W(256), 3, padding=1)
        self.conv4_1 = nn.Conv2d(W(256), W(512), 3, padding=1)
        self.conv4_2 = nn.Conv2d(W(512), W(512), 3, padding=1)
        self.pool4_channels = W(512)
        self.fc1_1 = nn.Linear(W(512) * 24, W(4096))
        self.fc1_2 = nn.Linear(W(4096), W(4096))
        self.fc2 = nn.Linear(W(4096), embedding)

    def maps(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        pool2 = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3_2(F.relu(self.conv3_1(pool2))))
        pool3 = F.max_pool2d(x, 2)
        conv4 = F.relu(self.conv4_2(F.relu(self.conv4_1(pool3))))
        return pool2, pool3, conv4, F.max_pool2d(conv4, 2)


def tf_same(x, k, s):
    """TensorFlow "SAME" padding for a k x k kernel with stride s (more padding after than before)."""
    pads = []
    for size in (x.shape[3], x.shape[2]):
        total = max((math.ceil(size / s) - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


class _Unit(nn.Module):
    def __init__(self, conv, k, s):
        super().__init__()
        self.conv, self.k, self.s = conv, k, s

    def forward(self, x):
        return F.relu(self.conv(tf_same(x, self.k, self.s)))


class YamNet(nn.Module):
    """MobileNet v1 body with folded batch norm (conv bias): a 3x3/2 conv then 13 depthwise-separable blocks."""
    BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
              (512, 1), (1024, 2), (1024, 1)]

    def __init__(self, m=1.0, classes=521):
        super().__init__()
        cin = width(32, m)
        self.units = []
        l1 = nn.Module()
        l1.conv = nn.Conv2d(1, cin, 3, 2)
        self.layer1 = l1
        self.units.append(_Unit(l1.conv, 3, 2))
        for i, (c, s) in enumerate(self.BLOCKS):
            cout = width(c, m)
            layer = nn.Module()
            layer.depthwise = nn.Conv2d(cin, cin, 3, s, groups=cin)
            layer.pointwise = nn.Conv2d(cin, cout, 1)
            setattr(self, f"layer{i + 2}", layer)
            self.units += [_Unit(layer.depthwise, 3, s), _Unit(layer.pointwise, 1, 1)]
            cin = cout
        self.embedding_size = cin
        self.classifier = nn.Linear(cin, classes)

    def feature_map(self, x):
        for u in self.units:
            x = u(x)
        return x


class LateFusion(nn.Module):
    """Ser.Core's LateFusion (§4 of the paper): pool2/pool3 reduced to pool4's shape and added, YAMNet's map resized
    and concatenated by depth, a 1x1 fuse conv, fc1, fc2 (dropout is inactive in eval mode)."""

    def __init__(self, classes=4, vggish_width=1.0, yamnet_width=1.0, fused=128, hidden=256):
        super().__init__()
        self.vggish = VGGish(vggish_width)
        self.yamnet = YamNet(yamnet_width)
        c = self.vggish.pool4_channels
        self.reduce2 = nn.Conv2d(width(128, vggish_width), c, 1)
        self.reduce3 = nn.Conv2d(width(256, vggish_width), c, 1)
        self.fuse = nn.Conv2d(c + self.yamnet.embedding_size, fused, 1)
        self.fc1 = nn.Linear(fused * 24, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def head(self, pool2, pool3, pool4, ymap):
        v = F.relu(self.reduce2(F.max_pool2d(pool2, 4)) + self.reduce3(F.max_pool2d(pool3, 2)) + pool4)
        y = F.interpolate(ymap, size=(6, 4), mode="bilinear", align_corners=False)
        z = F.relu(self.fuse(torch.cat([v, y], 1)))
        return self.fc2(F.relu(self.fc1(torch.flatten(z, 1))))

    def forward_with_activation(self, x, layer):
        """Logits and the chosen layer's activation ("vggish": conv4_2 after ReLU, "yamnet": the last block)."""
        pool2, pool3, conv4, pool4 = self.vggish.maps(x)
        ymap = self.yamnet.feature_map(x)
        act = conv4 if layer == "vggish" else ymap
        return self.head(pool2, pool3, pool4, ymap), act

    def forward(self, x):
        return self.forward_with_activation(x, "vggish")[0]


def grad_cam_maps(model, x, cls, layer):
    """Raw Grad-CAM of every patch of x for class cls: relu(sum_k mean(dS/dA_k) A_k), upsampled to 96 x 64."""
    logits, act = model.forward_with_activation(x, layer)
    (grad,) = torch.autograd.grad(logits[:, cls].sum(), act)
    with torch.no_grad():
        w = grad.mean(dim=(2, 3), keepdim=True)
        cam = F.relu((w * act).sum(dim=1, keepdim=True))
        return F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[:, 0]


def save_safetensors(path, tensors):
    """Minimal safetensors writer (F32 only): 8-byte header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
