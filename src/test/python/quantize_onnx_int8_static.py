#!/usr/bin/python3
"""Static int8 quantisation of the scifact-minilm-ce ONNX export, calibrated on SciFact train pairs.

Usage:  /usr/bin/python3 src/test/python/quantize_onnx_int8_static.py IN.onnx IN.pt DATASET_DIR OUT.onnx
            [--range minmax|PERCENTILE] [--keep-fp32 PATTERN,PATTERN...]
Needs Debian's python3-onnx, python3-torch and python3-numpy (no PyPI); IN.pt is the TorchScript
file with the same weights as IN.onnx (tokenizer.json is read from its folder), DATASET_DIR is
SciFact in BEIR layout.

Each MatMul with a constant 2-D float weight becomes
    QuantizeLinear(x, fixed scale, fixed zero point) -> MatMulInteger(x_q, W_q, x_zp, 0)
      -> Cast(float) -> Mul(constant x_scale * w_scale per column)
with the weight scheme of quantize_onnx_int8.py (symmetric int8, one scale per output column) and
the activation as uint8 with one scale and zero point fixed per tensor. Fixed ranges save the
per-call min/max pass of DynamicQuantizeLinear; they are only as good as the calibration.

Calibration: the eager PyTorch copy of the model (ce_faithfulness.load_eager, from IN.pt) runs over
200 pairs: 10 SciFact train queries (qrels/train.tsv only), each with its relevant docs and its best
BM25 docs up to 20 -- queries disjoint from the 60 windows ce_faithfulness.py judges recipes on.
Each ONNX weight is mapped to the eager Linear whose weight is its exact transpose (the script stops
if any does not map), and that Linear's input range gives the MatMul's activation range:
  --range minmax       (default) the calibration min and max (widened to hold 0);
  --range 99.99        the pooled 0.01 and 99.99 percentiles: clips rare outliers so the other values
                       keep more levels. Measured far worse here (README): BERT's outlier
                       dimensions carry meaning, and clipping them moves logits by about 3.
--keep-fp32 leaves MatMuls float32 as in quantize_onnx_int8.py (globs over node or weight names).

Checks: onnx.checker; every quantised weight mapped; then the int8 arithmetic of the written file
(its own scales and zero points read back) is simulated on 5 held-out windows and compared with
float32 (top-3 agreement, max |logit difference|); non-finite logits or a difference above 2 fail.
"""

import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ce_faithfulness as cf  # noqa: E402
from quantize_onnx_int8 import kept_float32, replace_graph  # noqa: E402

CALIBRATION_START, CALIBRATION_QUERIES = 100, 10  # train-query slice; windows for judging are [0, 60)


def map_weights(model, eager):
    """ONNX weight name -> eager Linear name, by equality of the transposed arrays."""
    linears = {n: eager.get_submodule(n).weight.detach().numpy() for n in cf.linear_names(eager)}
    weights = {t.name: t for t in model.graph.initializer}
    mapping = {}
    for node in model.graph.node:
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            continue
        array = numpy_helper.to_array(w)
        found = [n for n, lw in linears.items() if lw.shape == array.T.shape and np.array_equal(lw, array.T)]
        if len(found) != 1:
            sys.exit(f"ONNX weight {w.name} of {node.name} maps to {len(found)} eager Linears {found}; "
                     "the ONNX and TorchScript files do not hold the same weights")
        mapping[w.name] = found[0]
    return mapping


