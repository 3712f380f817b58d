#!/usr/bin/python3
"""How faithfully reduced-precision recipes of the scifact-minilm-ce cross-encoder keep its ranking.

Usage:  /usr/bin/python3 src/test/python/ce_faithfulness.py MODEL_DIR DATASET_DIR [WINDOWS] [RECIPE ...]
        (MODEL_DIR holds model.pt and tokenizer.json; DATASET_DIR is SciFact in BEIR layout)
Needs Debian's python3-torch and python3-numpy (no PyPI). Also a library for
quantize_onnx_int8.py, quantize_onnx_int8_static.py and make_torchscript_variants.py.

The arithmetic of each recipe is simulated on the eager float32 copy of the model
(make_torchscript_variants.CrossEncoder), each chosen nn.Linear replaced by its fake-quantised twin:
  - int8 dynamic (quantize_onnx_int8.py, ONNX's DynamicQuantizeLinear): weights symmetric int8 per
    output column; the input uint8 with scale = (max(x,0)-min(x,0))/255 and zero point
    round(-min/scale), computed per call. Pairs run one at a time without padding, as a reranker that
    scores one pair per call, so "per call" is per pair.
  - int8 static: the same with a fixed scale and zero point per input (calibrated elsewhere).
  - bf16: weights and input rounded to bfloat16, the product accumulated in float32.
A recipe names the MatMuls that stay float32 by glob patterns over their ONNX node names
(/layers.N/{q,k,v,o,i,out}/MatMul), the names quantize_onnx_int8.py --keep-fp32 matches.

Windows: SciFact train queries (qrels/train.tsv only), shuffled with a fixed seed; each window is
the query's relevant docs plus its best BM25 docs up to 20, so the window holds close, hard
candidates as a first-stage retriever gives them. Per recipe and window it compares with float32:
top-3 as a set, Kendall tau over the 20, nDCG@10 (train qrels), max |logit difference|.
"""

import fnmatch
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_english_embedder_references import WordPiece  # noqa: E402
from make_torchscript_variants import CrossEncoder  # noqa: E402

MAX_LENGTH = 256
WINDOW = 20
SEED = 19
LINEARS = ("q", "k", "v", "o", "i", "out")


# ---------------------------------------------------------------- data

class PairEncoder:
    """[CLS] query [SEP] passage [SEP], only the passage truncated to 256 tokens (the model's README)."""

    def __init__(self, tokenizer_json):
        self.wp = WordPiece(tokenizer_json)

    def pieces(self, text):
        return [i for w in self.wp.words(self.wp.normalize(text)) for i in self.wp.pieces(w)]

    def encode(self, query, passage):
        q = self.pieces(query)
        p = self.pieces(passage)[:max(0, MAX_LENGTH - 3 - len(q))]
        ids = [self.wp.cls] + q + [self.wp.sep] + p + [self.wp.sep]
        types = [0] * (len(q) + 2) + [1] * (len(p) + 1)
        return torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), torch.tensor([types])


