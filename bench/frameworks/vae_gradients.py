"""PyTorch autograd's figures for ∂L/∂x, ∂(output)/∂x and a VAE's sampling step, frozen as a table.

Standalone: neither the aecalc package nor its tests import this script. Its output is frozen in
``tests/data/vae_gradients.json``; ``tests/nets/test_vae_oracle.py`` and
``tests/nets/test_grad_x_oracle.py`` compare aecalc against that file and never run this.

What it records (float64 throughout, nothing trained):

- ``grad_x``: for a few dense nets, the loss's gradient with respect to the input, x.grad after
  loss.backward(), with the target held fixed (``x.detach()`` where the target is x itself);
  the losses are ``F.mse_loss`` (mean), ``F.binary_cross_entropy`` (mean) and ½Σ(x̂ − t)².
- ``jacobian``: ∂(output)/∂x of a few nets, ``torch.autograd.functional.jacobian``.
- ``vae``: the sampling step through ``torch.distributions.Normal(mu, sigma).rsample()`` with
  its ε fixed (the module's ``_standard_normal``, which rsample draws ε from, is replaced by a
  function returning the given ε, so rsample's own code computes z = loc + ε·scale): z; the
  gradients of z with respect to μ, σ and log σ² (each z_j depends on its own μ_j, σ_j only, so
  the gradient of Σz is the element-wise derivative); the KL term
  ``torch.distributions.kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum()``; and with a
  decoder, x̂, the reconstruction loss, loss = reconstruction + β·KL and its gradients with
  respect to μ, σ (σ a leaf) and log σ² (log σ² a leaf, σ = exp(½·log σ²)).

How to run it (the project's virtual environment has torch 2.13.0+cpu)::

    python bench/frameworks/vae_gradients.py            # from the repository root
    python bench/frameworks/vae_gradients.py --check    # compare with the frozen file

Each row is ``{"input": the case, "torch": the figures}``. Numbers in the cases are written as
strings (``"0.05"``, ``"1/2"``) so that aecalc's tests can
pass the same text to the command line; here they are read with ``fractions.Fraction``.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import torch
import torch.distributions.normal as normal_module
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "vae_gradients.json"
TOLERANCE = 1e-12

ACTS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda a: a,
}


def number(text: str) -> float:
    return float(Fraction(text))


def vector(text: str) -> torch.Tensor:
    return torch.tensor([number(t) for t in text.split(",")], dtype=torch.float64)


def matrix(text: str) -> torch.Tensor:
    return torch.stack([vector(row) for row in text.split(";")])


def floats(t: torch.Tensor) -> list[Any]:
    result: list[Any] = t.detach().tolist()
    return result


# ---------------------------------------------------------------- dense nets


GRAD_X_CASES: list[dict[str, Any]] = [
    {
        "name": "seed F1, mse, target x",
        "x": "1,0",
        "w": ["1,-1;0,1", "1,0;0,1"],
        "b": ["0,0", "0,0"],
        "act": ["sigmoid", "sigmoid"],
        "loss": "mse",
        "target": None,
    },
    {
        "name": "2-2-2 sigmoid, half-sse, given target (the widely used hand example)",
        "x": "0.05,0.1",
        "w": ["0.15,0.2;0.25,0.3", "0.4,0.45;0.5,0.55"],
        "b": ["0.35,0.35", "0.6,0.6"],
        "act": ["sigmoid", "sigmoid"],
        "loss": "half-sse",
        "target": "0.01,0.99",
    },
    {
        "name": "3-2-3 tanh then sigmoid, bce, target x",
        "x": "0.2,0.9,0.5",
        "w": ["0.5,-1,0.25;1,0.5,-0.5", "1,-1;0.5,2;-1.5,0.25"],
        "b": ["0.1,-0.2", "0,0.3,-0.1"],
        "act": ["tanh", "sigmoid"],
        "loss": "bce",
        "target": None,
    },
    {
        "name": "3-1-1 regression head, relu then linear, mse against a target",
        "x": "1,2,3",
        "w": ["0.5,-1,0.75", "2"],
        "b": ["0.1", "-1"],
        "act": ["relu", "linear"],
        "loss": "mse",
        "target": "0.5",
    },
]

JACOBIAN_CASES: list[dict[str, Any]] = [
    {
        "name": "3-1-1 regression head, sigmoid then linear",
        "x": "1,2,3",
        "w": ["0.5,-1,0.25", "2"],
        "b": ["0.1", "1"],
        "act": ["sigmoid", "linear"],
    },
    {
        "name": "seed F1 net",
        "x": "1,0",
        "w": ["1,-1;0,1", "1,0;0,1"],
        "b": ["0,0", "0,0"],
        "act": ["sigmoid", "sigmoid"],
    },
    {
        "name": "2-3-2 tanh",
        "x": "0.5,-1",
        "w": ["1,0.5;-0.5,1;2,-1", "0.25,-1,0.5;1,1,-1"],
        "b": ["0,0.1,-0.1", "0.2,0"],
        "act": ["tanh", "tanh"],
    },
]


def run_net(case: dict[str, Any], x: torch.Tensor) -> torch.Tensor:
    h = x
    for w, b, act in zip(case["w"], case["b"], case["act"], strict=True):
        h = ACTS[act](matrix(w) @ h + vector(b))
    return h


def loss_of(name: str, x_hat: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    if name == "mse":
        return F.mse_loss(x_hat, target)
    if name == "bce":
        return F.binary_cross_entropy(x_hat, target)
    if name == "half-sse":
        return 0.5 * ((x_hat - target) ** 2).sum()
    raise ValueError(name)


def grad_x(case: dict[str, Any]) -> dict[str, Any]:
    x = vector(case["x"]).requires_grad_(True)
    target = x.detach() if case["target"] is None else vector(case["target"])
    x_hat = run_net(case, x)
    loss = loss_of(case["loss"], x_hat, target)
    loss.backward()
    assert x.grad is not None
    return {
        "input": case,
        "torch": {"x_hat": floats(x_hat), "loss": loss.item(), "grad_x": floats(x.grad)},
    }


def jacobian(case: dict[str, Any]) -> dict[str, Any]:
    x = vector(case["x"])
    jac = torch.autograd.functional.jacobian(lambda v: run_net(case, v), x)
    return {"input": case, "torch": {"output": floats(run_net(case, x)), "jacobian": floats(jac)}}


# ---------------------------------------------------------------- the VAE


VAE_CASES: list[dict[str, Any]] = [
    {"name": "brief: μ = 2, σ = 3, ε = −1.5", "mu": "2", "sigma": "3", "eps": "-1.5"},
    {"name": "brief: KL(N(0.5, 1) ‖ N(0, 1))", "mu": "0.5", "sigma": "1", "eps": "0"},
    {
        "name": "two dimensions from log σ², no decoder",
        "mu": "0.5,-1",
        "logvar": "0,0.5",
        "eps": "0.5,-1",
    },
    {
        "name": "sigmoid decoder 2 → 3, bce, β = 1/2",
        "mu": "0.5,-1",
        "logvar": "0,0.5",
        "eps": "0.5,-1",
        "wd": ["1,-1;0.5,1;0,2"],
        "bd": ["0,0.1,-0.2"],
        "act": ["sigmoid"],
        "x": "1,0,0",
        "loss": "bce",
        "beta": "1/2",
    },
    {
        "name": "decoder 1 → 2 → 3 (relu, linear), mse, σ given, β = 1",
        "mu": "0.3",
        "sigma": "0.5",
        "eps": "1.2",
        "wd": ["1;-2", "1,0.5;-1,1;0.25,0.25"],
        "bd": ["0.1,0.2", "0,0,0.5"],
        "act": ["relu", "linear"],
        "x": "0.5,-0.25,1",
        "loss": "mse",
        "beta": "1",
    },
    {
        "name": "tanh decoder 3 → 2, half-sse, log σ² given, β = 4",
        "mu": "0.1,-0.4,1.5",
        "logvar": "-1,0.25,-0.5",
        "eps": "-0.3,0.8,1.1",
        "wd": ["0.5,-0.25,1;-1,0.75,0.5"],
        "bd": ["0,0"],
        "act": ["tanh"],
        "x": "0.2,-0.6",
        "loss": "half-sse",
        "beta": "4",
    },
]


def rsample_with(eps: torch.Tensor, mu: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Normal(mu, sigma).rsample() with its ε fixed: rsample's own code, given ε."""
    original = normal_module._standard_normal
    normal_module._standard_normal = lambda shape, dtype, device: eps.clone()  # type: ignore[assignment]
    try:
        z: torch.Tensor = Normal(mu, sigma).rsample()
    finally:
        normal_module._standard_normal = original
    return z


