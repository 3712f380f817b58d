#!/usr/bin/python3
"""Builds tiny, deterministic BERT-style test models and reference outputs.

Run from the project root:  /usr/bin/python3 src/test/python/make_tiny_models.py

Writes src/test/resources/tiny-models/:
  tokenizer.json                 HF `tokenizers` JSON (WordPiece, small vocab)
  tiny-embedder/                 model.pt, model.onnx, tokenizer.json -> last_hidden_state
  tiny-cross-encoder/            model.pt, model.onnx, tokenizer.json -> logits
  tiny-cross-encoder-2in/        model.onnx (no token_type_ids input), tokenizer.json
  reference.json                 expected ids / vectors / logits for the Java tests

The references come from the eager torch models fed by the pure-Python tokenizer
below, which is written from BERT's definition and does not use the HF library,
so the Java side (HF tokenizers via DJL + TorchScript/ONNX) is checked against
an independent implementation.
"""

import json
import os
import shutil
import unicodedata

import torch
from torch import nn

ROOT = os.path.join("src", "test", "resources", "tiny-models")
REF_MAX_LENGTH = 24

# ---------------------------------------------------------------------------
# Vocabulary and tokenizer.json
# ---------------------------------------------------------------------------

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
DIGITS = [str(d) for d in range(10)]
# All ASCII punctuation BERT splits on: 33-47, 58-64, 91-96, 123-126.
PUNCT = [chr(c) for c in list(range(33, 48)) + list(range(58, 65))
         + list(range(91, 97)) + list(range(123, 127))]
SUFFIXES = ["##s", "##ing", "##ed", "##ly", "##er", "##tion"]
WORDS = """
the of and to in is for on that with as at by from it this be are was were
or an not but have has had will would can could should may do does did what
which who whom whose when where why how all any each some no more most other
such only own same so than too very just also about into over after before
between under again then once here there these those our your their his her
its we you they he she i me my us them up down out off new old good best
first last long short high low big small many much few one two three four
five ten year years day time people world state government market economy
jobs job prices price inflation rate rates growth bank money tax plan policy
energy oil trade work worker workers wage wages home house city country news
report data model models search solr vector vectors rerank reranking query
queries document documents text texts word words token tokens index field
fields score scores rank ranking embedding embeddings neural network learning
machine language cross encoder passage passages answer question result
results match similar similarity dense sparse keyword semantic retrieval
java python apache lucene cafe coffee weather rain sun night morning music
book books school student students water food health doctor car road
""".split()


def build_vocab():
    seen, vocab = set(), []
    for tok in (SPECIALS + LETTERS + DIGITS + PUNCT
                + ["##" + c for c in LETTERS + DIGITS] + SUFFIXES + WORDS):
        if tok not in seen:  # single letters such as "a"/"i" are also words
            seen.add(tok)
            vocab.append(tok)
    return {tok: i for i, tok in enumerate(vocab)}


def special(token, type_id):
    return {"SpecialToken": {"id": token, "type_id": type_id}}


def sequence(seq_id, type_id):
    return {"Sequence": {"id": seq_id, "type_id": type_id}}


