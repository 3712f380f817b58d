#!/usr/bin/python3
"""Builds tiny stand-ins for two model families people deploy, with independent references.

Run from the project root:  /usr/bin/python3 src/test/python/make_family_models.py

Writes into src/test/resources/tiny-models/:
  tiny-distilbert-embedder/   DistilBERT architecture (as msmarco-distilbert-dot-v5): inputs
                              input_ids and attention_mask only, 512 learned positions, no token
                              types; WordPiece tokenizer.json; mean pooling, unnormalised.
  tiny-xlmr-cross-encoder/    XLM-RoBERTa architecture (as bge-reranker-base): inputs input_ids and
                              attention_mask, 514 position rows whose ids start at padding_idx+1
                              = 2 and are counted from input_ids != <pad> (id 1); a hand-written
                              Unigram tokenizer.json (Metaspace, RobertaProcessing); one logit.
  each with reference.json: ids from pure-Python tokenizers (WordPiece greedy longest match;
  Unigram Viterbi with the Metaspace rule) and outputs of the eager torch modules, one text or
  pair at a time without padding, at max length 512 (a pair cuts only its passage).
"""

import json
import math
import os
import random

import torch
from torch import nn

from make_tiny_models import (RefTokenizer, WORDS, EMBED_TEXTS, build_vocab, floats,
                              init_weights, tokenizer_json)

ROOT = os.path.join("src", "test", "resources", "tiny-models")
MAX_LENGTH = 512
HIDDEN, HEADS, INTER, LAYERS = 32, 4, 64, 2


def words(seed, count):
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(count))


# ---------------------------------------------------------------------------
# DistilBERT
# ---------------------------------------------------------------------------

class DistilBlock(nn.Module):
    """transformers' TransformerBlock: post-norm, q scaled before the product, masked_fill."""

    def __init__(self):
        super().__init__()
        self.q_lin = nn.Linear(HIDDEN, HIDDEN)
        self.k_lin = nn.Linear(HIDDEN, HIDDEN)
        self.v_lin = nn.Linear(HIDDEN, HIDDEN)
        self.out_lin = nn.Linear(HIDDEN, HIDDEN)
        self.sa_layer_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.lin1 = nn.Linear(HIDDEN, INTER)
        self.lin2 = nn.Linear(INTER, HIDDEN)
        self.output_layer_norm = nn.LayerNorm(HIDDEN, eps=1e-12)

    def heads(self, x):
        return x.view(x.size(0), x.size(1), HEADS, HIDDEN // HEADS).transpose(1, 2)

    def forward(self, x, mask):
        q = self.heads(self.q_lin(x)) / math.sqrt(HIDDEN // HEADS)
        k, v = self.heads(self.k_lin(x)), self.heads(self.v_lin(x))
        scores = q @ k.transpose(-1, -2)
        scores = scores.masked_fill(mask[:, None, None, :] == 0, torch.finfo(scores.dtype).min)
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(x.size(0), x.size(1), HIDDEN)
        x = self.sa_layer_norm(self.out_lin(ctx) + x)
        return self.output_layer_norm(self.lin2(nn.functional.gelu(self.lin1(x))) + x)


class DistilBertEmbedder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, HIDDEN)
        self.position_embeddings = nn.Embedding(MAX_LENGTH, HIDDEN)
        self.layer_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(DistilBlock() for _ in range(LAYERS))

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.size(1), dtype=torch.long).unsqueeze(0)
        x = self.layer_norm(self.word_embeddings(input_ids) + self.position_embeddings(positions))
        for layer in self.layers:
            x = layer(x, attention_mask)
        return x


# ---------------------------------------------------------------------------
# XLM-RoBERTa and its Unigram tokenizer
# ---------------------------------------------------------------------------

XLMR_PAD, XLMR_POSITIONS = 1, MAX_LENGTH + 2
SPACE = "\u2581"


