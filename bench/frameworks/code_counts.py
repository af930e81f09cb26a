"""Parameter counts of 28 model sources as PyTorch and Keras themselves count them.

Standalone: neither the aecalc package nor its tests import this script. It writes
``tests/data/code_models.json``: each source as a student writes it (``nn.Sequential``, an
``nn.Module`` class, ``keras.Sequential``, the Keras functional API, scripts with a loss, an
optimizer and a training loop), the tokens aecalc should read it as (written by hand here, the
expectation the tests hold aecalc to), and the figures the framework gives when the source is run:

- ``total_params``: PyTorch ``sum(p.numel() for p in model.parameters())``; Keras the size of
  ``model.trainable_weights``;
- ``non_trainable_params``: PyTorch's BatchNorm running mean and variance buffers (not
  ``num_batches_tracked``); Keras the size of ``model.non_trainable_weights``;
- ``keras_total_params``: Keras ``model.count_params()`` (PyTorch: the two above added);
- ``output_shape``: the model's output on one zero input, channels last ([H, W, C] or [N]);
- ``layers``: per layer that holds weights, in the order the forward pass runs them (PyTorch:
  forward hooks on the leaf modules; Keras: ``model.layers``), its learnable and non-trainable
  counts.

How to run it (a virtual environment outside the repository, the versions the frozen file used)::

    python3 -m venv /tmp/kerasvenv
    /tmp/kerasvenv/bin/pip install torch==2.13.0 keras==3.15.1 jax==0.10.2 jaxlib==0.10.2
    /tmp/kerasvenv/bin/python bench/frameworks/code_counts.py     # from the repository root

``--check`` compares with the frozen file instead of writing it (exit 1 when they differ).
Each source is written to a temporary file and run with :func:`runpy.run_path` (this script runs
code on purpose: aecalc never does). Keras runs on the JAX backend; a source that imports
``tensorflow.keras`` is run with ``keras`` in its place (TensorFlow is not installed; Keras 3 is
the same API), and a snippet printed without its imports (``"snippet": true``) is run with
``import torch`` and ``from torch import nn`` before it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import sys
import tempfile
from math import prod
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "jax")

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "code_models.json"

# name, framework, style, what it shows, the object that is the model (a variable, or a class
# to instantiate without arguments), --input (PyTorch convolutions), the tokens aecalc should
# read (or the dense sizes, "784 128 32"), and the source.
SOURCES: list[dict[str, Any]] = [
    {
        "name": "pt_sequential_dense_784",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "the reference dense autoencoder 784-128-32-128-784 (209,968 parameters)",
        "object": "model",
        "read_as": "784 128 32 128 784",
        "source": """
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(784, 128),
    nn.ReLU(),
    nn.Linear(128, 32),
    nn.ReLU(),
    nn.Linear(32, 128),
    nn.ReLU(),
    nn.Linear(128, 784),
    nn.Sigmoid(),
)
""",
    },
    {
        "name": "pt_snippet_without_imports",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "an exam question's snippet, printed without its imports",
        "object": "model",
        "snippet": True,
        "read_as": "9 5 9",
        "source": """
model = nn.Sequential(nn.Linear(9, 5), nn.Sigmoid(), nn.Linear(5, 9), nn.Sigmoid())
""",
    },
    {
        "name": "pt_flatten_unflatten_28x28",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "Flatten first and Unflatten last: the input shape is read from the Unflatten",
        "object": "model",
        "read_as": "--input 28x28x1 flatten dense:64 dense:784 reshape:28x28x1",
        "source": """
from torch import nn

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 64),
    nn.ReLU(),
    nn.Linear(64, 28 * 28),
    nn.Sigmoid(),
    nn.Unflatten(1, (1, 28, 28)),
)
""",
    },
    {
        "name": "pt_class_encoder_decoder_q3",
        "framework": "pytorch",
        "style": "class",
        "shows": "self.encoder and self.decoder as nn.Sequential: the stacked 10-8-4 net (254)",
        "object": "Autoencoder",
        "read_as": "10 8 4 8 10",
        "source": """
