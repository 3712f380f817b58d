#!/usr/bin/python3
"""Builds a base-size stand-in for bge-reranker-base, for the benchmark only (never committed).

Usage (from the project root):
    /usr/bin/python3 src/test/python/make_base_reranker.py CORPUS.jsonl OUT_FOLDER

The shapes are bge-reranker-base's: XLM-RoBERTa, 12 layers, hidden 768, 12 heads, feed-forward
3072, 514 position rows (pad id 1, positions counted from 2, so 512 tokens), a 250,002-piece
Unigram tokenizer.json (Metaspace, RobertaProcessing) and one logit. The weights are random
(N(0, 0.02), fixed seed): it costs what the real model costs, and scores nothing.

The pieces are synthesised: whole words and word pieces counted in the BEIR corpus given
(SciFact: CORPUS is its corpus.jsonl), few enough that English text takes about 1.4 tokens per
word, as XLM-R's own vocabulary gives; the rest of the 250,002 are CJK pieces no English text
uses, as most of XLM-R's vocabulary is other languages.

Writes OUT_FOLDER/model.onnx (about 1.1 GB, opset 14, dynamic batch and sequence axes),
tokenizer.json and reference.json (a few pairs at up to 512 tokens: ids from the pure-Python
Unigram of make_family_models.py, logits of the eager torch model, one pair at a time).
"""

import collections
import json
import math
import os
import random
import re
import sys

import torch

from make_tiny_models import init_weights
from make_family_models import (MAX_LENGTH, SPACE, XLMR_PAD, XLMR_SPECIALS, RefUnigram,
                                XlmrCrossEncoder, onnx_export, padded, unigram_tokenizer_json,
                                write_json)

VOCAB_SIZE = 250_002
HIDDEN, HEADS, INTER, LAYERS = 768, 12, 3072, 12
# Tuned so that SciFact abstracts take about 1.4 pieces per whitespace-separated word.
WHOLE_WORDS, WORD_STARTS, INNER_PIECES = 12_000, 8_000, 15_000
RUN = re.compile(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9\s]")


def corpus_texts(path, limit=None):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            doc = json.loads(line)
            yield (doc.get("title", "") + " " + doc.get("text", "")).strip()


def counted_pieces(corpus):
    """Whole words (with the word-start mark), word starts and inner pieces, by frequency."""
    words, starts, inner, chars = (collections.Counter() for _ in range(4))
    for text in corpus_texts(corpus):
        for word in text.split():
            runs = RUN.findall(word)
            for i, run in enumerate(runs):
                chars.update(run)
                if i == 0:
                    words[SPACE + run] += 1
                    for n in range(2, min(len(run), 5) + 1):
                        starts[SPACE + run[:n]] += 1
                if run.isalnum():
                    for n in range(2, min(len(run), 5) + 1):
                        for s in range(1 if i == 0 else 0, len(run) - n + 1):
                            inner[run[s:s + n]] += 1
    return words, starts, inner, chars


def unigram_vocab(corpus):
    """[piece, score] rows: log relative frequencies, so Viterbi prefers few, common pieces."""
    words, starts, inner, chars = counted_pieces(corpus)
    vocab = [[t, 0.0] for t in XLMR_SPECIALS]
    seen = set(XLMR_SPECIALS)

    def add(rows, low):
        total = sum(count for _, count in rows) or 1
        for piece, count in rows:
            if piece not in seen:
                seen.add(piece)
                vocab.append([piece, round(max(low, math.log(count / total)), 6)])

    vocab.append([SPACE, -10.0])  # alone only before what no piece starts with
    seen.add(SPACE)
    add(words.most_common(WHOLE_WORDS), -14.0)
    add(starts.most_common(WORD_STARTS), -14.0)
    add(inner.most_common(INNER_PIECES), -14.0)
    letters = sorted(set(chars) | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789.,:;?!'\"-()[]%/=+<>"))
    add([(c, 1) for c in letters], -16.0)
    add([(SPACE + c, 1) for c in letters], -16.0)
    # The rest: CJK pieces (one ideograph, then pairs), unused by English text.
    rng = random.Random(16)
    i = 0
    while len(vocab) < VOCAB_SIZE:
        first, second = divmod(i, 20992)
        piece = chr(0x4E00 + second) if first == 0 else chr(0x4E00 + first) + chr(0x4E00 + second)
        i += 1
        if piece not in seen:
            seen.add(piece)
            vocab.append([piece, round(rng.uniform(-18.0, -12.0), 6)])
    return vocab


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_base_reranker.py CORPUS.jsonl OUT_FOLDER")
    corpus, folder = sys.argv[1], sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    vocab = unigram_vocab(corpus)
    assert len(vocab) == VOCAB_SIZE, len(vocab)
    tok = RefUnigram(vocab)
    write_json(os.path.join(folder, "tokenizer.json"), unigram_tokenizer_json(vocab))
    texts = list(corpus_texts(corpus, limit=300))
    word_count = sum(len(t.split()) for t in texts[200:])
    piece_count = sum(len(tok.tokens(t)) for t in texts[200:])
    print(f"tokenizer: {len(vocab)} pieces, {piece_count / word_count:.2f} pieces per word"
          f" on {len(texts) - 200} SciFact abstracts")

    # BERT's initializer_range: activations stay as a trained model's roughly are.
    model = init_weights(XlmrCrossEncoder(len(vocab), HIDDEN, HEADS, INTER, LAYERS), seed=23,
                         scale=0.02, random_biases=False)
    example = padded([tok.encode_pair("plan", "the jobs", 16), tok.encode_pair("a", "b", 16)],
                     XLMR_PAD)
    onnx_export(model, folder, example, ["input_ids", "attention_mask"], "logits")
    query = "what is the plan for the economy"
    refs = []
    with torch.no_grad():
        for passage in [texts[0], " ".join(texts[1:4]), "a short passage"]:
            ids = tok.encode_pair(query, passage, MAX_LENGTH)
            logit = model(*padded([ids], XLMR_PAD))[0, 0].item()
            refs.append({"query": query, "passage": passage, "input_ids": ids, "logit": logit})
    write_json(os.path.join(folder, "reference.json"),
               {"max_length": MAX_LENGTH, "pad_id": XLMR_PAD, "pairs": refs})
    print(f"{folder}: model.onnx ({os.path.getsize(os.path.join(folder, 'model.onnx')) >> 20} MB),"
          f" reference lengths {[len(r['input_ids']) for r in refs]}")


if __name__ == "__main__":
    main()
