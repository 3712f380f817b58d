# Reference vectors for bge-small-en-v1.5 and e5-small-v2 (float32 graphs), computed without ONNX
# Runtime or the tokenizers library: the BERT encoder is rebuilt in eager PyTorch (float64) from
# the ONNX file's own weights, the WordPiece tokenizer is written out here from tokenizer.json, and
# the pooling (CLS or mean) and L2 normalisation are done by hand.
#
#   /usr/bin/python3 src/test/python/make_english_embedder_references.py target/models
#
# (target/models/<name>/model.onnx and tokenizer.json are laid out by DemoModels.englishEmbedder.)
# Writes src/test/resources/english-embedders/<name>.json: the declared pooling and prefixes, and
# per text its role (query or document), the text as given (before the prefix) and the vector.
import json, math, os, sys, unicodedata
import numpy as np, onnx, torch
from onnx import numpy_helper
import torch.nn.functional as F

MAX_LENGTH = 512
MODELS = {
    "bge-small-en-v1.5": {"pooling": "cls",
                          "queryPrefix": "Represent this sentence for searching relevant passages: ",
                          "documentPrefix": ""},
    "e5-small-v2": {"pooling": "mean", "queryPrefix": "query: ", "documentPrefix": "passage: "},
}
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def texts():
    demo = open(os.path.join(PROJECT, "src/test/resources/demo/state_of_the_union.txt"),
                encoding="utf-8").read()
    queries = [
        "economy",
        "What is the plan for the economy?",
        "how do vaccines train the immune system",
        "Who won the 2022 FIFA World Cup?",
        "symptoms of vitamin D deficiency in adults",
        "Économie, café, naïve résumé: what do the accents change?",
        "GPU vs. CPU: which is cheaper for batch inference at 1,000 req/s?",
        demo[0:4000],  # a query longer than 512 tokens: cut after the prefix's tokens
    ]
    documents = [
        "Paris is the capital and most populous city of France.",
        "Vaccines expose the immune system to a harmless piece of a pathogen, so that it learns to"
        " recognise and fight the real one.",
        demo[4000:4600],
        demo[10000:11500],
        demo[20000:22500],
        demo[28000:34000],  # far longer than 512 tokens
        demo[35000:37150],  # just under the cut-off
        "Argentina won the 2022 FIFA World Cup, beating France on penalties after a 3–3 draw.",
        "Vitamin D deficiency can cause bone pain, muscle weakness, fatigue and low mood.",
        "Prices: $1,000,000 (approx.) — 3.14159; e=mc^2! 50% off <today> only & 'quoted' \"twice\"",
        "Économie et emploi: 経済と雇用 — экономика и занятость",
        "tab\there, bell\u0007 and\r\nnew lines\u00a0with a no-break space",
        "A word longer than the tokenizer reads: " + "x" * 120 + " and then normal words.",
        "Emoji 🙂 and symbols ✓ are unknown to this vocabulary.",
        "unbelievably unaffordable counterrevolutionaries antidisestablishmentarianism",
        "Ω",
    ]
    return [("query", t) for t in queries] + [("document", t) for t in documents]


class WordPiece:
    """BertNormalizer (clean, CJK spacing, accents stripped as lowercase implies, lowercase),
    BertPreTokenizer (whitespace, punctuation isolated), greedy longest-match WordPiece,
    [CLS] ... [SEP] and truncation to MAX_LENGTH tokens."""

    def __init__(self, path):
        spec = json.load(open(path, encoding="utf-8"))
        norm = spec["normalizer"]
        assert norm["type"] == "BertNormalizer" and norm["lowercase"] and norm["clean_text"]
        assert norm["handle_chinese_chars"] and norm["strip_accents"] in (None, True)
        assert spec["pre_tokenizer"]["type"] == "BertPreTokenizer"
        model = spec["model"]
        assert model["type"] == "WordPiece" and model["continuing_subword_prefix"] == "##"
        self.vocab = model["vocab"]
        self.unk = self.vocab[model["unk_token"]]
        self.max_chars = model["max_input_chars_per_word"]
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]

    @staticmethod
    def _control(c):
        return c not in "\t\n\r" and unicodedata.category(c).startswith("C")

    @staticmethod
    def _space(c):
        return c in "\t\n\r" or c.isspace()

    @staticmethod
    def _chinese(c):
        o = ord(c)
        return any(a <= o <= b for a, b in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF),
                                            (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
                                            (0x2B920, 0x2CEAF), (0xF900, 0xFAFF),
                                            (0x2F800, 0x2FA1F)])

    @staticmethod
    def _punct(c):
        return (c.isascii() and not c.isalnum() and c.isprintable() and c != " ") \
            or unicodedata.category(c).startswith("P")

    def normalize(self, text):
        text = "".join(" " if self._space(c) else c for c in text
                       if ord(c) not in (0, 0xFFFD) and not self._control(c))
        text = "".join(f" {c} " if self._chinese(c) else c for c in text)
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if unicodedata.category(c) != "Mn")
        return text.lower()

    def words(self, text):
        words, current = [], ""
        for c in text:
            if self._space(c) or self._punct(c):
                if current:
                    words.append(current)
                current = ""
                if self._punct(c):
                    words.append(c)
            else:
                current += c
        if current:
            words.append(current)
        return words

    def pieces(self, word):
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return ids

    def encode(self, text):
        ids = [i for w in self.words(self.normalize(text)) for i in self.pieces(w)]
        return [self.cls] + ids[:MAX_LENGTH - 2] + [self.sep]