def tokenizer_json(vocab):
    return {
        "version": "1.0",
        # Deliberately wrong for inference: the Java plugin must override these.
        "truncation": {"direction": "Right", "max_length": 12,
                       "strategy": "LongestFirst", "stride": 0},
        "padding": {"strategy": {"Fixed": 40}, "direction": "Right",
                    "pad_to_multiple_of": None, "pad_id": 0, "pad_type_id": 0,
                    "pad_token": "[PAD]"},
        "added_tokens": [
            {"id": vocab[t], "content": t, "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True}
            for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True,
                       "handle_chinese_chars": True, "strip_accents": None,
                       "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
            "pair": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0),
                     sequence("B", 1), special("[SEP]", 1)],
            "special_tokens": {
                t: {"id": t, "ids": [vocab[t]], "tokens": [t]}
                for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]",
                  "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


# ---------------------------------------------------------------------------
# Independent reference tokenizer (BERT BasicTokenizer + WordPiece)
# ---------------------------------------------------------------------------

def is_control(c):
    # \t \n \r count as whitespace; every other C* category char is dropped.
    return c not in "\t\n\r" and unicodedata.category(c).startswith("C")


def is_whitespace(c):
    # Zs/Zl/Zp plus \t \n \r: what is left of Unicode White_Space once
    # control characters are gone (matches HF's Rust normalizer).
    return c in "\t\n\r " or unicodedata.category(c) in ("Zs", "Zl", "Zp")


def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True  # ASCII symbols like $ ^ ` count as punctuation for BERT
    return unicodedata.category(c).startswith("P")


def is_cjk(c):
    cp = ord(c)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokenize(text):
    out = []
    for c in text:  # clean text: drop NUL, U+FFFD and controls; any space -> ' '
        if c == "\0" or c == "\ufffd" or is_control(c):
            continue
        out.append(" " if is_whitespace(c) else c)
    # CJK ideographs become words of their own.
    text = "".join(f" {c} " if is_cjk(c) else c for c in out)
    # strip accents (NFD, drop non-spacing marks), then lowercase
    text = "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn").lower()
    words = []
    for chunk in text.split(" "):
        current = ""
        for c in chunk:
            if is_punctuation(c):  # punctuation is always a word of its own
                if current:
                    words.append(current)
                words.append(c)
                current = ""
            else:
                current += c
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab, max_chars=100):
    if len(word) > max_chars:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):  # greedy longest match first
        end, piece = len(word), None
        while start < end:
            sub = ("##" if start > 0 else "") + word[start:end]
            if sub in vocab:
                piece = sub
                break
            end -= 1
        if piece is None:
            return ["[UNK]"]  # one [UNK] for the whole word, as BERT does
        pieces.append(piece)
        start = end
    return pieces


class RefTokenizer:
    def __init__(self, vocab):
        self.vocab = vocab

    def ids(self, text):
        return [self.vocab[p] for w in basic_tokenize(text)
                for p in wordpiece(w, self.vocab)]

    def encode(self, text, max_length):
        v = self.vocab
        toks = self.ids(text)[: max_length - 2]
        return [v["[CLS]"]] + toks + [v["[SEP]"]]

    def encode_pair(self, query, passage, max_length):
        # "only_second": the passage alone is cut, the query stays whole.
        v = self.vocab
        q = self.ids(query)
        p = self.ids(passage)[: max(0, max_length - 3 - len(q))]
        if len(q) + 3 > max_length:
            raise ValueError("query alone does not fit")
        ids = [v["[CLS]"]] + q + [v["[SEP]"]] + p + [v["[SEP]"]]
        types = [0] * (len(q) + 2) + [1] * (len(p) + 1)
        return ids, types


# ---------------------------------------------------------------------------
# Tiny BERT written by hand
# ---------------------------------------------------------------------------