import torch
from torch import nn


class Autoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())
        self.decoder = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10), nn.Sigmoid())

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z)
""",
    },
    {
        "name": "pt_course_cae_forward_order",
        "framework": "pytorch",
        "style": "class",
        "shows": "single layers assigned in another order than forward applies them; F.relu",
        "object": "ConvAutoencoder",
        "input": "28x28x1",
        "read_as": (
            "--input 28x28x1 conv3x3p1:16 pool2:valid conv3x3p1:32 pool2:valid up2 "
            "convT3x3p1:16 up2 convT3x3p1:1"
        ),
        "source": """
import torch
import torch.nn as nn
import torch.nn.functional as F


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
""",
    },
    {
        "name": "pt_strided_tuple_kernels",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "keyword arguments, tuple kernel sizes and strides, output_padding",
        "object": "model",
        "input": "28x28x1",
        "read_as": (
            "--input 28x28x1 conv3x3s2p1:16 conv3x3s2p1:32 convT3x3s2p1o1:16 convT3x3s2p1o1:1"
        ),
        "source": """
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1)),
    nn.ReLU(),
    nn.Conv2d(16, 32, kernel_size=(3, 3), stride=2, padding=1),
    nn.ReLU(),
    nn.ConvTranspose2d(32, 16, kernel_size=3, stride=2, padding=1, output_padding=1),
    nn.ReLU(),
    nn.ConvTranspose2d(16, 1, kernel_size=(3, 3), stride=(2, 2), padding=1, output_padding=(1, 1)),
    nn.Sigmoid(),
)
""",
    },
    {
        "name": "pt_bias_false_batchnorm",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "bias=False before BatchNorm2d: that layer alone without biases; running stats",
        "object": "model",
        "input": "32x32x3",
        "read_as": (
            "--input 32x32x3 conv3x3s2p1:32:nobias bn conv3x3s2p1:64:nobias bn "
            "convT4x4s2p1:32:nobias bn convT4x4s2p1:3"
        ),
        "source": """
from torch import nn

model = nn.Sequential(
    nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False),
    nn.BatchNorm2d(32),
    nn.LeakyReLU(0.2),
    nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False),
    nn.BatchNorm2d(64),
    nn.LeakyReLU(0.2),
    nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1, bias=False),
    nn.BatchNorm2d(32),
    nn.ReLU(),
    nn.ConvTranspose2d(32, 3, 4, stride=2, padding=1),
    nn.Tanh(),
)
""",
    },
    {
        "name": "pt_dense_bottleneck_constants",
        "framework": "pytorch",
        "style": "class",
        "shows": "32 * 7 * 7 folded, a LATENT constant, nn.Unflatten and output_padding",
        "object": "CAE",
        "input": "28x28x1",
        "read_as": (
            "--input 28x28x1 conv3x3s2p1:16 conv3x3s2p1:32 flatten dense:16 dense:1568 "
            "reshape:7x7x32 convT3x3s2p1o1:16 convT3x3s2p1o1:1"
        ),
        "source": """
import torch
from torch import nn

LATENT = 16
CHANNELS = 32


class CAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, CHANNELS, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(CHANNELS * 7 * 7, LATENT),
        )
        self.decoder = nn.Sequential(
            nn.Linear(LATENT, CHANNELS * 7 * 7),
            nn.ReLU(),
            nn.Unflatten(1, (CHANNELS, 7, 7)),
            nn.ConvTranspose2d(CHANNELS, 16, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))
""",
    },
    {
        "name": "pt_from_torch_nn_import",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "from torch.nn import Conv2d, … (bare class names), avg pooling",
        "object": "net",
        "input": "24x24x3",
        "read_as": (
            "--input 24x24x3 conv5x5p2:8 avgpool2:valid conv3x3p1:4 avgpool2:valid up2 "
            "convT3x3p1:8 up2 convT5x5p2:3"
        ),
        "source": """
from torch.nn import AvgPool2d, Conv2d, ConvTranspose2d, ReLU, Sequential, Sigmoid, Upsample

