"""Convolutional nets by their tokens (shapes, parameter counts, multiply-adds, receptive fields,
layer by layer) and by their numbers (feature maps, pools and transposed convolutions computed
cell by cell on given matrices, exactly).

``aecalc params --input 28x28x1 conv3x3:16 pool2 …`` and ``aecalc conv``, ``pool``, ``upsample``
and ``shape`` run through these modules, each of one idea, listed from the bottom up (a module
imports only the ones above it in this list; an import-linter contract in pyproject.toml holds
that order):

- :mod:`~aecalc.nets.conv.shapes` — what a shape is (``(H, W, C)`` or ``(N,)``): reading it, writing
  it, its size, and the bounds every figure keeps;
- :mod:`~aecalc.nets.conv.axes` — the output size along one axis (convolution, transpose
  convolution, pool) with the formula and its numbers;
- :mod:`~aecalc.nets.conv.rule` — what one layer kind provides (:class:`LayerRule`), and the records
  it trades in: the parsed token, the layer applied to a shape, its mirrored twin, the receptive
  field after it;
- :mod:`~aecalc.nets.conv.maps` — what a feature map and a volume are, padding, flipping, zero
  insertion, and the bounds that keep exact work exam-sized;
- :mod:`~aecalc.nets.conv.elementwise` — an activation of the registry on every value of a map;
- :mod:`~aecalc.nets.conv.kernels` — the kinds with a kernel: convolution, transpose convolution;
- :mod:`~aecalc.nets.conv.plain` — the kinds without one: pools, upsampling, batch norm, dropout,
  flatten, dense, reshape;
- :mod:`~aecalc.nets.conv.correlate` — a convolution on numbers, every output cell's products kept
  (cross-correlation, or with ``flip`` the true convolution; padding, stride, dilation, channels,
  bias, activation);
- :mod:`~aecalc.nets.conv.pooling` — max and average pooling window by window, and upsampling;
- :mod:`~aecalc.nets.conv.tokens` — the one registry of kinds, ``RULES``, and the token parser;
- :mod:`~aecalc.nets.conv.transpose` — a transposed convolution on numbers, in its scatter view
  (scaled kernels placed and summed, then cropped) and its gather view;
- :mod:`~aecalc.nets.conv.solve` — one axis solved for its one missing number (``aecalc shape``);
- :mod:`~aecalc.nets.conv.mirror` — ``--mirror``: the decoder that undoes an encoder;
- :mod:`~aecalc.nets.conv.result` — the result records and their JSON;
- :mod:`~aecalc.nets.conv.chain` — steps after a convolution or pool (``--then relu --then
  maxpool2``), a loop over the maps;
- :mod:`~aecalc.nets.conv.notes` — the notes printed under a count;
- :mod:`~aecalc.nets.conv.count` — ``count_conv_params``: the walk over the layers and the totals.

What the upper layers use: ``count.count_conv_params`` (commands, practice), the records
``result.ConvLayer`` and ``result.ConvParamCount`` and the writers ``shapes.shape_text`` and
``shapes.values_text`` (present); a token or a shape alone is read by ``tokens.parse_layer`` and
``shapes.parse_shape``. Import each from its module: this file imports nothing, so loading one
module loads only what it needs.

Each numeric operation takes its options as one record (``ConvSpec``, ``TransposeSpec``,
``PoolSpec``, ``UpSpec``) whose ``changed()`` gives the same options with one changed: a practice
solver computes the answer of a slip (the kernel flipped or not, the padding forgotten, the stride
ignored, the bias or activation left out, overlaps not added) by calling the same function again.
None of this package needs NumPy; SymPy only for a transcendental activation's closed forms.
``params`` with conv tokens is a fast-start command.
"""
