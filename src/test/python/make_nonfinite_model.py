#!/usr/bin/python3
"""Builds a tiny cross-encoder whose logit is not finite for some inputs.

Run from the project root:  /usr/bin/python3 src/test/python/make_nonfinite_model.py
(needs Debian's python3-onnx; no torch: the graph is written by hand).

Writes src/test/resources/tiny-models/nonfinite-cross-encoder/:
  model.onnx      input_ids -> logits [batch, 1]
  tokenizer.json  the tiny models' tokenizer

logit = 1 + mean(input_ids) / 1000, then
  NaN   if the pair holds the word "inflation" (adds sqrt(-1)),
  +Inf  if it holds the word "tax" (divides by 1 - 1 = 0),
so a test can tell a model failure from a score and knows which passages cause it.
"""

import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.join("src", "test", "resources", "tiny-models")
FOLDER = os.path.join(ROOT, "nonfinite-cross-encoder")


def vocab_id(word):
    with open(os.path.join(ROOT, "tokenizer.json"), encoding="utf-8") as f:
        return json.load(f)["model"]["vocab"][word]


def const(name, value, dtype=np.float32):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(
        name + "_value", TensorProto.INT64 if dtype == np.int64 else TensorProto.FLOAT, [],
        [value]))


def has_word(ids, word, out):
    """1.0 for each row that holds the word, else 0.0: [batch, 1]."""
    return [
        const(out + "_id", vocab_id(word), np.int64),
        helper.make_node("Equal", [ids, out + "_id"], [out + "_eq"]),
        helper.make_node("Cast", [out + "_eq"], [out + "_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMax", [out + "_f"], [out], axes=[1], keepdims=1),
    ]


def main():
    nodes = [
        helper.make_node("Cast", ["input_ids"], ["ids_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMean", ["ids_f"], ["mean"], axes=[1], keepdims=1),
        const("thousand", 1000.0),
        const("one", 1.0),
        helper.make_node("Div", ["mean", "thousand"], ["scaled"]),
        helper.make_node("Add", ["scaled", "one"], ["base"]),
    ]
    nodes += has_word("input_ids", "inflation", "nan_word")
    nodes += has_word("input_ids", "tax", "inf_word")
    nodes += [
        helper.make_node("Neg", ["nan_word"], ["minus_nan_word"]),
        helper.make_node("Sqrt", ["minus_nan_word"], ["nan_or_zero"]),
        helper.make_node("Sub", ["one", "inf_word"], ["zero_or_one"]),
        helper.make_node("Div", ["base", "zero_or_one"], ["inf_or_base"]),
        helper.make_node("Add", ["inf_or_base", "nan_or_zero"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "nonfinite_cross_encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="make_nonfinite_model.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    os.makedirs(FOLDER, exist_ok=True)
    onnx.save(model, os.path.join(FOLDER, "model.onnx"))
    shutil.copyfile(os.path.join(ROOT, "tokenizer.json"), os.path.join(FOLDER, "tokenizer.json"))


if __name__ == "__main__":
    main()
