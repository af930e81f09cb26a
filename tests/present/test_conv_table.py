"""The conv table of ``params --input``: weights and biases apart, as the dense table shows them."""

from __future__ import annotations

from aecalc.nets.conv.count import count_conv_params
from aecalc.present.conv import conv_params_document
from aecalc.present.document import Table

EXAMPLE = ("conv3x3:16", "bn", "pool2", "conv3x3:32:nobias", "flatten", "dense:10")


def table() -> Table:
    document = conv_params_document(count_conv_params("28x28x1", list(EXAMPLE)))
    found = document.blocks[0]
    assert isinstance(found, Table)
    return found


def test_weights_biases_and_their_sum_are_three_cells() -> None:
    layers = table()
    columns = layers.columns
    assert columns[columns.index("weights") : columns.index("learnable") + 1] == (
        "weights",
        "biases",
        "learnable",
    )
    at = columns.index("weights")
    rows = {row[2]: row[at : at + 3] for row in layers.rows if row[0]}
    assert rows["conv3x3:16 (convolution)"] == ("3·3·1·16 = 144", "+ 16", "= 160")
    assert rows["bn (batch norm)"] == ("γ: 16", "+ 16 β", "= 32")
    assert rows["pool2 (max pool)"] == ("0", "", "= 0")
    assert rows["conv3x3:32:nobias (convolution)"] == ("3·3·16·32 = 4,608", "no biases", "= 4,608")
    assert rows["dense:10 (dense)"] == ("6,272·10 = 62,720", "+ 10", "= 62,730")
    total = layers.rows[-1]
    assert total[1] == "total" and total[at : at + 3] == ("67,488", "42", "67,530")
