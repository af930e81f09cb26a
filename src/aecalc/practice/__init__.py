"""Exam practice: solving bank problems, generating fresh ones per topic, and the session loop.

* :mod:`aecalc.practice.solve` — a problem's structured spec → the true answer
  (with its known slips), the first step as a hint, and the worked solution,
  computed by the same core modules as the commands.
* :mod:`aecalc.practice.generate` — fresh exam-sized problems per topic from a seed.
* :mod:`aecalc.practice.session` — the question/answer loop, scoring and history.

Nothing here imports NumPy or SymPy at module level; the params and classify
topics never import them at all.
"""