class XlmrLayer(nn.Module):
    """BERT's post-norm layer with RoBERTa's LayerNorm eps."""

    def __init__(self, hidden=HIDDEN, heads=HEADS, inter=INTER):
        super().__init__()
        self.hidden, self.n_heads = hidden, heads
        self.q, self.k, self.v = (nn.Linear(hidden, hidden) for _ in range(3))
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_ln = nn.LayerNorm(hidden, eps=1e-5)
        self.inter = nn.Linear(hidden, inter)
        self.out = nn.Linear(inter, hidden)
        self.out_ln = nn.LayerNorm(hidden, eps=1e-5)

    def heads(self, x):
        return x.view(x.size(0), x.size(1), self.n_heads, self.hidden // self.n_heads).transpose(1, 2)

    def forward(self, x, additive):
        q, k, v = self.heads(self.q(x)), self.heads(self.k(x)), self.heads(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.hidden // self.n_heads) + additive
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(x.size(0), x.size(1), self.hidden)
        x = self.attn_ln(x + self.attn_out(ctx))
        return self.out_ln(x + self.out(nn.functional.gelu(self.inter(x))))


class XlmrCrossEncoder(nn.Module):
    """Tiny by default; make_base_reranker.py builds it at bge-reranker-base's sizes."""

    def __init__(self, vocab_size, hidden=HIDDEN, heads=HEADS, inter=INTER, layers=LAYERS):
        super().__init__()
        self.word = nn.Embedding(vocab_size, hidden, padding_idx=XLMR_PAD)
        self.pos = nn.Embedding(XLMR_POSITIONS, hidden, padding_idx=XLMR_PAD)
        self.token_type = nn.Embedding(1, hidden)
        self.emb_ln = nn.LayerNorm(hidden, eps=1e-5)
        self.layers = nn.ModuleList(XlmrLayer(hidden, heads, inter) for _ in range(layers))
        self.dense = nn.Linear(hidden, hidden)
        self.out_proj = nn.Linear(hidden, 1)

    def forward(self, input_ids, attention_mask):
        # create_position_ids_from_input_ids: real tokens count from padding_idx + 1
        real = input_ids.ne(XLMR_PAD).long()
        positions = torch.cumsum(real, dim=1) * real + XLMR_PAD
        x = self.emb_ln(self.word(input_ids) + self.pos(positions)
                        + self.token_type(torch.zeros_like(input_ids)))
        additive = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, additive)
        return self.out_proj(torch.tanh(self.dense(x[:, 0])))


XLMR_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
XLMR_WORDS = WORDS[:160]
XLMR_SUBWORDS = ["s", "ing", "ed", "er", "ly", "tion", "ation", "re", "un", "pre", "in", "st",
                 "ch", "th", "an", "en", "on"]
XLMR_CHARS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,:;?!'-()")


def unigram_vocab():
    """[piece, score] rows; distinct scores, words likelier than pieces, pieces than letters."""
    rng = random.Random(16)
    vocab = [[t, 0.0] for t in XLMR_SPECIALS]
    seen = set(XLMR_SPECIALS)

    def add(piece, low, high):
        if piece not in seen:
            seen.add(piece)
            vocab.append([piece, round(rng.uniform(low, high), 6)])

    add(SPACE, -3.5, -3.0)
    for w in XLMR_WORDS:
        add(SPACE + w, -9.0, -5.0)
    for w in XLMR_WORDS[:60]:
        add(w, -10.0, -8.0)  # some words also as inner pieces
    for p in XLMR_SUBWORDS:
        add(p, -9.5, -7.0)
        add(SPACE + p, -11.0, -9.0)
    for c in XLMR_CHARS:
        add(c, -13.0, -11.0)
        add(SPACE + c, -12.5, -10.5)
    return vocab


def unigram_tokenizer_json(vocab):
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(XLMR_SPECIALS)]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Metaspace", "replacement": SPACE, "add_prefix_space": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                           "trim_offsets": True, "add_prefix_space": True},
        "decoder": {"type": "Metaspace", "replacement": SPACE, "add_prefix_space": True},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
    }


class RefUnigram:
    """Metaspace pre-tokenisation, then Viterbi over piece scores; unknown characters score
    min_score - 10 and consecutive unknowns fuse into one <unk>, as the Unigram model does."""

    def __init__(self, vocab):
        self.ids = {piece: i for i, (piece, _) in enumerate(vocab)}
        self.scores = {piece: score for piece, score in vocab}
        self.longest = max(len(p) for p, _ in vocab)
        self.unk_score = min(s for _, s in vocab) - 10.0

    @staticmethod
    def pretokenize(text):
        text = text.replace(" ", SPACE)
        if not text.startswith(SPACE):
            text = SPACE + text
        words, current = [], ""
        for c in text:  # split before each SPACE, which stays with what follows
            if c == SPACE and current:
                words.append(current)
                current = ""
            current += c
        if current:
            words.append(current)
        return words

    def viterbi(self, word):
        n = len(word)
        best = [None] * (n + 1)  # (score, start, id)
        best[0] = (0.0, -1, None)
        for start in range(n):
            here = best[start][0]
            single = False
            for end in range(start + 1, min(n, start + self.longest) + 1):
                piece = word[start:end]
                if piece not in self.ids or piece in XLMR_SPECIALS:
                    continue
                score = here + self.scores[piece]
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, start, self.ids[piece])
                single = single or end == start + 1
            if not single:
                score = here + self.unk_score
                if best[start + 1] is None or score > best[start + 1][0]:
                    best[start + 1] = (score, start, 3)
        ids, end = [], n
        while end > 0:
            ids.append(best[end][2])
            end = best[end][1]
        ids.reverse()
        fused = []
        for i in ids:
            if not (i == 3 and fused and fused[-1] == 3):
                fused.append(i)
        return fused

    def tokens(self, text):
        return [i for w in self.pretokenize(text) for i in self.viterbi(w)]

    def encode_pair(self, query, passage, max_length):
        q, p = self.tokens(query), self.tokens(passage)
        if len(q) + 4 > max_length:
            raise ValueError("query alone does not fit")
        p = p[: max_length - 4 - len(q)]  # only the passage is cut
        return [0] + q + [2, 2] + p + [2]