net = Sequential(
    Conv2d(3, 8, 5, padding=2),
    ReLU(),
    AvgPool2d(2),
    Conv2d(8, 4, 3, padding=1),
    ReLU(),
    AvgPool2d(2),
    Upsample(scale_factor=2),
    ConvTranspose2d(4, 8, 3, padding=1),
    ReLU(),
    Upsample(scale_factor=2),
    ConvTranspose2d(8, 3, 5, padding=2),
    Sigmoid(),
)
""",
    },
    {
        "name": "pt_script_with_training_loop",
        "framework": "pytorch",
        "style": "script",
        "shows": "a whole script: the model, a loss, an optimizer and a training loop",
        "object": "model",
        "read_as": "784 256 64 256 784",
        "source": """
import torch
import torch.nn as nn
import torch.optim as optim

device = "cpu"


class DenseAE(nn.Module):
    def __init__(self):
        super(DenseAE, self).__init__()
        self.encoder = nn.Sequential(
            nn.Linear(784, 256), nn.ReLU(True), nn.Linear(256, 64), nn.ReLU(True)
        )
        self.decoder = nn.Sequential(
            nn.Linear(64, 256), nn.ReLU(True), nn.Linear(256, 784), nn.Sigmoid()
        )

    def forward(self, x):
        x = self.encoder(x)
        x = self.decoder(x)
        return x


model = DenseAE().to(device)
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
data = torch.rand(16, 784)

for epoch in range(2):
    for batch in data.split(8):
        output = model(batch)
        loss = criterion(output, batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}, loss {loss.item():.4f}")
""",
    },
    {
        "name": "pt_ordered_dict",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "nn.Sequential(OrderedDict([...])) with named layers",
        "object": "model",
        "read_as": "64 16 64",
        "source": """
from collections import OrderedDict

import torch.nn as nn

model = nn.Sequential(
    OrderedDict(
        [
            ("encoder", nn.Linear(64, 16)),
            ("code", nn.Tanh()),
            ("decoder", nn.Linear(16, 64)),
            ("output", nn.Sigmoid()),
        ]
    )
)
""",
    },
    {
        "name": "pt_functional_forward_view",
        "framework": "pytorch",
        "style": "class",
        "shows": "F.max_pool2d, x.view and torch.flatten in forward instead of layer modules",
        "object": "Net",
        "input": "28x28x1",
        "read_as": (
            "--input 28x28x1 conv5x5p0:6 pool2:valid conv5x5p0:16 pool2:valid flatten "
            "dense:120 dense:256 reshape:4x4x16 convT5x5s2p0o1:6 convT6x6s2p0:1"
        ),
        "source": """
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 16 * 4 * 4)
        self.deconv1 = nn.ConvTranspose2d(16, 6, 5, stride=2, output_padding=1)
        self.deconv2 = nn.ConvTranspose2d(6, 1, 6, stride=2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x)).view(-1, 16, 4, 4)
        x = F.relu(self.deconv1(x))
        return torch.sigmoid(self.deconv2(x))
""",
    },
    {
        "name": "pt_encoder_alone",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "an encoder alone is counted as written, not mirrored",
        "object": "encoder",
        "input": "28x28x1",
        "read_as": "--input 28x28x1 conv3x3p1:8 pool2:valid conv3x3p1:16 pool2:valid flatten dense:10",
        "source": """
import torch.nn as nn

encoder = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 7 * 7, 10),
)
""",
    },
    {
        "name": "pt_nested_model_classes",
        "framework": "pytorch",
        "style": "class",
        "shows": "Encoder and Decoder classes used inside an Autoencoder class",
        "object": "Autoencoder",
        "read_as": "100 50 20 50 100",
        "source": """
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(100, 50)
        self.fc2 = nn.Linear(50, 20)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc2(self.act(self.fc1(x))))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 50), nn.ReLU(), nn.Linear(50, 100))

    def forward(self, z):
        return self.net(z)


class Autoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, x):
        return self.decoder(self.encoder(x))