class Bert:
    """The encoder the ONNX graph computes, from its initializers (see shared/tools/onnx2ts.py)."""

    def __init__(self, path):
        graph = onnx.load(path).graph
        inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        consumers = {}
        for n in graph.node:
            for i in n.input:
                consumers.setdefault(i, []).append(n)
        sd = {k: v for k, v in inits.items() if not k.startswith("onnx::")}
        for n in graph.node:  # anonymous MatMul weights are named by the bias added after them
            if n.op_type == "MatMul" and n.input[1] in inits and n.input[1].startswith("onnx::"):
                adds = [c for c in consumers[n.output[0]] if c.op_type == "Add"]
                bias = [i for i in adds[0].input if i in inits][0]
                sd[bias[:-5] + ".weight"] = inits[n.input[1]].T.copy()
        self.eps = self._layer_norm_eps(graph, inits, consumers)
        self.w = {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in sd.items()
                  if v.dtype == np.float32}
        self.layers = 1 + max(int(k.split(".")[2]) for k in sd if k.startswith("encoder.layer."))
        self.hidden = self.w["embeddings.word_embeddings.weight"].shape[1]
        self.heads = self.hidden // 32  # 12 heads of 32 for these 384-wide models
        assert self.hidden == 384, self.hidden

    @staticmethod
    def _layer_norm_eps(graph, inits, consumers):
        constants = {n.output[0]: numpy_helper.to_array(n.attribute[0].t)
                     for n in graph.node if n.op_type == "Constant"}
        values = set()
        for n in graph.node:  # LayerNorm is spelled out: Pow -> ReduceMean -> Add(eps) -> Sqrt
            if n.op_type == "Pow":
                for mean in consumers.get(n.output[0], []):
                    for add in consumers.get(mean.output[0], []):
                        if add.op_type == "Add":
                            for i in add.input:
                                v = constants.get(i, inits.get(i))
                                if v is not None:
                                    values.add(float(v))
        assert len(values) == 1, values
        return values.pop()

    def _ln(self, x, name):
        return F.layer_norm(x, (self.hidden,), self.w[name + ".weight"], self.w[name + ".bias"],
                            self.eps)

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def states(self, ids):
        w, n = self.w, len(ids)
        ids = torch.tensor(ids)
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._ln(x, "embeddings.LayerNorm")
        d = self.hidden // self.heads
        for l in range(self.layers):
            p = f"encoder.layer.{l}."
            q, k, v = (self._lin(x, p + "attention.self." + s).view(n, self.heads, d).transpose(0, 1)
                       for s in ("query", "key", "value"))
            a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), -1)
            c = (a @ v).transpose(0, 1).reshape(n, self.hidden)
            x = self._ln(self._lin(c, p + "attention.output.dense") + x,
                         p + "attention.output.LayerNorm")
            h = F.gelu(self._lin(x, p + "intermediate.dense"))
            x = self._ln(self._lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        return x


def main():
    models_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(PROJECT, "target/models")
    out_dir = os.path.join(PROJECT, "src/test/resources/english-embedders")
    os.makedirs(out_dir, exist_ok=True)
    for name, declared in MODELS.items():
        folder = os.path.join(models_dir, name)
        tokenizer = WordPiece(os.path.join(folder, "tokenizer.json"))
        bert = Bert(os.path.join(folder, "model.onnx"))
        rows = []
        with torch.no_grad():
            for role, text in texts():
                prefix = declared["queryPrefix" if role == "query" else "documentPrefix"]
                ids = tokenizer.encode(prefix + text)
                states = bert.states(ids)
                pooled = states[0] if declared["pooling"] == "cls" else states.mean(0)
                vector = pooled / pooled.norm()
                rows.append({"role": role, "text": text, "tokens": len(ids),
                             "vector": [round(float(v), 7) for v in vector]})
                print(f"{name} {role:8s} {len(ids):4d} tokens  {text[:40]!r}")
        result = dict(declared, model=name, maxLength=MAX_LENGTH, layerNormEps=bert.eps,
                      texts=rows)
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
            head = json.dumps({k: v for k, v in result.items() if k != "texts"},
                              ensure_ascii=False)
            lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
            f.write(head[:-1] + ', "texts": [\n' + lines + "\n]}\n")


if __name__ == "__main__":
    main()
