#!/usr/bin/python3
"""Reduced-precision TorchScript variants of a BERT cross-encoder's TorchScript model.

Usage:  /usr/bin/python3 src/test/python/make_torchscript_variants.py IN.pt OUT_DIR
Needs Debian's python3-torch (no PyPI). Writes OUT_DIR/model-int8.pt and OUT_DIR/model-bf16.pt.

The traced model's weights are loaded into an eager copy of its architecture (the scifact-minilm-ce
layout: embeddings we/pe/te + ln, layers.N.{q,k,v,o,ln1,i,out,ln2}, pool, cls), which is first
checked against the traced model on random inputs, then:
  - int8: torch dynamic quantisation of every nn.Linear (int8 weights with one scale per output
    channel, activations quantised per call; fbgemm/oneDNN VNNI kernels), traced again.
  - bf16: every weight and activation in bfloat16 (oneDNN's AMX kernels on CPUs that have them),
    traced again; the logits come out in bfloat16 and the plugin reads them as float32.
Both take the same int64 inputs (input_ids, attention_mask, token_type_ids) as the original.
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

    def forward(self, x, bias):
        batch, length, hidden = x.shape
        head = hidden // self.heads

        def split(t):
            return t.view(batch, length, self.heads, head).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / self.scale + bias
        context = torch.matmul(torch.softmax(scores, -1), v).transpose(1, 2).reshape(batch, length, hidden)
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

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.ln(self.we(input_ids) + self.pe(positions) + self.te(token_type_ids))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, bias)
        return self.cls(torch.tanh(self.pool(x[:, 0])))


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
        for name, model in (("int8", int8), ("bf16", bf16)):
            variant = torch.jit.load(os.path.join(out_dir, f"model-{name}.pt"))
            difference = (variant(*inputs).float() - traced(*inputs)).abs().max().item()
            print(f"{out_dir}/model-{name}.pt: max |logit difference| {difference:.3g} on a random batch")


if __name__ == "__main__":
    main()
