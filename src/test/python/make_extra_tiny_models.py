#!/usr/bin/python3
"""Builds the tiny test models beyond make_tiny_models.py's (run that first: same vocabulary).

Run from the project root:  /usr/bin/python3 src/test/python/make_extra_tiny_models.py

Writes into src/test/resources/tiny-models/ (model.onnx and tokenizer.json each):
  tiny-dot-embedder/      a dot-product embedder: unnormalised vectors whose norms vary from text
                          to text, as msmarco-distilbert-dot-v5's do; its field scores by
                          maximum_inner_product
  fragile-embedder/       an embedder and a cross-encoder that load and run, but fail at inference
  fragile-cross-encoder/  on any text holding the word "road" (the vocabulary's last token, which
                          their word tables leave out): models that break on some inputs only

All three know 512 positions, so they load at the test configsets' maxLength (256, 512).
"""

import os

import torch
from torch import nn

from make_tiny_models import (EMBED_TEXTS, HIDDEN, PAIRS, ROOT, CrossEncoder, Embedder, Encoder,
                              RefTokenizer, batch, build_vocab, export, init_weights)

POSITIONS = 512
FAILING_WORD = "road"


def widen_positions(encoder):
    encoder.pos = nn.Embedding(POSITIONS, HIDDEN)
    encoder.register_buffer("position_ids", torch.arange(POSITIONS).unsqueeze(0),
                            persistent=False)


class DotEmbedder(nn.Module):
    """Each token state is projected and scaled by a gain of its own, so norms differ."""

    def __init__(self, vocab_size):
        super().__init__()
        self.encoder = Encoder(vocab_size)
        widen_positions(self.encoder)
        self.project = nn.Linear(HIDDEN, HIDDEN)
        self.gain = nn.Linear(HIDDEN, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids, attention_mask, token_type_ids)
        return self.project(h) * torch.exp(self.gain(h))


def fragile(model, vocab):
    assert vocab[FAILING_WORD] == len(vocab) - 1, "the failing word must be the last token"
    model.encoder.word = nn.Embedding(len(vocab) - 1, HIDDEN)
    widen_positions(model.encoder)
    return model


def main():
    torch.manual_seed(0)
    vocab = build_vocab()
    tok = RefTokenizer(vocab)
    texts = batch([tok.encode(EMBED_TEXTS[1], 64), tok.encode(EMBED_TEXTS[0], 64)])
    check = batch([tok.encode(t, 64) for t in (EMBED_TEXTS[2], EMBED_TEXTS[3])])
    pairs = batch(*zip(*[tok.encode_pair(q, p, 64) for q, p in PAIRS[:2]]))
    pair_check = batch(*zip(*[tok.encode_pair(q, p, 64) for q, p in PAIRS[2:4]]))

    dot = init_weights(DotEmbedder(len(vocab)), seed=3)
    export(dot, os.path.join(ROOT, "tiny-dot-embedder"), texts, check, "last_hidden_state",
           torchscript=False)
    with torch.no_grad():
        norms = [dot(*batch([tok.encode(t, 64)]))[0].mean(0).norm().item() for t in EMBED_TEXTS]
    print("dot embedder, mean-pooled norms: " + " ".join(f"{n:.2f}" for n in norms))
    assert max(norms) > 1.5 * min(norms), "norms should vary"

    export(init_weights(fragile(Embedder(len(vocab)), vocab), seed=4),
           os.path.join(ROOT, "fragile-embedder"), texts, check, "last_hidden_state",
           torchscript=False)
    export(init_weights(fragile(CrossEncoder(len(vocab)), vocab), seed=5),
           os.path.join(ROOT, "fragile-cross-encoder"), pairs, pair_check, "logits",
           torchscript=False)


if __name__ == "__main__":
    main()
