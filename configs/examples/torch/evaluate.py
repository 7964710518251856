#!/usr/bin/env python3
"""mixlab's reference evaluator: scores a checkpoint of train.py and writes lm-evaluation-harness 0.4
results, so `mixlab eval` imports them like any harness's.

Reads mixlab's tokenized evaluation data (`{eval_data}`, written by `mixlab eval`: the held-out
documents of every source and the spec's task files, see docs/EVAL.md), and measures what mixlab's
proxy evaluator measures, the same way:
  - bits per byte and loss per source (task mixlab_bpb_<source>): each document scored as
    end-of-sequence + its tokens, every token predicted; a document longer than the window in chunks
    that keep a quarter window of preceding context; bpb = total bits / total UTF-8 bytes, stderr of
    the ratio estimator over documents;
  - multiple-choice task files (task = file name): each choice's log-likelihood after the same
    context window; acc = the most likely choice, acc_norm = the most likely per character.
Writes OUTPUT_DIR/results_<time>.json and samples_<task>_<time>.jsonl (per-question acc, acc_norm).
Only PyTorch (1.13 or later) and numpy; CUDA when there is a GPU and --device auto.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import device_of, documents_of, load_model  # noqa: E402


def arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, help="a final checkpoint directory of train.py")
    p.add_argument("--eval-data", required=True, help="mixlab's evaluation data ({eval_data})")
    p.add_argument("--output-dir", required=True)
    p.add_argument("--run", default="")
    p.add_argument("--phase", default="")
    p.add_argument("--tasks", default="", help="comma-separated task names to score (default: all)")
    p.add_argument("--device", default="auto")
    p.add_argument("--batch-tokens", type=int, default=8192, help="tokens per forward pass")
    return p.parse_args()


class Scorer:
    """Log-probabilities of continuations after contexts, batched by length."""

    def __init__(self, model, eos_id, device, batch_tokens):
        self.model, self.eos_id, self.device = model, eos_id, device
        self.window = model.config.seq_len
        self.batch_tokens = batch_tokens

    def score(self, requests):
        """requests: (context ids, continuation ids) with len(context) + len(continuation) <=
        window + 1. Returns the per-token log-probabilities of each continuation."""
        order = sorted(range(len(requests)), key=lambda i: -sum(map(len, requests[i])))
        out = [None] * len(requests)
        start = 0
        while start < len(order):
            longest = sum(map(len, requests[order[start]])) - 1
            rows = max(1, self.batch_tokens // max(1, longest))
            batch = order[start:start + rows]
            start += rows
            ids = np.full((len(batch), longest), self.eos_id, np.int64)
            for r, i in enumerate(batch):
                full = np.concatenate(requests[i])[:-1]
                ids[r, :len(full)] = full
            x = torch.from_numpy(ids).to(self.device)
            # One document per row: a row here never holds two documents (its EOS starts it).
            with torch.no_grad():
                logp = self.model(x, torch.zeros_like(documents_of(x, self.eos_id))).float()
                logp = torch.log_softmax(logp, dim=-1).cpu().numpy()
            for r, i in enumerate(batch):
                context, continuation = requests[i]
                positions = np.arange(len(context) - 1, len(context) - 1 + len(continuation))
                out[i] = logp[r, positions, np.asarray(continuation)]
        return out


def bits_per_byte(scorer, tokens, documents):
    """Scores every held-out document; returns the task's metrics and its document count."""
    window = scorer.window
    overlap = max(1, window // 4)
    chunk = window - overlap
    requests, owner = [], []
    for d, (start, end, _bytes) in enumerate(documents):
        full = np.concatenate(([scorer.eos_id], tokens[start:end])).astype(np.int64)
        position = 1
        while position < len(full):
            size = window if position == 1 else chunk
            stop = min(len(full), position + size)
            context_start = max(0, position - (1 if position == 1 else overlap))
            requests.append((full[context_start:position], full[position:stop]))
            owner.append(d)
            position = stop
    logps = scorer.score(requests)
    nats = np.zeros(len(documents))
    predicted = 0
    for d, lp in zip(owner, logps):
        nats[d] -= lp.sum()
        predicted += len(lp)
    nbytes = np.array([b for _, _, b in documents], dtype=np.float64)
    bits = nats / math.log(2)
    bpb = bits.sum() / nbytes.sum()
    n = len(documents)
    residual = bits - bpb * nbytes
    stderr = (math.sqrt((residual ** 2).sum() / (n * (n - 1))) / nbytes.mean()) if n > 1 else "N/A"
    return {"bpb,none": bpb, "bpb_stderr,none": stderr,
            "loss,none": nats.sum() / predicted, "loss_stderr,none": "N/A"}, n


def multiple_choice(scorer, questions):
    """acc and acc_norm of each question, its choices after the same context window."""
    requests, index = [], []
    for q in questions:
        longest = max(len(c) for c in q["choices"])
        context = np.asarray(q["context"], np.int64)[-(scorer.window + 1 - longest):]
        for c in q["choices"]:
            index.append(len(requests))
            requests.append((context, np.asarray(c, np.int64)))
    logps = scorer.score(requests)
    acc, acc_norm, k = [], [], 0
    for q in questions:
        totals = [float(logps[k + c].sum()) for c in range(len(q["choices"]))]
        k += len(q["choices"])
        per_char = [t / max(1, n) for t, n in zip(totals, q["choice_chars"])]
        acc.append(float(int(np.argmax(totals)) == q["gold"]))
        acc_norm.append(float(int(np.argmax(per_char)) == q["gold"]))
    return acc, acc_norm


def stderr(values):
    return float(np.std(values, ddof=1) / math.sqrt(len(values))) if len(values) > 1 else "N/A"


def main():
    a = arguments()
    device = device_of(a.device)
    model, state = load_model(a.checkpoint, device)
    model.eval()
    with open(os.path.join(a.eval_data, "eval-data.json")) as f:
        data = json.load(f)
    if data.get("format") != "mixlab.eval-data/1":
        raise SystemExit(f"{a.eval_data}: not mixlab evaluation data (format {data.get('format')!r})")
    if model.config.vocab < data["vocab"]:
        raise SystemExit(f"{a.checkpoint}: the model has {model.config.vocab} token ids, the "
                         f"evaluation data's tokenizer {data['vocab']}: not the same tokenizer")
    wanted = set(filter(None, a.tasks.split(",")))
    scorer = Scorer(model, int(data["eos_id"]), device, a.batch_tokens)
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S", time.gmtime()) + ".%06d" % (time.time() % 1 * 1e6)
    results, higher, n_samples, samples = {}, {}, {}, {}
    started = time.time()
    for source, info in data["heldout"].items():
        task = "mixlab_bpb_" + source
        if wanted and task not in wanted:
            continue
        tokens = np.fromfile(os.path.join(a.eval_data, info["tokens_file"]), dtype="<i4").astype(np.int64)
        documents = np.loadtxt(os.path.join(a.eval_data, info["documents_file"]), delimiter=",",
                               skiprows=1, usecols=(0, 1, 2), dtype=np.int64, ndmin=2)
        metrics, n = bits_per_byte(scorer, tokens, [tuple(d) for d in documents])
        results[task] = dict(alias=task, **metrics)
        higher[task] = {"bpb": False, "loss": False}
        n_samples[task] = {"original": n, "effective": n}
        print(f"{task}: {metrics['bpb,none']:.4f} bits per byte over {n} documents", flush=True)
    for task, info in data["tasks"].items():
        if wanted and task not in wanted:
            continue
        with open(os.path.join(a.eval_data, info["file"])) as f:
            questions = [json.loads(line) for line in f if line.strip()]
        acc, acc_norm = multiple_choice(scorer, questions)
        results[task] = {"alias": task, "acc,none": float(np.mean(acc)), "acc_stderr,none": stderr(acc),
                         "acc_norm,none": float(np.mean(acc_norm)),
                         "acc_norm_stderr,none": stderr(acc_norm)}
        higher[task] = {"acc": True, "acc_norm": True}
        n_samples[task] = {"original": len(questions), "effective": len(questions)}
        samples[task] = [{"doc_id": i, "filter": "none", "metrics": ["acc", "acc_norm"],
                          "acc": x, "acc_norm": y} for i, (x, y) in enumerate(zip(acc, acc_norm))]
        print(f"{task}: acc {np.mean(acc):.3f} acc_norm {np.mean(acc_norm):.3f} "
              f"over {len(questions)} questions", flush=True)
    if not results:
        raise SystemExit(f"nothing to score: no held-out source or task file in {a.eval_data}"
                         + (f" matches --tasks {a.tasks}" if wanted else ""))
    os.makedirs(a.output_dir, exist_ok=True)
    for task, lines in samples.items():
        with open(os.path.join(a.output_dir, f"samples_{task}_{stamp}.jsonl"), "w") as f:
            f.writelines(json.dumps(line) + "\n" for line in lines)
    report = {
        "results": results, "higher_is_better": higher, "n-samples": n_samples,
        "versions": {task: 1 for task in results},
        "config": {"model": "mixlab-torch-reference", "model_args": f"checkpoint={a.checkpoint}",
                   "run": a.run, "phase": a.phase, "device": str(device),
                   "step": state.get("run_step"), "seconds": round(time.time() - started, 1)},
    }
    final = os.path.join(a.output_dir, f"results_{stamp}.json")
    with open(final + ".tmp", "w") as f:
        json.dump(report, f, indent=2)
    os.replace(final + ".tmp", final)  # written last: a results file is always whole
    print(f"results: {final}", flush=True)


if __name__ == "__main__":
    main()