def quantize(model, mapping, act_ranges, keep):
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    quantized_inputs = {}
    new_nodes, new_initializers, written = [], [], {}
    used_patterns = set()
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or weight.name not in mapping:
            new_nodes.append(node)
            continue
        if kept_float32(node, weight, keep, used_patterns):
            new_nodes.append(node)
            continue
        w_q, w_scale = cf.quantize_weight(torch.from_numpy(numpy_helper.to_array(weight).T.copy()))
        x = node.input[0]
        if x not in quantized_inputs:
            x_scale, x_zero = cf.static_range(*act_ranges[mapping[weight.name]])
            names = (x + "_quantized", x + "_scale", x + "_zero_point")
            new_initializers += [numpy_helper.from_array(np.array(x_scale.item(), dtype=np.float32), names[1]),
                                 numpy_helper.from_array(np.array(int(x_zero.item()), dtype=np.uint8), names[2])]
            new_nodes.append(helper.make_node("QuantizeLinear", [x, names[1], names[2]], [names[0]],
                                              name=x + "_QuantizeLinear"))
            quantized_inputs[x] = (names, x_scale, x_zero)
        (x_q, _, x_zp), x_scale, x_zero = quantized_inputs[x]
        base = node.name or node.output[0]
        w_name = weight.name + "_quantized"
        combined = (x_scale * w_scale).numpy().astype(np.float32)
        new_initializers += [
            numpy_helper.from_array(w_q.t().numpy().astype(np.int8), w_name),
            numpy_helper.from_array(np.zeros(w_q.shape[0], dtype=np.int8), weight.name + "_zero_point"),
            numpy_helper.from_array(combined, base + "_scales"),
        ]
        new_nodes += [
            helper.make_node("MatMulInteger", [x_q, w_name, x_zp, weight.name + "_zero_point"], [base + "_int32"],
                             name=base + "_MatMulInteger"),
            helper.make_node("Cast", [base + "_int32"], [base + "_int32_float"], to=TensorProto.FLOAT,
                             name=base + "_Cast"),
            helper.make_node("Mul", [base + "_int32_float", base + "_scales"], [node.output[0]],
                             name=base + "_rescale_Mul"),
        ]
        written[mapping[weight.name]] = (x_scale, x_zero)
    replace_graph(model, new_nodes, new_initializers, keep, used_patterns)
    return written


def written_ranges(model):
    """Linear name -> (scale, zero point) as read back from the written file, for the self-check."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    by_input = {}
    for n in model.graph.node:
        if n.op_type == "QuantizeLinear":
            by_input[n.output[0]] = (torch.tensor(inits[n.input[1]]).float(), torch.tensor(float(inits[n.input[2]])))
    out = {}
    for n in model.graph.node:
        if n.op_type == "MatMulInteger":
            out[cf.linear_name_of(n.name)] = by_input[n.input[0]]
    return out


def parse(argv):
    args, options = [], {"--range": "minmax", "--keep-fp32": ""}
    i = 0
    while i < len(argv):
        if argv[i] in options and i + 1 < len(argv):
            options[argv[i]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 4:
        sys.exit("usage: quantize_onnx_int8_static.py IN.onnx IN.pt DATASET_DIR OUT.onnx "
                 "[--range minmax|PERCENTILE] [--keep-fp32 PATTERN,...]")
    r = options["--range"]
    percentile = None if r == "minmax" else float(r)
    return args, percentile, [p for p in options["--keep-fp32"].split(",") if p]


def main():
    (onnx_in, pt_in, dataset, onnx_out), percentile, keep = parse(sys.argv[1:])
    torch.set_num_threads(2)
    model = onnx.load(onnx_in)
    eager = cf.load_eager(pt_in)
    encoder = cf.PairEncoder(os.path.join(os.path.dirname(os.path.abspath(pt_in)), "tokenizer.json"))
    mapping = map_weights(model, eager)
    if not mapping:
        sys.exit(f"{onnx_in}: no MatMul with a constant 2-D float weight")
    calibration = cf.make_windows(dataset, encoder, CALIBRATION_START, CALIBRATION_QUERIES)
    pairs = sum(len(w[2]) for w in calibration)
    act_ranges = cf.ranges(cf.calibrate(eager, calibration), percentile)
    written = quantize(model, mapping, act_ranges, keep)
    onnx.checker.check_model(model)
    model.producer_name = "solr-neural quantize_onnx_int8_static.py"
    onnx.save(model, onnx_out)
    label = "min/max" if percentile is None else f"percentile {percentile}"
    print(f"{onnx_out}: {len(written)} of {len(mapping)} MatMuls static int8 ({label} over {pairs} "
          f"calibration pairs), {len(mapping) - len(written)} kept float32")

    # Self-check: simulate the file's own constants on held-out windows.
    held_out = cf.make_windows(dataset, encoder, 0, 5)
    back = written_ranges(onnx.load(onnx_out))
    if set(back) != set(written):
        sys.exit(f"{onnx_out}: the quantised MatMuls read back {sorted(back)} differ from those written")
    sim = cf.simulated(eager, keep, lambda name, lin: cf.Int8Linear(lin, back[name]))
    m = cf.compare(cf.score(eager, held_out), cf.score(sim, held_out), held_out)
    print(cf.report_line("simulated on 5 held-out windows", m))
    if not np.isfinite(m["max_diff"]) or m["max_diff"] > 2.0:
        sys.exit(f"{onnx_out}: simulated logits move by {m['max_diff']} (> 2); calibration failed")


if __name__ == "__main__":
    main()