""",
    },
    {
        "name": "pt_module_list_loop",
        "framework": "pytorch",
        "style": "class",
        "shows": "nn.ModuleList applied in a for loop",
        "object": "Stacked",
        "read_as": "20 12 6 12 20",
        "source": """
import torch
from torch import nn


class Stacked(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 12), nn.Linear(12, 20)]
        )

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x
""",
    },
    {
        "name": "pt_dropout_upsample_ceil",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "Dropout2d, ceil_mode=True (pool2:same on 7x7), Upsample with a scale factor",
        "object": "model",
        "input": "14x14x1",
        "read_as": (
            "--input 14x14x1 conv3x3p1:8 pool2:valid dropout:0.25 conv3x3p1:8 pool2:same "
            "up2 conv3x3p0:8 up2 conv3x3p1:1"
        ),
        "source": """
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Dropout2d(0.25),
    nn.Conv2d(8, 8, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2, ceil_mode=True),
    nn.Upsample(scale_factor=2),
    nn.Conv2d(8, 8, 3),
    nn.ReLU(),
    nn.Upsample(scale_factor=2),
    nn.Conv2d(8, 1, 3, padding=1),
    nn.Sigmoid(),
)
""",
    },
    {
        "name": "pt_dense_some_without_bias",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "bias=False on some Linear layers only: read as dense:N:nobias tokens",
        "object": "model",
        "read_as": "--input 50 dense:20:nobias dense:5 dense:20:nobias dense:50",
        "source": """
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(50, 20, bias=False),
    nn.ReLU(),
    nn.Linear(20, 5),
    nn.ReLU(),
    nn.Linear(5, 20, bias=False),
    nn.ReLU(),
    nn.Linear(20, 50),
)
""",
    },
    {
        "name": "pt_per_axis_dilation",
        "framework": "pytorch",
        "style": "sequential",
        "shows": "a (3, 5) kernel with stride (2, 1), padding (1, 2) and dilation 2",
        "object": "model",
        "input": "16x20x2",
        "read_as": "--input 16x20x2 conv3x5s2x1p1x2d2:6 flatten dense:8",
        "source": """
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(2, 6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(6 * 7 * 16, 8),
)
""",
    },
    {
        "name": "keras_sequential_dense",
        "framework": "keras",
        "style": "sequential",
        "shows": "keras.Sequential with keras.Input(shape=(784,)), activation= arguments",
        "object": "autoencoder",
        "read_as": "784 128 32 128 784",
        "source": """
import keras
from keras import layers

autoencoder = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(128, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
    ]
)
""",
    },
    {
        "name": "keras_input_shape_argument",
        "framework": "keras",
        "style": "sequential",
        "shows": "input_shape= on the first layer (older tutorials); use_bias=False on one layer",
        "object": "model",
        "read_as": "--input 30 dense:10:nobias dense:30",
        "source": """
from tensorflow import keras

model = keras.Sequential(
    [
        keras.layers.Dense(10, activation="relu", use_bias=False, input_shape=(30,)),
        keras.layers.Dense(30, activation="sigmoid"),
    ]
)
""",
    },
    {
        "name": "keras_blog_conv_same_pools",
        "framework": "keras",
        "style": "sequential",
        "shows": "the Keras blog's convolutional autoencoder: padding='same' pools (7 -> 4)",
        "object": "model",
        "read_as": (
            "--input 28x28x1 conv3x3:16 pool2:same conv3x3:8 pool2:same conv3x3:8 pool2:same "
            "conv3x3:8 up2 conv3x3:8 up2 conv3x3p0:16 up2 conv3x3:1"
        ),
        "source": """
from tensorflow.keras import layers, models