# ---------------------------------------------------------------------------
# Texts, export, references
# ---------------------------------------------------------------------------

def embed_texts():
    long_words = words(1, 700)
    return EMBED_TEXTS + [
        words(2, 120),
        words(3, 300),
        long_words,  # cut to 512
    ]


def xlmr_pairs():
    return [
        ("what is the economy", "the economy is the market of jobs and prices."),
        ("inflation", "inflation is a rise in prices over time"),
        ("inflation", "the weather was good and the sun was out in the morning"),
        ("solr vector search", "apache solr can search dense vectors with a neural model"),
        ("Rerank", "a cross encoder can rerank the top results, sorting passages."),
        ("what is a model", "Модель поиска 検索 model"),
        ("cafe prices", "cafe  coffee prices in the city (2023)"),
        ("a", "b"),
        ("reranking", "unrestricted preprocessing; restating: x-ray 42!"),
        ("plan for jobs", words(4, 200)),
        ("the best books for students", words(5, 505)),
        ("what is the plan for the economy", words(6, 900)),  # cut to 512
    ]


def onnx_export(model, folder, example, names, output):
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes[output] = {0: "batch", 1: "sequence"} if output == "last_hidden_state" else {0: "batch"}
    torch.onnx.export(model, example, os.path.join(folder, "model.onnx"), opset_version=14,
                      input_names=names, output_names=[output], dynamic_axes=axes,
                      do_constant_folding=True)


def padded(seqs, pad):
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def write_json(path, value, indent=None):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=indent)
        f.write("\n")


def make_distilbert():
    folder = os.path.join(ROOT, "tiny-distilbert-embedder")
    os.makedirs(folder, exist_ok=True)
    vocab = build_vocab()
    tok = RefTokenizer(vocab)
    spec = tokenizer_json(vocab)
    spec["truncation"], spec["padding"] = None, None
    write_json(os.path.join(folder, "tokenizer.json"), spec, indent=1)
    model = init_weights(DistilBertEmbedder(len(vocab)), seed=21)
    onnx_export(model, folder, padded([tok.encode("the plan", 16), tok.encode("jobs", 16)], 0),
                ["input_ids", "attention_mask"], "last_hidden_state")
    refs = []
    with torch.no_grad():
        for text in embed_texts():
            ids = tok.encode(text, MAX_LENGTH)
            hidden = model(*padded([ids], 0))[0]
            refs.append({"text": text, "input_ids": ids, "mean": floats(hidden.mean(0))})
    write_json(os.path.join(folder, "reference.json"), {"max_length": MAX_LENGTH,
                                                       "embeddings": refs})
    print("distilbert lengths:", [len(r["input_ids"]) for r in refs])


def make_xlmr():
    folder = os.path.join(ROOT, "tiny-xlmr-cross-encoder")
    os.makedirs(folder, exist_ok=True)
    vocab = unigram_vocab()
    tok = RefUnigram(vocab)
    write_json(os.path.join(folder, "tokenizer.json"), unigram_tokenizer_json(vocab), indent=1)
    model = init_weights(XlmrCrossEncoder(len(vocab)), seed=22)
    example = padded([tok.encode_pair("plan", "the jobs", 16), tok.encode_pair("a", "b", 16)],
                     XLMR_PAD)
    onnx_export(model, folder, example, ["input_ids", "attention_mask"], "logits")
    refs = []
    with torch.no_grad():
        for query, passage in xlmr_pairs():
            ids = tok.encode_pair(query, passage, MAX_LENGTH)
            logit = model(*padded([ids], XLMR_PAD))[0, 0].item()
            refs.append({"query": query, "passage": passage, "input_ids": ids, "logit": logit})
        # one query against every passage, as a rerank pairs them (FamilyModelsSolrTest)
        query = "what is the plan for the economy"
        ranking = {"query": query, "passages": [p for _, p in xlmr_pairs()], "logits": [
            model(*padded([tok.encode_pair(query, p, MAX_LENGTH)], XLMR_PAD))[0, 0].item()
            for _, p in xlmr_pairs()]}
    write_json(os.path.join(folder, "reference.json"), {"max_length": MAX_LENGTH,
                                                       "pad_id": XLMR_PAD, "pairs": refs,
                                                       "ranking": ranking})
    print("xlmr lengths:", [len(r["input_ids"]) for r in refs])
    print("xlmr logits:", [round(r["logit"], 3) for r in refs])


def main():
    torch.manual_seed(0)
    make_distilbert()
    make_xlmr()


if __name__ == "__main__":
    main()
