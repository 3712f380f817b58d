#!/usr/bin/python3
"""Builds a tiny dot-product embedder: unnormalised vectors whose norms vary from text to text.

Run from the project root:  /usr/bin/python3 src/test/python/make_dot_product_model.py

Writes src/test/resources/tiny-models/tiny-dot-embedder/ (model.onnx, tokenizer.json), with the
vocabulary and encoder of make_tiny_models.py (run that first). Models such as
msmarco-distilbert-dot-v5 are trained for dot-product scoring: the length of a vector carries
part of the score, so the plugin must not normalise them and the field must score by
maximum_inner_product.
"""

import os

import torch
from torch import nn

from make_tiny_models import (EMBED_TEXTS, HIDDEN, ROOT, RefTokenizer, batch, build_vocab,
                              Encoder, export, init_weights)


class DotEmbedder(nn.Module):
    """Each token state is projected and scaled by a gain of its own, so norms differ."""

    def __init__(self, vocab_size):
        super().__init__()
        self.encoder = Encoder(vocab_size)
        self.project = nn.Linear(HIDDEN, HIDDEN)
        self.gain = nn.Linear(HIDDEN, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids, attention_mask, token_type_ids)
        return self.project(h) * torch.exp(self.gain(h))


def main():
    torch.manual_seed(0)
    vocab = build_vocab()
    tok = RefTokenizer(vocab)
    model = init_weights(DotEmbedder(len(vocab)), seed=3)
    example = batch([tok.encode(EMBED_TEXTS[1], 64), tok.encode(EMBED_TEXTS[0], 64)])
    check = batch([tok.encode(t, 64) for t in (EMBED_TEXTS[2], EMBED_TEXTS[3])])
    folder = os.path.join(ROOT, "tiny-dot-embedder")
    export(model, folder, example, check, "last_hidden_state", torchscript=False)
    with torch.no_grad():
        norms = [model(*batch([tok.encode(t, 64)]))[0].mean(0).norm().item()
                 for t in EMBED_TEXTS]
    print("mean-pooled norms: " + " ".join(f"{n:.2f}" for n in norms))
    assert max(norms) > 1.5 * min(norms), "norms should vary"


if __name__ == "__main__":
    main()