model = models.Sequential(
    [
        layers.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2), padding="same"),
        layers.Conv2D(8, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2), padding="same"),
        layers.Conv2D(8, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2), padding="same"),
        layers.Conv2D(8, (3, 3), activation="relu", padding="same"),
        layers.UpSampling2D((2, 2)),
        layers.Conv2D(8, (3, 3), activation="relu", padding="same"),
        layers.UpSampling2D((2, 2)),
        layers.Conv2D(16, (3, 3), activation="relu"),
        layers.UpSampling2D((2, 2)),
        layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same"),
    ]
)
""",
    },
    {
        "name": "keras_functional_blog",
        "framework": "keras",
        "style": "functional",
        "shows": "x = layer(...)(x) ending in keras.Model(inputs, outputs); an encoder that is part of it",
        "object": "autoencoder",
        "read_as": "784 32 784",
        "source": """
import keras
from keras import layers

encoding_dim = 32
input_img = keras.Input(shape=(784,))
encoded = layers.Dense(encoding_dim, activation="relu")(input_img)
decoded = layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)
encoder = keras.Model(input_img, encoded)
""",
    },
    {
        "name": "keras_functional_strided",
        "framework": "keras",
        "style": "functional",
        "shows": "strides=2, padding='same', use_bias=False and BatchNormalization, layers.Input",
        "object": "model",
        "read_as": (
            "--input 32x32x3 conv3x3s2:32:nobias bn conv3x3s2:64 flatten dense:128 "
            "dense:4096 reshape:8x8x64 convT3x3s2:32 convT3x3s2:3"
        ),
        "source": """
from tensorflow.keras import Model, layers

inputs = layers.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, strides=2, padding="same", use_bias=False)(inputs)
x = layers.BatchNormalization()(x)
x = layers.Activation("relu")(x)
x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
x = layers.Flatten()(x)
latent = layers.Dense(128, name="latent")(x)
x = layers.Dense(8 * 8 * 64, activation="relu")(latent)
x = layers.Reshape((8, 8, 64))(x)
x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
outputs = layers.Conv2DTranspose(3, 3, strides=2, padding="same", activation="sigmoid")(x)
model = Model(inputs=inputs, outputs=outputs, name="cae")
""",
    },
    {
        "name": "keras_sequential_add_script",
        "framework": "keras",
        "style": "script",
        "shows": "Sequential() then model.add(...), compile and fit on data",
        "object": "model",
        "read_as": "--input 20 dense:8 dropout:0.2 dense:3 dense:8 dense:20",
        "source": """
import numpy as np
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Dense(8, activation="relu", input_shape=(20,)))
model.add(Dropout(0.2))
model.add(Dense(3, activation="relu"))
model.add(Dense(8, activation="relu"))
model.add(Dense(20, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")

x_train = np.random.rand(32, 20)
history = model.fit(x_train, x_train, epochs=2, batch_size=16, verbose=0)
""",
    },
    {
        "name": "keras_subclassed_model",
        "framework": "keras",
        "style": "class",
        "shows": "a keras.Model subclass whose call applies self.encoder and self.decoder",
        "object": "model",
        "input": "784",
        "read_as": "784 64 784",
        "source": """
import keras
from keras import layers


class Autoencoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = keras.Sequential([layers.Dense(64, activation="relu")])
        self.decoder = keras.Sequential([layers.Dense(784, activation="sigmoid")])

    def call(self, x):
        return self.decoder(self.encoder(x))


model = Autoencoder()
model.build((None, 784))
""",
    },
    {
        "name": "keras_zero_padding_valid_transpose",
        "framework": "keras",
        "style": "sequential",
        "shows": "ZeroPadding2D before a valid Conv2D (read as p2), a valid Conv2DTranspose",
        "object": "model",
        "read_as": "--input 12x12x1 conv5x5s2p2:4 conv3x3p0:8 convT3x3p0:4 convT4x4s2p0:1",
        "source": """
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(12, 12, 1)),
        layers.ZeroPadding2D(2),
        layers.Conv2D(4, 5, strides=2, activation="relu"),
        layers.Conv2D(8, 3, padding="valid", activation="relu"),
        layers.Conv2DTranspose(4, 3, activation="relu"),
        layers.Conv2DTranspose(1, 4, strides=2, activation="sigmoid"),
    ]
)
""",
    },
    {
        "name": "keras_avg_pool_dropout_reshape",
        "framework": "keras",
        "style": "functional",
        "shows": "AveragePooling2D, Dropout, Dense on a flattened map, Reshape, output_padding",
        "object": "model",
        "read_as": (
            "--input 16x16x3 conv3x3:8 avgpool2:valid dropout:0.3 flatten dense:24 dense:512 "
            "reshape:8x8x8 convT3x3s2p1o1:3"
        ),
        "source": """
