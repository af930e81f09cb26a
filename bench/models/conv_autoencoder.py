"""The course's convolutional autoencoder as a student writes it in PyTorch: the model file that
``aecalc params --from-code bench/models/conv_autoencoder.py --input 28x28x1`` reads in
bench/startup.py and bench/instructions.py (aecalc parses it with ``ast``; nothing here is run).
"""

import torch
import torch.nn.functional as F
from torch import nn


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(2, 2)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.t_conv2 = nn.ConvTranspose2d(16, 1, 3, padding=1)
        self.t_conv1 = nn.ConvTranspose2d(32, 16, 3, padding=1)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = F.relu(self.t_conv1(self.up(x)))
        return torch.sigmoid(self.t_conv2(self.up(x)))