def load_scifact(dataset_dir):
    corpus = {}
    for line in open(os.path.join(dataset_dir, "corpus.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        corpus[d["_id"]] = (d.get("title", "") + " " + d.get("text", "")).replace("\n", " ")
    queries = {}
    for line in open(os.path.join(dataset_dir, "queries.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        queries[d["_id"]] = d["text"]
    qrels = defaultdict(dict)
    with open(os.path.join(dataset_dir, "qrels", "train.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            q, d, s = line.split("\t")
            if int(s) > 0:
                qrels[q][d] = int(s)
    return corpus, queries, qrels


class Bm25:
    def __init__(self, corpus, k1=0.9, b=0.4):
        self.ids = list(corpus)
        self.docs = [Counter(self.terms(corpus[i])) for i in self.ids]
        self.lengths = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.lengths) / len(self.lengths)
        self.df = Counter(t for c in self.docs for t in c)
        self.k1, self.b = k1, b

    @staticmethod
    def terms(text):
        # A cheap lexical tokenizer: the candidates only need to be plausible, hard neighbours.
        return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2]

    def top(self, query, n):
        n_docs = len(self.ids)
        scores = []
        terms = set(self.terms(query))
        for j, c in enumerate(self.docs):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * self.lengths[j] / self.avg)
            for t in terms:
                tf = c.get(t)
                if tf:
                    idf = math.log(1 + (n_docs - self.df[t] + 0.5) / (self.df[t] + 0.5))
                    s += idf * tf * (self.k1 + 1) / (tf + norm)
            scores.append(s)
        order = sorted(range(n_docs), key=lambda j: -scores[j])[:n]
        return [self.ids[j] for j in order]


def train_query_order(qrels):
    """Train queries in a fixed shuffled order; callers take disjoint slices of it."""
    ids = sorted(qrels, key=int)
    random.Random(SEED).shuffle(ids)
    return ids


def make_windows(dataset_dir, encoder, start, count):
    """count windows from the shuffled train queries [start, start+count): (qid, [doc ids], [pairs])."""
    corpus, queries, qrels = load_scifact(dataset_dir)
    bm25 = Bm25(corpus)
    windows = []
    for qid in train_query_order(qrels)[start:start + count]:
        docs = [d for d in qrels[qid] if d in corpus][:WINDOW]
        for d in bm25.top(queries[qid], WINDOW * 2):
            if len(docs) >= WINDOW:
                break
            if d not in docs:
                docs.append(d)
        windows.append((qid, docs, [encoder.encode(queries[qid], corpus[d]) for d in docs], qrels[qid]))
    return windows


# ---------------------------------------------------------------- simulated arithmetic

def onnx_node_name(module_name):
    """layers.3.out -> /layers.3/out/MatMul, the node name torch.onnx.export gave the same Linear."""
    parts = module_name.split(".")
    return "/" + ".".join(parts[:2]) + "/" + "/".join(parts[2:]) + "/MatMul"


def linear_name_of(node_name):
    """/layers.3/out/MatMul... -> layers.3.out (inverse of onnx_node_name)."""
    parts = node_name.split("/")
    return parts[1] + "." + parts[2]


def kept(node_name, patterns):
    return any(fnmatch.fnmatchcase(node_name, p) for p in patterns)


def quantize_weight(weight):
    """Symmetric int8 per output column of the ONNX weight (= per row of nn.Linear's weight)."""
    scale = weight.abs().amax(dim=1) / 127.0
    scale[scale == 0] = 1.0
    return torch.clamp(torch.round(weight / scale[:, None]), -127, 127), scale


def dynamic_range(x):
    """ONNX DynamicQuantizeLinear: scale and zero point from the range of x widened to hold 0."""
    lo = torch.clamp(x.min(), max=0.0)
    hi = torch.clamp(x.max(), min=0.0)
    scale = (hi - lo) / 255.0
    if scale == 0:
        scale = torch.tensor(1.0)
    zero = torch.clamp(torch.round(-lo / scale), 0, 255)
    return scale, zero


def static_range(lo, hi):
    """The same formula on a calibrated range; kept as float32 as the ONNX initialisers hold it."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    scale = torch.tensor((hi - lo) / 255.0, dtype=torch.float32)
    if scale == 0:
        scale = torch.tensor(1.0)
    zero = torch.clamp(torch.round(torch.tensor(-lo, dtype=torch.float32) / scale), 0, 255)
    return scale, zero


class Int8Linear(nn.Module):
    def __init__(self, linear, act_range=None):
        super().__init__()
        self.w_q, self.w_scale = quantize_weight(linear.weight.detach().float())
        self.bias = linear.bias.detach().float()
        self.act_range = act_range  # None: dynamic, per call

    def forward(self, x):
        scale, zero = self.act_range if self.act_range is not None else dynamic_range(x)
        x_q = torch.clamp(torch.round(x / scale) + zero, 0, 255)
        # MatMulInteger (exact in int32), Cast, then Mul by (x_scale * w_scale) and the Add of the bias.
        return torch.matmul(x_q - zero, self.w_q.t()) * (scale * self.w_scale) + self.bias


class Bf16Linear(nn.Module):
    def __init__(self, linear):
        super().__init__()
        self.weight = linear.weight.detach().to(torch.bfloat16)
        self.bias = linear.bias.detach().to(torch.bfloat16)

    def forward(self, x):
        return nn.functional.linear(x.to(torch.bfloat16), self.weight, self.bias).float()


def calibrate(model, windows, tail=2000):
    """Per Linear input: (min, max, the values at the low and high ends) over every calibration pair.
    tail values of each end are kept per pair, so pooled percentiles up to 1 - tail/values are exact."""
    stats = {}
    hooks = []
    for name in linear_names(model):
        def hook(module, args, _output, name=name):
            x = args[0].detach().reshape(-1)
            k = min(tail, x.numel())
            s = stats.setdefault(name, {"n": 0, "low": [], "high": []})
            s["n"] += x.numel()
            s["low"].append(torch.topk(x, k, largest=False).values)
            s["high"].append(torch.topk(x, k).values)
        hooks.append(model.get_submodule(name).register_forward_hook(hook))
    try:
        score(model, windows)
    finally:
        for h in hooks:
            h.remove()
    return stats


def ranges(stats, percentile=None):
    """name -> (lo, hi): min/max, or the pooled percentile (e.g. 99.99) at each end."""
    out = {}
    for name, s in stats.items():
        low, high = torch.cat(s["low"]), torch.cat(s["high"])
        if percentile is None:
            out[name] = (low.min().item(), high.max().item())
        else:
            k = max(1, int(round(s["n"] * (1 - percentile / 100))))
            out[name] = (torch.topk(low, k, largest=False).values[-1].item(), torch.topk(high, k).values[-1].item())
    return out


def load_eager(model_pt):
    traced = torch.jit.load(model_pt).eval()
    return CrossEncoder({k: v.float() for k, v in traced.state_dict().items()}).eval()


def linear_names(model):
    return [f"layers.{n}.{s}" for n in range(len(model.layers)) for s in LINEARS]


def simulated(model, keep, make):
    """A copy of model whose Linears not matched by the keep patterns are make(name, linear)."""
    import copy
    sim = copy.deepcopy(model)
    for name in linear_names(model):
        if kept(onnx_node_name(name), keep):
            continue
        layer, sub = name.rsplit(".", 1)
        owner = sim.get_submodule(layer)
        setattr(owner, sub, make(name, getattr(owner, sub)))
    return sim


def fp32_share(model, keep, mean_length):
    """(share of the weight MatMuls' FLOPs kept float32, share of all MatMul FLOPs in float32 with
    the attention products at the mean pair length)."""
    total = kept_flops = 0
    for name in linear_names(model):
        layer, sub = name.rsplit(".", 1)
        w = model.get_submodule(name).weight
        f = w.shape[0] * w.shape[1]
        total += f
        if kept(onnx_node_name(name), keep):
            kept_flops += f
    hidden = model.we.weight.shape[1]
    attention = 2 * mean_length * hidden * len(model.layers)
    return kept_flops / total, (kept_flops + attention) / (total + attention)


# ---------------------------------------------------------------- measures

def score(model, windows):
    out = []
    with torch.no_grad():
        for _, _, pairs, _ in windows:
            out.append(torch.cat([model(*p).float().view(-1) for p in pairs]))
    return out


def kendall_tau(a, b):
    n = len(a)
    s = 0
    for i in range(n):
        for j in range(i + 1, n):
            s += (1 if (a[i] - a[j]) * (b[i] - b[j]) > 0 else -1 if (a[i] - a[j]) * (b[i] - b[j]) < 0 else 0)
    return s / (n * (n - 1) / 2)


def ndcg10(scores, docs, rel):
    order = sorted(range(len(docs)), key=lambda i: -float(scores[i]))[:10]
    dcg = sum(rel.get(docs[i], 0) / math.log2(r + 2) for r, i in enumerate(order))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def compare(reference, variant, windows):
    agree = taus = nd_ref = nd_var = 0.0
    worst = 0.0
    for ref, var, (_, docs, _, rel) in zip(reference, variant, windows):
        agree += set(torch.topk(ref, 3).indices.tolist()) == set(torch.topk(var, 3).indices.tolist())
        taus += kendall_tau(ref.tolist(), var.tolist())
        nd_ref += ndcg10(ref, docs, rel)
        nd_var += ndcg10(var, docs, rel)
        worst = max(worst, (ref - var).abs().max().item())
    n = len(windows)
    return {"top3": agree / n, "tau": taus / n, "max_diff": worst,
            "ndcg_fp32": nd_ref / n, "ndcg": nd_var / n, "ndcg_delta": (nd_var - nd_ref) / n}


def report_line(label, m, share=None):
    s = (f"{label:<44} top3 {m['top3']*100:5.1f}%  tau {m['tau']:.4f}  max|d| {m['max_diff']:.4f}  "
         f"nDCG@10 {m['ndcg']:.4f} ({m['ndcg_delta']:+.4f})")
    if share is not None:
        s += f"  fp32 FLOPs {share[0]*100:4.1f}% of weights, {share[1]*100:4.1f}% of all"
    return s


RECIPES = {
    "all-int8": [],
    "keep-first-last": ["/layers.0/*", "/layers.5/*"],
    "keep-ffn-out": ["*/out/MatMul"],
    "keep-first-last+ffn-out": ["/layers.0/*", "/layers.5/*", "*/out/MatMul"],
}


def main():
    modes = sys.argv[4].split(",") if len(sys.argv) > 4 else []
    if not modes or any(m not in ("dynamic", "static", "bf16") for m in modes):
        sys.exit("usage: ce_faithfulness.py MODEL_DIR DATASET_DIR WINDOWS MODE[,MODE...] [LABEL=PATTERN,PATTERN ...]\n"
                 "  dynamic: int8 as quantize_onnx_int8.py, default recipes and LABEL=keep patterns\n"
                 "  static:  int8 as quantize_onnx_int8_static.py, min/max and 99.99/99.999 ranges, per keep set\n"
                 "  bf16:    Linears in bf16 with attention products float32 or bf16 (make_torchscript_variants.py)")
    model_dir, dataset_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    recipes = {}
    for arg in sys.argv[5:]:
        label, _, patterns = arg.partition("=")
        recipes[label] = [p for p in patterns.split(",") if p]
    torch.set_num_threads(2)
    encoder = PairEncoder(os.path.join(model_dir, "tokenizer.json"))
    model = load_eager(os.path.join(model_dir, "model.pt"))
    t = time.time()
    windows = make_windows(dataset_dir, encoder, 0, count)
    lengths = [p[0].shape[1] for w in windows for p in w[2]]
    mean_length = sum(lengths) / len(lengths)
    print(f"{len(windows)} windows (train queries 0..{count-1} of the shuffled order), {len(lengths)} pairs, "
          f"mean length {mean_length:.0f}", flush=True)
    t = time.time()
    reference = score(model, windows)
    print(f"float32 scored in {time.time()-t:.0f} s; its nDCG@10 {compare(reference, reference, windows)['ndcg_fp32']:.4f}",
          flush=True)
    if "dynamic" in modes:
        for label, keep in (recipes or RECIPES).items():
            sim = simulated(model, keep, lambda name, lin: Int8Linear(lin))
            m = compare(reference, score(sim, windows), windows)
            print(report_line(f"int8 dynamic {label}", m, fp32_share(model, keep, mean_length)), flush=True)
    if "bf16" in modes:
        import make_torchscript_variants as mt
        state = {k: v.float() for k, v in model.state_dict().items()}
        for attention in (False, True):
            sim = mt.bf16_mixed(state, attention_bf16=attention)
            m = compare(reference, score(sim, windows), windows)
            print(report_line(f"bf16_mixed, attention products {'bf16' if attention else 'fp32'}", m), flush=True)
    if "static" in modes:
        import quantize_onnx_int8_static as st
        calibration = make_windows(dataset_dir, encoder, st.CALIBRATION_START, st.CALIBRATION_QUERIES)
        stats = calibrate(model, calibration)
        for percentile in (None, 99.99):
            act = ranges(stats, percentile)
            fixed = {n: static_range(*r) for n, r in act.items()}
            for label, keep in (recipes or {"all-int8": []}).items():
                sim = simulated(model, keep, lambda name, lin: Int8Linear(lin, fixed[name]))
                m = compare(reference, score(sim, windows), windows)
                what = "minmax" if percentile is None else f"p{percentile}"
                print(report_line(f"int8 static {what} {label}", m, fp32_share(model, keep, mean_length)), flush=True)


if __name__ == "__main__":
    main()