import keras
from keras import layers

inputs = keras.Input(shape=(16, 16, 3))
x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
x = layers.AveragePooling2D(pool_size=2)(x)
x = layers.Dropout(0.3)(x)
x = layers.Flatten()(x)
code = layers.Dense(24, activation="relu")(x)
x = layers.Dense(8 * 8 * 8, activation="relu")(code)
x = layers.Reshape((8, 8, 8))(x)
outputs = layers.Conv2DTranspose(3, 3, strides=2, padding="same", output_padding=1)(x)
model = keras.Model(inputs, outputs)
""",
    },
    {
        "name": "keras_mnist_two_axis_input",
        "framework": "keras",
        "style": "sequential",
        "shows": "keras.Input(shape=(28, 28)) and Reshape((28, 28)): an image without a channel axis",
        "object": "model",
        "read_as": "--input 28x28x1 flatten dense:64 dense:784 reshape:28x28x1",
        "source": """
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
        layers.Reshape((28, 28)),
    ]
)
""",
    },
    {
        "name": "keras_build_function",
        "framework": "keras",
        "style": "function",
        "shows": "a function that builds and returns the model, with module-level constants",
        "object": "model",
        "read_as": "--input 64 dense:16 bn dense:64",
        "source": """
import keras
from keras import layers

INPUT_DIM = 64
CODE = 16


def build_autoencoder():
    return keras.Sequential(
        [
            keras.Input(shape=(INPUT_DIM,)),
            layers.Dense(CODE, activation="relu"),
            layers.BatchNormalization(),
            layers.Dense(INPUT_DIM, activation="sigmoid"),
        ]
    )