def decode(case: dict[str, Any], z: torch.Tensor) -> torch.Tensor:
    return run_net({"w": case["wd"], "b": case["bd"], "act": case["act"]}, z)


def vae(case: dict[str, Any]) -> dict[str, Any]:
    eps = vector(case["eps"])
    out: dict[str, Any] = {}
    # leaves: μ and either log σ² (σ derived from it) or σ
    results = {}
    for leaf in ("sigma", "logvar"):
        mu = vector(case["mu"]).requires_grad_(True)
        if "logvar" in case:
            logvar = vector(case["logvar"]).requires_grad_(True)
            sigma = torch.exp(0.5 * logvar)
            if leaf == "sigma":  # σ as a leaf of its own, with the same value
                sigma = sigma.detach().requires_grad_(True)
                logvar = logvar.detach()
        else:
            sigma = vector(case["sigma"]).requires_grad_(True)
            logvar = torch.log(sigma * sigma)
            if leaf == "logvar":
                logvar = logvar.detach().requires_grad_(True)
                sigma = torch.exp(0.5 * logvar)
        z = rsample_with(eps, mu, sigma)
        grads = torch.autograd.grad(
            z.sum(), [mu, sigma if leaf == "sigma" else logvar], retain_graph=True
        )
        kl = kl_divergence(Normal(mu, sigma), Normal(torch.zeros_like(mu), torch.ones_like(mu)))
        kl_sum = kl.sum()
        entry: dict[str, Any] = {
            "z": floats(z),
            "sigma": floats(sigma),
            "logvar": floats(logvar),
            "dz_dmu": floats(grads[0]),
            f"dz_d{leaf}": floats(grads[1]),
            "kl": kl_sum.item(),
        }
        if "wd" in case:
            x_hat = decode(case, z)
            rec = loss_of(case["loss"], x_hat, vector(case["x"]))
            loss = rec + number(case["beta"]) * kl_sum
            lgrads = torch.autograd.grad(loss, [mu, sigma if leaf == "sigma" else logvar])
            entry |= {
                "x_hat": floats(x_hat),
                "reconstruction": rec.item(),
                "loss": loss.item(),
                "dloss_dmu": floats(lgrads[0]),
                f"dloss_d{leaf}": floats(lgrads[1]),
            }
        results[leaf] = entry
    for key in ("z", "sigma", "logvar", "dz_dmu", "kl", "x_hat", "reconstruction", "loss"):
        if key in results["sigma"]:
            a, b = results["sigma"][key], results["logvar"][key]
            assert json.dumps(a) == json.dumps(b) or _close(a, b), (case["name"], key, a, b)
            out[key] = a
    out["dz_dsigma"] = results["sigma"]["dz_dsigma"]
    out["dz_dlogvar"] = results["logvar"]["dz_dlogvar"]
    if "wd" in case:
        out["dloss_dmu"] = results["sigma"]["dloss_dmu"]
        out["dloss_dsigma"] = results["sigma"]["dloss_dsigma"]
        out["dloss_dlogvar"] = results["logvar"]["dloss_dlogvar"]
    return {"input": case, "torch": out}


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return math.isclose(a, b, rel_tol=1e-13, abs_tol=1e-15)


