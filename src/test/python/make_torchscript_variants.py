#!/usr/bin/python3
"""Reduced-precision TorchScript variants of a BERT cross-encoder's TorchScript model.

Usage:  /usr/bin/python3 src/test/python/make_torchscript_variants.py IN.pt OUT_DIR
Needs Debian's python3-torch (no PyPI). Writes OUT_DIR/model-int8.pt, OUT_DIR/model-bf16.pt,
OUT_DIR/model-bf16_mixed.pt, OUT_DIR/model-bf16_head.pt, OUT_DIR/model-bf16_residual.pt and
OUT_DIR/model-fp32_frozen.pt.

The traced model's weights are loaded into an eager copy of its architecture (the scifact-minilm-ce
layout: embeddings we/pe/te + ln, layers.N.{q,k,v,o,ln1,i,out,ln2}, pool, cls), which is first
checked against the traced model on random inputs, then:
  - int8: torch dynamic quantisation of every nn.Linear (int8 weights with one scale per output
    channel, activations quantised per call; fbgemm/oneDNN VNNI kernels), traced again.
  - bf16: every weight and activation in bfloat16 (oneDNN's AMX kernels on CPUs that have them),
    traced again; the logits come out in bfloat16 and the plugin reads them as float32.
  - bf16_mixed: each nn.Linear in bfloat16 (bf16 weights and bias, input cast to bf16, output cast
    back to float32); embeddings, LayerNorm, softmax, the attention score/context products, the
    residual adds and the pooler/classifier head stay float32. Rounding the residual stream and
    LayerNorm to bf16 is what moves bf16's logits; the Linears hold nearly all the FLOPs.
    (Attention products in bf16 as well: measured with ce_faithfulness.py, see the README.)
  - bf16_head: bf16's whole encoder, but the [CLS] state leaves it as float32 for the pooler and
    classifier, so the logits are not rounded to bfloat16's 8-bit mantissa (about 0.02 at a logit
    of 5), which ties and swaps close candidates; the head costs nothing next to the encoder.
  - bf16_residual: each sublayer (attention, feed-forward) in bfloat16, but the residual stream,
    its adds and LayerNorm in float32, with the float32 head: two casts each way per layer, where
    bf16_mixed casts around every Linear.
  - fp32_frozen: the float32 model traced and torch.jit.freeze'd (weights folded as constants),
    checked to give the traced model's logits within 1e-4 and to hold no mkldnn-specific op.
All take the same int64 inputs (input_ids, attention_mask, token_type_ids) as the original.
"""

