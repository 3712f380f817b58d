#!/usr/bin/python3
"""Dynamic int8 quantisation of a BERT-style ONNX model, without onnxruntime's Python tools.

Usage:  /usr/bin/python3 src/test/python/quantize_onnx_int8.py IN.onnx OUT.onnx [--keep-fp32 PATTERNS]
Needs Debian's python3-onnx and python3-numpy (no PyPI).

Every MatMul whose second input is a constant 2-D float weight (the Q/K/V, attention output and
feed-forward projections) becomes the pattern onnxruntime's own dynamic quantiser writes, and
which its CPU provider fuses into one int8 kernel (MatMulIntegerToFloat, VNNI/AMX on this CPU):

    DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp, 0) -> Cast(float) -> Mul(x_scale * w_scale)

Weights are symmetric int8, one scale per output column; activations are uint8 with a scale and
zero point computed per call. Everything else stays float32: the embeddings, LayerNorm, softmax,
the attention products (activation x activation), and Gemm heads such as a cross-encoder's
pooler and classifier, which run once per sequence and cost nothing next to the encoder.

--keep-fp32 PATTERNS (comma-separated shell globs, matched against each MatMul's node name and its
weight's name) leaves the matching MatMuls float32: the parts whose int8 error moves the ranking
(which ones: measured by ce_faithfulness.py, which simulates this arithmetic on real pairs). For the
scifact-minilm-ce export the node names are /layers.N/{q,k,v,o,i,out}/MatMul. A pattern that
matches no quantisable MatMul is an error (a typo would otherwise quietly keep nothing).
"""

import fnmatch

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize(model: onnx.ModelProto, keep=()) -> int:
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    quantized_inputs = {}  # activation name -> (x_q, x_scale, x_zp): one quantiser per activation
    new_nodes = []
    new_initializers = []
    replaced = 0
    used_patterns = set()
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or len(weight.dims) != 2 or weight.data_type != TensorProto.FLOAT:
            new_nodes.append(node)
            continue
        if kept_float32(node, weight, keep, used_patterns):
            new_nodes.append(node)
            continue
        replaced += 1
        w = numpy_helper.to_array(weight).astype(np.float32)
        scale = np.abs(w).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        w_q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        base = node.name or node.output[0]
        w_name = weight.name + "_quantized"
        new_initializers += [
            numpy_helper.from_array(w_q, w_name),
            numpy_helper.from_array(scale.astype(np.float32), weight.name + "_scale"),
            numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), weight.name + "_zero_point"),
        ]
        x = node.input[0]
        if x not in quantized_inputs:
            names = (x + "_quantized", x + "_scale", x + "_zero_point")
            new_nodes.append(helper.make_node("DynamicQuantizeLinear", [x], list(names), name=x + "_DynamicQuantizeLinear"))
            quantized_inputs[x] = names
        x_q, x_scale, x_zp = quantized_inputs[x]
        integer = base + "_int32"
        as_float = base + "_int32_float"
        scales = base + "_scales"
        new_nodes += [
            helper.make_node("MatMulInteger", [x_q, w_name, x_zp, weight.name + "_zero_point"], [integer], name=base + "_MatMulInteger"),
            helper.make_node("Cast", [integer], [as_float], to=TensorProto.FLOAT, name=base + "_Cast"),
            helper.make_node("Mul", [x_scale, weight.name + "_scale"], [scales], name=base + "_scales_Mul"),
            helper.make_node("Mul", [as_float, scales], [node.output[0]], name=base + "_rescale_Mul"),
        ]
    replace_graph(model, new_nodes, new_initializers, keep, used_patterns)
    return replaced


def kept_float32(node, weight, keep, used_patterns):
    """Whether a --keep-fp32 pattern matches the MatMul's node or weight name; notes which did."""
    matched = [p for p in keep if fnmatch.fnmatchcase(node.name, p) or fnmatch.fnmatchcase(weight.name, p)]
    used_patterns.update(matched)
    return bool(matched)


def replace_graph(model, new_nodes, new_initializers, keep, used_patterns):
    """Puts the rewritten nodes in place, drops the float weights no node reads any more, and
    raises the opset to what the int8 operators need; a --keep-fp32 pattern that kept nothing is an
    error (a typo would otherwise quietly keep nothing)."""
    unused = [p for p in keep if p not in used_patterns]
    if unused:
        sys.exit(f"--keep-fp32: no quantisable MatMul node or weight matches {unused}")
    graph = model.graph
    used = {name for node in new_nodes for name in node.input}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    # MatMulInteger, QuantizeLinear and DynamicQuantizeLinear need opset 10 and 11.
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx") and opset.version < 11:
            opset.version = 11


def main():
    args = sys.argv[1:]
    keep = []
    if len(args) == 4 and args[2] == "--keep-fp32":
        keep = [p for p in args[3].split(",") if p]
        args = args[:2]
    if len(args) != 2:
        sys.exit("usage: quantize_onnx_int8.py IN.onnx OUT.onnx [--keep-fp32 PATTERN,PATTERN...]")
    model = onnx.load(args[0])
    replaced = quantize(model, keep)
    if replaced == 0:
        sys.exit(f"{args[0]}: no MatMul with a constant 2-D float weight; nothing to quantise")
    onnx.checker.check_model(model)
    model.producer_name = "solr-neural quantize_onnx_int8.py"
    onnx.save(model, args[1])
    kept = f", {keep_count(model)} kept float32 by --keep-fp32 {','.join(keep)}" if keep else ""
    print(f"{args[1]}: {replaced} MatMul weights quantised to int8 (per output column){kept}")


def keep_count(model):
    weights = {t.name for t in model.graph.initializer}
    return sum(1 for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in weights)


if __name__ == "__main__":
    main()