model = build_autoencoder()
""",
    },
]


# ------------------------------------------------------------------------------------- running


def _run(entry: dict[str, Any]) -> dict[str, Any]:
    text = entry["source"].lstrip("\n")
    if entry.get("snippet"):
        text = "import torch\nfrom torch import nn\n\n" + text
    if entry["framework"] == "keras":
        text = text.replace("tensorflow.keras", "keras").replace(
            "from tensorflow import keras", "import keras"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{entry['name']}.py"
        path.write_text(text, encoding="utf-8")
        namespace = runpy.run_path(str(path), run_name="__bench__")
    model = namespace[entry["object"]]
    if isinstance(model, type):
        model = model()
    return _torch(model, entry) if entry["framework"] == "pytorch" else _keras(model, entry)


def _torch(model: Any, entry: dict[str, Any]) -> dict[str, Any]:
    import torch

    params = list(model.parameters())
    buffers = [b for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")]
    order: list[Any] = []

    def hook(module: Any, _inputs: Any, _output: Any) -> None:
        if module not in order:
            order.append(module)

    leaves = [m for m in model.modules() if not list(m.children())]
    handles = [m.register_forward_hook(hook) for m in leaves]
    shape = [int(d) for d in entry["input_shape"]]
    x = torch.zeros(1, shape[2], shape[0], shape[1]) if len(shape) == 3 else torch.zeros(1, *shape)
    model.eval()
    with torch.no_grad():
        out = model(x)
    for handle in handles:
        handle.remove()
    dims = list(out.shape[1:])
    layers = []
    for module in order:
        learnable = sum(p.numel() for p in module.parameters(recurse=False))
        frozen = sum(
            b.numel() for n, b in module.named_buffers(recurse=False) if n != "num_batches_tracked"
        )
        if learnable or frozen:
            layers.append(
                {"class": type(module).__name__, "params": learnable, "non_trainable": frozen}
            )
    total = sum(p.numel() for p in params)
    if total != sum(x["params"] for x in layers):
        raise SystemExit(f"{entry['name']}: parameters outside the layers the forward pass ran")
    return {
        "total_params": total,
        "non_trainable_params": sum(b.numel() for b in buffers),
        "keras_total_params": total + sum(b.numel() for b in buffers),
        "output_shape": [dims[1], dims[2], dims[0]] if len(dims) == 3 else dims,
        "layers": layers,
    }


def _size(weights: list[Any]) -> int:
    return sum(prod(int(d) for d in w.shape) for w in weights)


def _keras(model: Any, entry: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    out = model(np.zeros((1, *entry["input_shape"]), dtype="float32"), training=False)
    layers = []
    for layer in _keras_layers(model):
        learnable, frozen = _size(layer.trainable_weights), _size(layer.non_trainable_weights)
        if learnable or frozen:
            layers.append(
                {"class": type(layer).__name__, "params": learnable, "non_trainable": frozen}
            )
    return {
        "total_params": _size(model.trainable_weights),
        "non_trainable_params": _size(model.non_trainable_weights),
        "keras_total_params": int(model.count_params()),
        "output_shape": _channels([int(d) for d in out.shape[1:]]),
        "layers": layers,
    }


def _channels(shape: list[int]) -> list[int]:
    """An image without a channel axis ([28, 28]) as aecalc writes it, [28, 28, 1]."""
    return [*shape, 1] if len(shape) == 2 else shape


def _keras_layers(model: Any) -> list[Any]:
    """The layers in order, the layers of a nested Sequential or Model included."""
    import keras

    out: list[Any] = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            out += _keras_layers(layer)
        else:
            out.append(layer)
    return out


def _input_shape(entry: dict[str, Any]) -> list[int] | None:
    words = entry["read_as"].split()
    if entry.get("input"):
        return [int(d) for d in entry["input"].split("x")]
    if words[0] == "--input":
        shape = [int(d) for d in words[1].split("x")]
        return shape[:2] if "two_axis" in entry["name"] else shape
    return [int(words[0])]


def table() -> dict[str, Any]:
    import keras
    import torch

    models = []
    for source in SOURCES:
        entry = dict(source, input_shape=_input_shape(source))
        figures = _run(entry)
        print(f"{entry['name']}: {figures['total_params']:,} learnable", file=sys.stderr)
        models.append(
            {
                "name": entry["name"],
                "framework": entry["framework"],
                "style": entry["style"],
                "shows": entry["shows"],
                "object": entry["object"],
                "input": entry.get("input"),
                "read_as": entry["read_as"],
                "source": entry["source"].lstrip("\n").splitlines(),
                **figures,
            }
        )
    return {
        "generated_by": "bench/frameworks/code_counts.py",
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "keras": keras.__version__,
            "keras_backend": keras.backend.backend(),
        },
        "notes": [
            "total_params: PyTorch sum(p.numel() for p in model.parameters()); Keras the size of "
            "model.trainable_weights. non_trainable_params: PyTorch's BatchNorm running mean and "
            "variance buffers (num_batches_tracked not counted); Keras model.non_trainable_weights. "
            "keras_total_params: Keras model.count_params() (PyTorch: the two added).",
            "layers: each layer holding weights, in the order the forward pass ran it (PyTorch "
            "forward hooks on leaf modules; Keras model.layers, nested models expanded).",
            "output_shape: the model's output on one zero input, channels last (an image "
            "without a channel axis, [28, 28], is written [28, 28, 1]).",
            "read_as: the tokens (or dense sizes) aecalc should read each source as, written by "
            "hand in the script; not produced by aecalc.",
            "Sources importing tensorflow.keras ran with keras in its place (TensorFlow is not "
            "installed here; Keras 3 has the same API). Snippets without imports ran with "
            "'import torch' and 'from torch import nn' before them.",
        ],
        "models": models,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FROZEN)
    parser.add_argument("--check", action="store_true", help="compare with the frozen file")
    args = parser.parse_args()
    data = table()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
        same = frozen["models"] == data["models"]
        print("the frozen table agrees" if same else "the frozen table differs", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(data['models'])} models)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
