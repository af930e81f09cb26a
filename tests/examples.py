"""One table of worked examples, at least one per command of ``aecalc.cli.COMMANDS``, each with a
number its output must contain: the tests that run every command in every format (Markdown,
LaTeX, HTML, PDF, 80 and 60 columns) read their commands from here, so a new command is tested
everywhere once its line is added (``tests/test_registries.py`` checks that it is).
"""

from __future__ import annotations

F1 = ["forward", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--x", "1,0", "--act", "sigmoid"]
# Mazur's worked example: a 2-2-2 net, half the sum of squared errors, one step at η = 0.5
MAZUR = [
    *("backprop", "--w", "0.15,0.2;0.25,0.3", "--b", "0.35,0.35", "--w", "0.4,0.45;0.5,0.55"),
    *("--b", "0.6,0.6", "--x", "0.05,0.1", "--target", "0.01,0.99", "--loss", "half-sse"),
    *("--lr", "0.5"),
]
CONV = ["params", "--input", "28x28x1", "conv3x3:16", "pool2", "conv3x3:32", "pool2"]

# command → (argv, a number the output must hold), the first of each the one a short run takes
EXAMPLES: dict[str, list[tuple[list[str], str]]] = {
    "params": [
        (["params", "10", "8", "4"], "254"),
        (["params", "8", "3", "8"], "59"),
        (CONV, "4,640"),
    ],
    "classify": [(["classify", "50", "80"], "overcomplete")],
    "forward": [(F1, "0.6750")],
    "loss": [
        (["loss", "bce", "--x", "1,0", "--xhat", "0.68,0.62"], "0.6766"),
        (["loss", "mse", "--x", "3,5,2", "--xhat", "2,4,3"], "Mean squared error"),  # = 1
    ],
    "backprop": [(MAZUR, "0.2984")],  # Mazur's total error 0.298371109
    "penalty": [
        (["penalty", "sparse-kl", "--rho", "0.05", "--rho-hat", "0.1,0.2,0.05"], "0.1106"),
        (["penalty", "vae-kl", "--mu", "0.5,-1", "--logvar", "0,0.5"], "0.6994"),
    ],
    "vae": [(["vae", "--mu", "2", "--sigma", "3", "--eps", "0.5"], "3.5")],  # z = 2 + 3·0.5
    "practice": [(["practice", "--stats"], "Accuracy per topic")],
    "solve": [(["solve", "F1"], "0.6750")],
    "train": [
        (
            [
                *("train", "--x", "0,0,1,1;0,1,1,0", "--sizes", "4-2", "--epochs", "5"),
                *("--seed", "3"),
            ],
            "objective after training",
        )
    ],
    # with 1/n the eigenvalues are 4 and 4/3: the first explains 3/4 of the variance
    "pca": [(["pca", "--x", "1,2;3,4;5,0", "--k", "1", "--divisor", "n"], "0.7500")],
    "check": [(["check", "Q2", "59", "--no-record"], "59")],
    "plan": [(["plan"], "answers so far")],
    "problems": [(["problems", "--topic", "loss"], "L2")],
    "sheet": [(["sheet", "--topic", "classify"], "overcomplete")],
    # the first window: 2·(−2) + 5·0 + 0·4 + 6·6 = 32
    "conv": [(["conv", "--x", "2,5,-3,0;0,6,0,-4;-1,-3,0,2;5,0,0,3", "--k", "-2,0;4,6"], "32")],
    "pool": [(["pool", "max", "--x", "1,3,2,1;4,6,5,0;7,2,9,8;1,0,3,4"], "max(9, 8, 3, 4) = 9")],
    "upsample": [(["upsample", "--x", "1,2;3,4"], "4×4")],
    "shape": [(["shape", "--in", "256", "--out", "242"], "15")],  # 256 − K + 1 = 242
}

# commands that cannot run as one call, and where they are tested instead
NO_EXAMPLE = {
    "exam": "a timed paper answered at the keyboard: tests/practice/session/test_exam.py",
}

ALL: list[tuple[list[str], str]] = [example for name in EXAMPLES for example in EXAMPLES[name]]
FIRST: list[tuple[list[str], str]] = [examples[0] for examples in EXAMPLES.values()]


def ids(examples: list[tuple[list[str], str]]) -> list[str]:
    """Short test ids: the command and its first argument."""
    return [" ".join(argv[:2]) for argv, _ in examples]