def table() -> dict[str, Any]:
    torch.set_default_dtype(torch.float64)
    return {
        "generated_by": "bench/frameworks/vae_gradients.py",
        "versions": {"python": platform.python_version(), "torch": torch.__version__},
        "notes": [
            "float64. grad_x: x.grad after loss.backward() with the target held fixed "
            "(x.detach() where the target is x). mse and bce are means over the outputs "
            "(F.mse_loss, F.binary_cross_entropy); half-sse is 0.5·sum.",
            "vae: z from Normal(mu, sigma).rsample() with its epsilon fixed; kl is "
            "kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum(); loss = reconstruction + "
            "beta·kl; dz_dsigma and dloss_dsigma with sigma a leaf, dz_dlogvar and "
            "dloss_dlogvar with log sigma² a leaf (sigma = exp(0.5·logvar)).",
        ],
        "grad_x": [grad_x(case) for case in GRAD_X_CASES],
        "jacobian": [jacobian(case) for case in JACOBIAN_CASES],
        "vae": [vae(case) for case in VAE_CASES],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FROZEN)
    parser.add_argument("--check", action="store_true", help="compare with the frozen file")
    args = parser.parse_args()
    data = table()
    if args.check:
        frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
        same = _close_tree(frozen, data)
        print("same as the frozen file" if same else "DIFFERENT from the frozen file")
        return 0 if same else 1
    args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def _close_tree(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close_tree(a[k], b[k]) for k in a if k != "versions")
    if isinstance(a, list):
        return len(a) == len(b) and all(_close_tree(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return bool(a == b)


if __name__ == "__main__":
    sys.exit(main())
