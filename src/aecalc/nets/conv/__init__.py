"""Convolutional nets by their tokens: shapes, parameter counts and multiply-adds, layer by layer.

``aecalc params --input 28x28x1 conv3x3:16 pool2 …`` runs through these modules, each of one idea,
listed from the bottom up (a module imports only the ones above it in this list; an import-linter
contract in pyproject.toml holds that order):

- :mod:`~aecalc.nets.conv.shapes` — what a shape is (``(H, W, C)`` or ``(N,)``): reading it, writing
  it, its size, and the bounds every figure keeps;
- :mod:`~aecalc.nets.conv.axes` — the output size along one axis (convolution, transpose
  convolution, pool) with the formula and its numbers;
- :mod:`~aecalc.nets.conv.rule` — what one layer kind provides (:class:`LayerRule`), and the records
  it trades in: the parsed token, the layer applied to a shape, its mirrored twin, the receptive
  field after it;
- :mod:`~aecalc.nets.conv.kernels` — the kinds with a kernel: convolution, transpose convolution;
- :mod:`~aecalc.nets.conv.plain` — the kinds without one: pools, upsampling, batch norm, dropout,
  flatten, dense, reshape;
- :mod:`~aecalc.nets.conv.tokens` — the one registry of kinds, ``RULES``, and the token parser;
- :mod:`~aecalc.nets.conv.mirror` — ``--mirror``: the decoder that undoes an encoder;
- :mod:`~aecalc.nets.conv.result` — the result records and their JSON;
- :mod:`~aecalc.nets.conv.notes` — the notes printed under a count;
- :mod:`~aecalc.nets.conv.count` — ``count_conv_params``: the walk over the layers and the totals.

What the upper layers use: ``count.count_conv_params`` (commands, practice), the records
``result.ConvLayer`` and ``result.ConvParamCount`` and the writers ``shapes.shape_text`` and
``shapes.values_text`` (present); a token or a shape alone is read by ``tokens.parse_layer`` and
``shapes.parse_shape``. Import each from its module: this file imports nothing, so loading one
module loads only what it needs.

Numeric convolution (feature maps, pooling and transposed convolutions computed cell by cell on
given matrices) will live here too, in a module of its own, ``arithmetic.py``, beside these token
modules and reusing the per-axis output sizes of ``axes``. None of this package needs NumPy or
SymPy: ``params`` with conv tokens is a fast-start command.
"""
