"""The two networks trainlandcover trains (PyTorch, node side).

- ``UNet``: a compact U-Net (Ronneberger et al. 2015) for segmentation, 3 down/up levels, batch
  norm, ``base`` filters at full resolution (16: about 0.5 M parameters). Tile sizes must be a
  multiple of 8.
- ``PatchNet``: a small CNN patch classifier (4 conv blocks, global average pooling, a linear layer).

``with_softmax`` wraps either so that the exported ONNX outputs probabilities
(``output_activation = softmax`` in the model contract).
"""

from __future__ import annotations

import torch
from torch import nn


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    levels = 3

    def __init__(self, channels: int, classes: int, base: int = 16):
        super().__init__()
        widths = [base * 2 ** i for i in range(self.levels + 1)]
        self.down = nn.ModuleList()
        cin = channels
        for w in widths[:-1]:
            self.down.append(_block(cin, w))
            cin = w
        self.bottom = _block(widths[-2], widths[-1])
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for w_in, w_out in zip(widths[:0:-1], widths[-2::-1]):
            self.up.append(nn.ConvTranspose2d(w_in, w_out, 2, stride=2))
            self.merge.append(_block(2 * w_out, w_out))
        self.head = nn.Conv2d(widths[0], classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottom(x)
        for up, merge, skip in zip(self.up, self.merge, reversed(skips)):
            x = merge(torch.cat([up(x), skip], dim=1))
        return self.head(x)


class PatchNet(nn.Module):
    def __init__(self, channels: int, classes: int, base: int = 16):
        super().__init__()
        layers, cin = [], channels
        for i in range(4):
            cout = base * 2 ** i
            layers += [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                       nn.MaxPool2d(2)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        return self.head(torch.flatten(self.pool(self.features(x)), 1))


class WithSoftmax(nn.Module):
    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x):
        return torch.softmax(self.model(x), dim=1)


def build(model_type: str, channels: int, classes: int, base: int = 16) -> nn.Module:
    return UNet(channels, classes, base) if model_type == "segmentation" else PatchNet(channels, classes, base)
