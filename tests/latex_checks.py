"""A check the printout tests share: a LaTeX text whose environments, braces and $ pair up."""

from __future__ import annotations

import re


def assert_balanced_latex(text: str) -> None:
    """\\begin/\\end pairs nest, braces balance (escaped ones aside), and $ pairs up."""
    stack: list[str] = []
    for kind, name in re.findall(r"\\(begin|end)\{([^}]*)\}", text):
        if kind == "begin":
            stack.append(name)
        else:
            assert stack and stack[-1] == name, f"\\end{{{name}}} closes {stack[-1:]}"
            stack.pop()
    assert not stack, f"unclosed environments {stack}"
    depth = 0
    unescaped = re.sub(r"\\[{}$\\]", "", text)
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, "a } closes nothing"
    assert depth == 0, "unbalanced braces"
    for line in unescaped.splitlines():
        assert line.count("$") % 2 == 0, f"odd number of $ in {line!r}"