HIDDEN, HEADS, INTER, LAYERS, MAX_POS, TYPES = 32, 4, 64, 2, 128, 2


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(HIDDEN, HIDDEN)
        self.k = nn.Linear(HIDDEN, HIDDEN)
        self.v = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inter = nn.Linear(HIDDEN, INTER)
        self.out = nn.Linear(INTER, HIDDEN)
        self.out_ln = nn.LayerNorm(HIDDEN, eps=1e-12)

    def heads(self, x):  # [B, L, H] -> [B, heads, L, H/heads]
        return x.view(x.size(0), x.size(1), HEADS, HIDDEN // HEADS).transpose(1, 2)

    def forward(self, x, additive_mask):
        q, k, v = self.heads(self.q(x)), self.heads(self.k(x)), self.heads(self.v(x))
        scores = q @ k.transpose(-1, -2) / (HIDDEN // HEADS) ** 0.5 + additive_mask
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(x.size(0), x.size(1), HIDDEN)
        x = self.attn_ln(x + self.attn_out(ctx))
        return self.out_ln(x + self.out(nn.functional.gelu(self.inter(x))))  # erf GELU


class Encoder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.word = nn.Embedding(vocab_size, HIDDEN)
        self.pos = nn.Embedding(MAX_POS, HIDDEN)
        self.token_type = nn.Embedding(TYPES, HIDDEN)
        self.emb_ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.register_buffer("position_ids", torch.arange(MAX_POS).unsqueeze(0),
                             persistent=False)

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = self.position_ids[:, : input_ids.size(1)]
        x = self.emb_ln(self.word(input_ids) + self.pos(positions)
                        + self.token_type(token_type_ids))
        # standard BERT: padded keys get -10000 before the softmax
        additive = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, additive)
        return x


class Embedder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.encoder = Encoder(vocab_size)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.encoder(input_ids, attention_mask, token_type_ids)


class CrossEncoder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.encoder = Encoder(vocab_size)
        self.pooler = nn.Linear(HIDDEN, HIDDEN)
        self.classifier = nn.Linear(HIDDEN, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids, attention_mask, token_type_ids)
        return self.classifier(torch.tanh(self.pooler(h[:, 0])))


class TwoInputCrossEncoder(nn.Module):
    """Same weights, for exports whose graph takes no token_type_ids."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, input_ids, attention_mask):
        return self.inner(input_ids, attention_mask, torch.zeros_like(input_ids))


def init_weights(model, seed, scale=0.2, random_biases=True):
    # Large N(0, 0.2) weights and biases keep tiny models' outputs far from trivial; a base-size
    # model takes BERT's N(0, 0.02) and zero biases. LayerNorms keep their default (1, 0).
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * scale)
            if isinstance(m, nn.Linear):
                if random_biases:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * scale)
                else:
                    m.bias.zero_()
    return model.eval()


# ---------------------------------------------------------------------------
# Export and checks
# ---------------------------------------------------------------------------

def batch(seqs, types=None):
    """Right-pads id lists into (input_ids, attention_mask, token_type_ids)."""
    length = max(len(s) for s in seqs)
    types = types or [[0] * len(s) for s in seqs]
    ids = torch.zeros(len(seqs), length, dtype=torch.long)
    mask = torch.zeros_like(ids)
    tt = torch.zeros_like(ids)
    for i, (s, t) in enumerate(zip(seqs, types)):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
        tt[i, : len(t)] = torch.tensor(t)
    return ids, mask, tt


def export(model, folder, example, check, output_name, torchscript=True):
    os.makedirs(folder, exist_ok=True)
    names = ["input_ids", "attention_mask", "token_type_ids"][: len(example)]
    diffs = {}
    if torchscript:
        path = os.path.join(folder, "model.pt")
        traced = torch.jit.trace(model, example)
        torch.jit.save(traced, path)
        loaded = torch.jit.load(path)
        with torch.no_grad():  # another batch size and length than the trace
            diffs["torchscript_vs_eager"] = (loaded(*check) - model(*check)).abs().max().item()
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes[output_name] = {0: "batch", 1: "sequence"} if output_name == "last_hidden_state" \
        else {0: "batch"}
    torch.onnx.export(model, example, os.path.join(folder, "model.onnx"),
                      opset_version=14, input_names=names, output_names=[output_name],
                      dynamic_axes=axes, do_constant_folding=True)
    shutil.copyfile(os.path.join(ROOT, "tokenizer.json"), os.path.join(folder, "tokenizer.json"))
    return diffs


def padding_diff(model, seqs, types, per_token):
    """Max |padded batch - single unpadded| over real tokens (or logits)."""
    worst = 0.0
    with torch.no_grad():
        padded = model(*batch(seqs, types))
        for i, (s, t) in enumerate(zip(seqs, types)):
            alone = model(*batch([s], [t]))[0]
            got = padded[i, : len(s)] if per_token else padded[i]
            worst = max(worst, (got - alone).abs().max().item())
    return worst


def floats(t):
    return [float(x) for x in t.tolist()]  # json writes repr(float) = full precision


EMBED_TEXTS = [
    "solr",
    "What is the plan for jobs and prices?",
    "The economy is a model of many markets: jobs, prices, inflation and growth all "
    "move together. Search over documents with a dense vector model, then rerank the "
    "best results with a cross encoder to answer the query.",
    "Café Économie",
    "naïve résumé",
    "zyxwvut quokka frobnicates",
    "price 5€ and ¥10",
    "Solr 搜索 引擎 vector",
    "line one\tline two\nline three\u0007 bell",
    "  Hello,   WORLD!!  (search)  ",
    "U.S. inflation rate: 3.5% in 2023",
]

PAIRS = [
    ("what is the economy", "The economy is the market of jobs and prices."),
    ("inflation", "Inflation is a rise in prices over time."),
    ("inflation", "The weather was good and the sun was out in the morning."),
    ("solr vector search", "Apache Solr can search dense vectors with a neural model."),
    ("rerank", "A cross encoder can rerank the top results of a keyword query, and "
               "its score is used to rank each passage against the query text; the "
               "best passages come first in the results."),
    ("plan for jobs", ""),
    ("what is a model", "Модель поиска — это 検索モデル"),
    ("search", "line\tone\nline\u0007two\u0000three\ufffd\u200bfour"),
    ("Café prices", "cafe coffee prices in the city"),
    ("a", "b"),
    ("What are the best books for students learning Java?",
     "Good books for learning java and python at school."),
    ("query", "Query queries querying queried"),
]


def main():
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    os.makedirs(ROOT, exist_ok=True)

    vocab = build_vocab()
    with open(os.path.join(ROOT, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False, indent=2)
        f.write("\n")
    tok = RefTokenizer(vocab)

    embedder = init_weights(Embedder(len(vocab)), seed=1)
    cross = init_weights(CrossEncoder(len(vocab)), seed=2)
    two_in = TwoInputCrossEncoder(cross).eval()

    # Trace on a padded batch of 2 (both lengths differ) and check on 3 others.
    ex_seqs = [tok.encode(EMBED_TEXTS[1], 64), tok.encode(EMBED_TEXTS[0], 64)]
    chk_seqs = [tok.encode(t, 64) for t in (EMBED_TEXTS[2], EMBED_TEXTS[3], EMBED_TEXTS[7])]
    ex_pairs = [tok.encode_pair(q, p, 64) for q, p in PAIRS[:2]]
    chk_pairs = [tok.encode_pair(q, p, 64) for q, p in PAIRS[2:5]]
    ex_pair_batch = batch(*zip(*ex_pairs))
    chk_pair_batch = batch(*zip(*chk_pairs))

    report = {}
    report["embedder"] = export(embedder, os.path.join(ROOT, "tiny-embedder"),
                                batch(ex_seqs), batch(chk_seqs), "last_hidden_state")
    report["cross-encoder"] = export(cross, os.path.join(ROOT, "tiny-cross-encoder"),
                                     ex_pair_batch, chk_pair_batch, "logits")
    export(two_in, os.path.join(ROOT, "tiny-cross-encoder-2in"), ex_pair_batch[:2],
           chk_pair_batch[:2], "logits", torchscript=False)

    seqs = [tok.encode(t, REF_MAX_LENGTH) for t in EMBED_TEXTS]
    report["embedder"]["padded_vs_single"] = padding_diff(
        embedder, seqs, [[0] * len(s) for s in seqs], per_token=True)
    pairs = [tok.encode_pair(q, p, REF_MAX_LENGTH) for q, p in PAIRS]
    report["cross-encoder"]["padded_vs_single"] = padding_diff(
        cross, [p[0] for p in pairs], [p[1] for p in pairs], per_token=False)

    # References: one input at a time, no padding, eager float32.
    ref = {"maxLength": REF_MAX_LENGTH, "embeddings": [], "pairs": []}
    with torch.no_grad():
        for text, ids in zip(EMBED_TEXTS, seqs):
            h = embedder(*batch([ids]))[0]
            mean = h.mean(0)  # every token is real, so the masked mean is the plain mean
            ref["embeddings"].append({
                "text": text, "input_ids": ids,
                "mean": floats(nn.functional.normalize(mean, dim=0)),
                "cls": floats(nn.functional.normalize(h[0], dim=0)),
                "mean_raw": floats(mean)})
        for (query, passage), (ids, types) in zip(PAIRS, pairs):
            ref["pairs"].append({
                "query": query, "passage": passage, "input_ids": ids,
                "token_type_ids": types,
                "logit": float(cross(*batch([ids], [types]))[0, 0]),
                "logit_2in": float(two_in(*batch([ids])[:2])[0, 0])})
    with open(os.path.join(ROOT, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False, indent=1)
        f.write("\n")

    print(f"vocab size: {len(vocab)}")
    for name, diffs in report.items():
        for check, value in diffs.items():
            print(f"{name:14s} {check:22s} max diff {value:.3e}")
            assert value < 1e-5, (name, check, value)
    lengths = [len(s) for s in seqs]
    print(f"reference: {len(seqs)} texts (lengths {min(lengths)}..{max(lengths)}), "
          f"{len(pairs)} pairs, maxLength {REF_MAX_LENGTH}")
    for dirpath, _, files in sorted(os.walk(ROOT)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            print(f"{os.path.getsize(path):>9d}  {path}")


if __name__ == "__main__":
    main()
