"""Models written as code, both ways: ``aecalc params --from-code FILE.py`` and ``--emit``.

A PyTorch or Keras source is parsed with :mod:`ast` and never imported, executed or compiled;
what it describes is mapped onto the layer tokens of :mod:`aecalc.nets.conv.tokens` (or dense
sizes) and counted by the code that counts what a student types. The other way, a counted net is
written out as a program whose own count agrees. The modules, from the bottom up (a module
imports only the ones above it in this list; an import-linter contract in pyproject.toml holds
that order):

- :mod:`~aecalc.nets.code.source` — the text, bounded and parsed; what its imports bind;
- :mod:`~aecalc.nets.code.literals` — arguments folded to values (``32 * 7 * 7``, ``LATENT``);
- :mod:`~aecalc.nets.code.layer` — what one entry of a layer table provides, in both directions,
  and the arguments of a call bound to a class's parameters;
- :mod:`~aecalc.nets.code.pytorch`, :mod:`~aecalc.nets.code.keras` — one entry per layer class;
  :mod:`~aecalc.nets.code.programs` — the program each framework's ``--emit`` writes;
- :mod:`~aecalc.nets.code.pytorch_forward` — what a ``forward`` may call instead of a module;
- :mod:`~aecalc.nets.code.frameworks` — the one registry, ``FRAMEWORKS``;
  :mod:`~aecalc.nets.code.walking` — the tree in the order the code runs;
- :mod:`~aecalc.nets.code.classes` — a model class, in the order its ``forward`` applies layers;
- :mod:`~aecalc.nets.code.finding` — every model in a file;
- :mod:`~aecalc.nets.code.reading` — the model chosen, each layer read as a token;
- :mod:`~aecalc.nets.code.translate` — its input, its tokens or sizes, and the count;
  :mod:`~aecalc.nets.code.emit` — a count written as code.

What the upper layers use: ``source.Source``, ``reading.read_model``, ``translate.count_code``
and ``emit.emit_code`` (commands), ``translate.CodeCount`` (present). This file imports nothing:
``aecalc params 10 8 4`` never loads the package, and loading it loads neither NumPy nor SymPy.
"""