import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, intermediate, heads):
        super().__init__()
        self.heads = heads
        self.scale = math.sqrt(hidden // heads)
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.o = nn.Linear(hidden, hidden)
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.i = nn.Linear(hidden, intermediate)
        self.out = nn.Linear(intermediate, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)
        self.attention_bf16 = False  # the score/context products in bfloat16 (bf16_mixed option)

    def forward(self, x, bias):
        batch, length, hidden = x.shape
        head = hidden // self.heads

        def split(t):
            return t.view(batch, length, self.heads, head).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        if self.attention_bf16:
            scores = torch.matmul(q.to(torch.bfloat16), k.transpose(-1, -2).to(torch.bfloat16)).to(x.dtype)
            scores = scores / self.scale + bias
            probabilities = torch.softmax(scores, -1)
            context = torch.matmul(probabilities.to(torch.bfloat16), v.to(torch.bfloat16)).to(x.dtype)
        else:
            scores = torch.matmul(q, k.transpose(-1, -2)) / self.scale + bias
            context = torch.matmul(torch.softmax(scores, -1), v)
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = self.ln1(self.o(context) + x)
        return self.ln2(self.out(F.gelu(self.i(x))) + x)


class CrossEncoder(nn.Module):
    def __init__(self, state):
        super().__init__()
        vocab, hidden = state["we.weight"].shape
        intermediate = state["layers.0.i.weight"].shape[0]
        layers = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("layers."))
        self.we = nn.Embedding(vocab, hidden)
        self.pe = nn.Embedding(state["pe.weight"].shape[0], hidden)
        self.te = nn.Embedding(state["te.weight"].shape[0], hidden)
        self.ln = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden, intermediate, hidden // 32) for _ in range(layers))
        self.pool = nn.Linear(hidden, hidden)
        self.cls = nn.Linear(hidden, state["cls.weight"].shape[0])
        self.load_state_dict(state)

    def encode(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.ln(self.we(input_ids) + self.pe(positions) + self.te(token_type_ids))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.encode(input_ids, attention_mask, token_type_ids)
        return self.cls(torch.tanh(self.pool(x[:, 0])))


class Bf16Head(nn.Module):
    """An encoder in bfloat16 whose [CLS] state goes to a float32 pooler and classifier."""

    def __init__(self, state, encoder):
        super().__init__()
        self.encoder = encoder
        hidden = state["pool.weight"].shape[0]
        self.pool = nn.Linear(hidden, hidden)
        self.cls = nn.Linear(hidden, state["cls.weight"].shape[0])
        self.pool.load_state_dict({"weight": state["pool.weight"], "bias": state["pool.bias"]})
        self.cls.load_state_dict({"weight": state["cls.weight"], "bias": state["cls.bias"]})

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.encoder.encode(input_ids, attention_mask, token_type_ids)
        return self.cls(torch.tanh(self.pool(x[:, 0].float())))


class Bf16Sublayers(nn.Module):
    """One layer whose attention and feed-forward run in bfloat16 between a float32 residual stream."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer
        for name in ("q", "k", "v", "o", "i", "out"):
            getattr(layer, name).to(torch.bfloat16)

    def forward(self, x, bias):
        layer = self.layer
        batch, length, hidden = x.shape
        head = hidden // layer.heads

        def split(t):
            return t.view(batch, length, layer.heads, head).transpose(1, 2)

        h = x.to(torch.bfloat16)
        q, k, v = split(layer.q(h)), split(layer.k(h)), split(layer.v(h))
        scores = torch.matmul(q, k.transpose(-1, -2)) / layer.scale + bias.to(torch.bfloat16)
        context = torch.matmul(torch.softmax(scores, -1), v).transpose(1, 2).reshape(batch, length, hidden)
        x = layer.ln1(layer.o(context).float() + x)
        h = x.to(torch.bfloat16)
        return layer.ln2(layer.out(F.gelu(layer.i(h))).float() + x)


def bf16_head(state):
    return Bf16Head(state, CrossEncoder(state).eval().to(torch.bfloat16)).eval()


def bf16_residual(state):
    encoder = CrossEncoder(state).eval()
    encoder.layers = nn.ModuleList(Bf16Sublayers(layer) for layer in encoder.layers)
    return Bf16Head(state, encoder).eval()


class Bf16Linear(nn.Module):
    """nn.Linear computed in bfloat16 between float32 activations."""

    def __init__(self, linear):
        super().__init__()
        self.weight = nn.Parameter(linear.weight.detach().to(torch.bfloat16), requires_grad=False)
        self.bias = nn.Parameter(linear.bias.detach().to(torch.bfloat16), requires_grad=False)

    def forward(self, x):
        return F.linear(x.to(torch.bfloat16), self.weight, self.bias).float()


def bf16_mixed(state, attention_bf16=False):
    model = CrossEncoder(state).eval()
    for layer in model.layers:
        layer.attention_bf16 = attention_bf16
        for name in ("q", "k", "v", "o", "i", "out"):
            setattr(layer, name, Bf16Linear(getattr(layer, name)))
    return model


def real_pairs(source, count=16):
    """The first reference pairs shipped next to the model (reference-pairs.jsonl: SciFact train
    pairs), tokenised as the model's README says; none when the files are not there."""
    folder = os.path.dirname(os.path.abspath(source))
    path = os.path.join(folder, "reference-pairs.jsonl")
    if not os.path.exists(path) or not os.path.exists(os.path.join(folder, "tokenizer.json")):
        return []
    import json
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from ce_faithfulness import PairEncoder
    encoder = PairEncoder(os.path.join(folder, "tokenizer.json"))
    lines = open(path, encoding="utf-8").read().splitlines()[:count]
    return [encoder.encode(d["query"], d["passage"]) for d in map(json.loads, lines)]


def example(batch, length):
    generator = torch.Generator().manual_seed(7)
    ids = torch.randint(1000, 30000, (batch, length), generator=generator)
    mask = torch.ones(batch, length, dtype=torch.long)
    mask[0, length // 2:] = 0
    types = torch.zeros(batch, length, dtype=torch.long)
    types[:, length // 3:] = 1
    return ids, mask, types


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_torchscript_variants.py IN.pt OUT_DIR")
    source, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    traced = torch.jit.load(source).eval()
    eager = CrossEncoder({k: v.float() for k, v in traced.state_dict().items()}).eval()
    inputs = example(3, 40)
    with torch.no_grad():
        difference = (eager(*inputs) - traced(*inputs)).abs().max().item()
    if difference > 1e-4:
        sys.exit(f"{source}: the eager copy differs from the traced model by {difference}; not this architecture")
    print(f"eager copy matches {source} to {difference:.2e}")

    trace_inputs = example(2, 16)
    with torch.no_grad():
        int8 = torch.quantization.quantize_dynamic(
            eager, {nn.Linear: torch.quantization.per_channel_dynamic_qconfig}, dtype=torch.qint8)
        torch.jit.save(torch.jit.trace(int8, trace_inputs), os.path.join(out_dir, "model-int8.pt"))
        bf16 = CrossEncoder({k: v.float() for k, v in traced.state_dict().items()}).eval().to(torch.bfloat16)
        torch.jit.save(torch.jit.trace(bf16, trace_inputs), os.path.join(out_dir, "model-bf16.pt"))
        mixed = bf16_mixed({k: v.float() for k, v in traced.state_dict().items()})
        torch.jit.save(torch.jit.trace(mixed, trace_inputs), os.path.join(out_dir, "model-bf16_mixed.pt"))
        head = bf16_head({k: v.float() for k, v in traced.state_dict().items()})
        torch.jit.save(torch.jit.trace(head, trace_inputs), os.path.join(out_dir, "model-bf16_head.pt"))
        residual = bf16_residual({k: v.float() for k, v in traced.state_dict().items()})
        torch.jit.save(torch.jit.trace(residual, trace_inputs), os.path.join(out_dir, "model-bf16_residual.pt"))
        fp32 = CrossEncoder({k: v.float() for k, v in traced.state_dict().items()}).eval()
        frozen = torch.jit.freeze(torch.jit.trace(fp32, trace_inputs).eval())
        kinds = {n.kind() for n in frozen.graph.nodes()}
        if any("mkldnn" in k for k in kinds):
            sys.exit(f"the frozen model holds mkldnn-specific ops {sorted(k for k in kinds if 'mkldnn' in k)}")
        torch.jit.save(frozen, os.path.join(out_dir, "model-fp32_frozen.pt"))
        real = real_pairs(source)
        for name in ("int8", "bf16", "bf16_mixed", "bf16_head", "bf16_residual", "fp32_frozen"):
            variant = torch.jit.load(os.path.join(out_dir, f"model-{name}.pt"))
            difference = (variant(*inputs).float() - traced(*inputs)).abs().max().item()
            on_real = max(((variant(*p).float() - traced(*p)).abs().max().item() for p in real), default=float("nan"))
            print(f"{out_dir}/model-{name}.pt: max |logit difference| {difference:.3g} on a random batch, "
                  f"{on_real:.3g} on {len(real)} real pairs")
            if name == "fp32_frozen" and difference > 1e-4:
                sys.exit(f"model-fp32_frozen.pt differs from {source} by {difference} (> 1e-4)")
            if name in ("bf16_mixed", "bf16_head", "bf16_residual") and variant(*inputs).dtype != torch.float32:
                sys.exit(f"model-{name}.pt does not return float32 logits")


if __name__ == "__main__":
    main()
