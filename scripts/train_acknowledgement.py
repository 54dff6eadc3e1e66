"""Train the acknowledgement model (bench/core/acknowledgement) on the project's own empathy corpus
and write its weights.

    python scripts/train_acknowledgement.py [--out bench/core/acknowledgement/weights.json] [--check]

Trains on the writers not held out (bench.calibration.empathy_corpus.HELD_OUT_WRITERS) and prints
Spearman's rho against the mean label on the held-out writer, the length baseline, and the partial
correlation with length controlled. Deterministic (closed-form ridge, Newton's method for the
logistic model): the same corpus gives the same weights, which `--check` verifies against the
shipped file instead of writing it. numpy only; the held-out figures need scipy (the `validation`
extra).

Model (see bench/core/acknowledgement/model.py):
- emotion: logistic regression of "the customer shows a feeling" (the item's `emotion` is not
  neutral) on the customer's word 1-2-grams and how they show it (named feelings, signs, capitals);
- acknowledgement: ridge regression of the mean label / 3 on the reply's word 1-3-grams (weighted by
  the emotion probability), the signals, the signals times the emotion probability, and the emotion
  probability.
Phrases enter only if every training writer used them (no domain nouns, no one writer's habits) .
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.calibration.empathy_corpus import FOLDER, HELD_OUT_WRITERS, CorpusItem, load
from bench.core.acknowledgement.features import CUSTOMER_SIGNALS, SIGNALS, customer_signals, phrases, signals, tfidf
from bench.core.acknowledgement.model import WEIGHTS, Model

CUSTOMER_LONGEST = 2
REPLY_LONGEST = 3
RIDGE = 1.0  # the ridge penalty; not tuned (sklearn's default)
LOGISTIC_L2 = 0.5  # penalty of the emotion model (C = 2); not tuned


def shared_vocabulary(texts: Sequence[str], writers: Sequence[str], longest: int) -> list[str]:
    """Phrases used by every writer, sorted."""
    seen: dict[str, set[str]] = {}
    for text, writer in zip(texts, writers, strict=True):
        for gram in set(phrases(text, longest)):
            seen.setdefault(gram, set()).add(writer)
    everyone = set(writers)
    return sorted(g for g, ws in seen.items() if ws == everyone)


def idf(texts: Sequence[str], vocabulary: dict[str, int], longest: int) -> list[float]:
    """Smoothed inverse document frequency: ln((1 + n) / (1 + df)) + 1."""
    df = np.zeros(len(vocabulary))
    for text in texts:
        for gram in set(phrases(text, longest)):
            if gram in vocabulary:
                df[vocabulary[gram]] += 1
    return [float(v) for v in np.log((1 + len(texts)) / (1 + df)) + 1]


def matrix(texts: Sequence[str], vocabulary: dict[str, int], weights: Sequence[float], longest: int) -> np.ndarray:
    out = np.zeros((len(texts), len(vocabulary)))
    for r, text in enumerate(texts):
        for c, v in tfidf(phrases(text, longest), vocabulary, weights).items():
            out[r, c] = v
    return out


def logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (intercept unpenalised) by Newton's method."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x1.shape[1])
    penalty = np.full(x1.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x1 @ w, -60, 60)))
        gradient = x1.T @ (p - y) + penalty * w
        hessian = (x1 * (p * (1 - p))[:, None]).T @ x1 + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w[:-1], float(w[-1])


def ridge(x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, float]:
    """Ridge regression with an unpenalised intercept (closed form, on centred data)."""
    mx, my = x.mean(axis=0), y.mean()
    xc = x - mx
    w = np.linalg.solve(xc.T @ xc + penalty * np.eye(x.shape[1]), xc.T @ (y - my))
    return w, float(my - mx @ w)


def corpus_digest(items: Sequence[CorpusItem]) -> str:
    text = json.dumps([[i.id, i.context, i.reply, i.emotion, i.labels] for i in items], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def train(items: Sequence[CorpusItem]) -> dict:
    """The weights document for `items` (the training part only)."""
    writers = [i.writer for i in items]
    customers = [i.customer for i in items]
    replies = [i.reply for i in items]

    c_vocab = shared_vocabulary(customers, writers, CUSTOMER_LONGEST)
    c_index = {g: k for k, g in enumerate(c_vocab)}
    c_idf = idf(customers, c_index, CUSTOMER_LONGEST)
    told = [customer_signals(t) for t in customers]
    cs = np.array([[r[n] for n in CUSTOMER_SIGNALS] for r in told])
    xc = np.hstack([matrix(customers, c_index, c_idf, CUSTOMER_LONGEST), cs])
    showed = np.array([i.emotion != "neutral" for i in items], dtype=float)
    c_coef, c_bias = logistic(xc, showed, LOGISTIC_L2)
    emotion = {
        "vocabulary": c_vocab,
        "idf": c_idf,
        "phrase": [float(v) for v in c_coef[: len(c_vocab)]],
        "longest": CUSTOMER_LONGEST,
        "bias": c_bias,
        "signal": {k: float(v) for k, v in zip(CUSTOMER_SIGNALS, c_coef[len(c_vocab) :], strict=True)},
    }
    p = 1 / (1 + np.exp(-np.clip(xc @ c_coef + c_bias, -60, 60)))

    r_vocab = shared_vocabulary(replies, writers, REPLY_LONGEST)
    r_index = {g: k for k, g in enumerate(r_vocab)}
    r_idf = idf(replies, r_index, REPLY_LONGEST)
    xr = matrix(replies, r_index, r_idf, REPLY_LONGEST) * p[:, None]
    read = [signals(i.reply, i.customer, i.earlier) for i in items]
    s = np.array([[r[n] for n in SIGNALS] for r in read])
    x = np.hstack([xr, s, s * p[:, None], p[:, None]])
    label = np.array([i.label for i in items])
    n, m = len(r_vocab), len(SIGNALS)

    def reply_model(w: np.ndarray, bias: float) -> dict:
        return {
            "vocabulary": r_vocab,
            "idf": r_idf,
            "phrase": [float(v) for v in w[:n]],
            "longest": REPLY_LONGEST,
            "bias": bias,
            "signal": {k: float(v) for k, v in zip(SIGNALS, w[n : n + m], strict=True)},
            "signal_x_emotion": {k: float(v) for k, v in zip(SIGNALS, w[n + m : n + 2 * m], strict=True)},
            "emotion": float(w[-1]),
        }

    acknowledgement = reply_model(*ridge(x, label / 3, RIDGE))
    provenance = {
        "corpus": "validation/corpora/empathy",
        "writers": sorted(set(writers)),
        "held_out_writers": list(HELD_OUT_WRITERS),
        "items": len(items),
        "corpus_sha256": corpus_digest(items),
        "trained_by": "scripts/train_acknowledgement.py",
    }
    return {"format": 1, "provenance": provenance, "emotion": emotion, "acknowledgement": acknowledgement}


def calibrate(model: Model, items: Sequence[CorpusItem]) -> dict:
    """Cut points read off the training part, so that no threshold is set by hand:
    - `none`: median reading of replies both labellers gave 0 (no credit below it);
    - `generic`: median reading of replies labelled 1 (generic), the most a reply with nothing to
      quote as acknowledgement may read;
    - `full`: median reading of replies labelled 2.5 or more (full credit from it);
    - `passes`: the reading that best separates labels above and below 1.5 (balanced accuracy);
    - `shows_feeling`: the emotion probability that best separates upset customers from calm ones."""
    reading = np.array([model.acknowledgement(i.reply, i.customer, i.earlier) for i in items])
    label = np.array([i.label for i in items])
    felt = np.array([model.emotion(i.customer) for i in items])
    upset = np.array([i.emotion != "neutral" for i in items])

    def best_cut(values: np.ndarray, positive: np.ndarray) -> float:
        cuts = np.round(np.arange(0.05, 0.99, 0.01), 2)
        score = [(np.mean(values[positive] >= c) + np.mean(values[~positive] < c)) / 2 for c in cuts]
        return float(cuts[int(np.argmax(score))])

    return {
        "none": float(np.median(reading[label == 0])),
        "generic": float(np.median(reading[label == 1])),
        "full": float(np.median(reading[label >= 2.5])),
        "passes": best_cut(reading, label >= 1.5),
        "shows_feeling": best_cut(felt, upset),
    }


def rounded(document: dict) -> dict:
    """Weights to 6 significant digits: the file stays small and diffs stay readable."""

    def r(v):
        if isinstance(v, float):
            return float(f"{v:.6g}")
        if isinstance(v, list):
            return [r(x) for x in v]
        if isinstance(v, dict):
            return {k: r(x) for k, x in v.items()}
        return v

    return r(document)


def held_out_figures(model: Model, items: Sequence[CorpusItem]) -> None:
    from scipy.stats import rankdata, spearmanr

    score = np.array([model.acknowledgement(i.reply, i.customer, i.earlier) for i in items])
    label = np.array([i.label for i in items])
    length = np.array([len(i.reply.split()) for i in items])

    def partial(a, b, c):
        a, b, c = rankdata(a), rankdata(b), rankdata(c)
        ra = a - np.polyval(np.polyfit(c, a, 1), c)
        rb = b - np.polyval(np.polyfit(c, b, 1), c)
        return float(np.corrcoef(ra, rb)[0, 1])

    print(f"held-out ({', '.join(HELD_OUT_WRITERS)}): {len(items)} items")
    print(f"  Spearman rho vs mean label   {spearmanr(score, label)[0]:.3f}")
    print(f"  reply length alone           {spearmanr(length, label)[0]:.3f}")
    print(f"  partial rho, length held     {partial(score, label, length):.3f}")
    for language in ("en", "fr"):
        pick = np.array([i.language == language for i in items])
        print(f"  {language}: rho {spearmanr(score[pick], label[pick])[0]:.3f} (n={int(pick.sum())})")
    print("  mean score x3 by intended kind (mean label):")
    for kind in sorted({i.kind for i in items}):
        pick = np.array([i.kind == kind for i in items])
        print(f"    {kind:15} {3 * score[pick].mean():.2f} ({label[pick].mean():.2f})")


def parallel_figures(model: Model, items: Sequence[CorpusItem]) -> None:
    """Do a held-out reply and its translation read alike? (Spearman of the two readings.)"""
    from scipy.stats import spearmanr

    by_id = {i.id: i for i in items}
    pairs = [(by_id[i.translation_of], i) for i in items if i.translation_of in by_id]
    if not pairs:
        return
    a = [model.acknowledgement(o.reply, o.customer, o.earlier) for o, _ in pairs]
    b = [model.acknowledgement(t.reply, t.customer, t.earlier) for _, t in pairs]
    print(f"  original vs its translation  {spearmanr(a, b)[0]:.3f} (n={len(pairs)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=FOLDER)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--check", action="store_true", help="verify the weights file instead of writing it")
    args = parser.parse_args(argv)
    items = load(args.corpus, translations=True)
    training = [i for i in items if not i.held_out]
    document = rounded(train(training))
    document["calibration"] = rounded(calibrate(Model.from_dict(document), training))
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":")) + "\n"
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'matches' if same else 'DIFFERS FROM'} a retraining on {args.corpus}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1e6:.2f} MB)")
    model = Model.from_dict(document)
    held_out_figures(model, [i for i in items if i.held_out and i.translation_of is None])
    parallel_figures(model, [i for i in items if i.held_out])
    return 0


if __name__ == "__main__":
    sys.exit(main())
