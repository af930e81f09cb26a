"""Convolutional nets by their tokens: shapes, parameter counts and multiply-adds, layer by layer.

``aecalc params --input 28x28x1 conv3x3:16 pool2 …`` runs through these modules, each of one idea,
listed from the bottom up (a module imports only the ones above it in this list):

- :mod:`~aecalc.nets.conv.shapes` — what a shape is (``(H, W, C)`` or ``(N,)``): reading it, writing
  it, its size, the bounds every figure keeps, and the output-size formula of each axis;
- :mod:`~aecalc.nets.conv.rule` — what one layer kind provides (:class:`LayerRule`), and the records
  it trades in: the parsed token, the layer applied to a shape, its mirrored twin;
- :mod:`~aecalc.nets.conv.kernels` — the kinds with a kernel: convolution, transpose convolution;
- :mod:`~aecalc.nets.conv.plain` — the kinds without one: pools, upsampling, batch norm, dropout,
  flatten, dense, reshape;
- :mod:`~aecalc.nets.conv.tokens` — the one registry of kinds, ``RULES``, and the token parser;
- :mod:`~aecalc.nets.conv.mirror` — ``--mirror``: the decoder that undoes an encoder;
- :mod:`~aecalc.nets.conv.result` — the result records and their JSON;
- :mod:`~aecalc.nets.conv.notes` — the notes printed under a count;
- :mod:`~aecalc.nets.conv.count` — ``count_conv_params``: the walk over the layers and the totals.

What the upper layers use: ``count.count_conv_params``, ``result.ConvLayer`` and
``result.ConvParamCount``, ``shapes.parse_shape``, ``shapes.shape_text`` and ``shapes.values_text``,
``tokens.parse_layer``, ``tokens.RULES`` and ``tokens.TOKEN_HELP``. Import them from their modules:
this file imports nothing, so loading one module does not load the others.

Numeric convolution (feature maps, pooling and transposed convolutions computed cell by cell on
given matrices) will live here too, in a module of its own, ``arithmetic.py``, beside these token
modules and reusing the per-axis output sizes of ``shapes``. None of this package needs NumPy or
SymPy: ``params`` with conv tokens is a fast-start command.
"""
