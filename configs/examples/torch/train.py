#!/usr/bin/env python3
"""mixlab's reference PyTorch trainer: one phase of one run, from the command backend's placeholders.

Reads the mixture's OLMo export (or its Megatron export) as one token stream in mixture order:
optimizer step s of a phase trains on rows start_row + s * batch_size ... of seq_len tokens, so every
prefix of the phase has the mixture's proportions. Writes metrics.csv in mixlab's schema (step and
tokens counted over the whole run), in-phase checkpoints every --checkpoint-every steps and the
phase's final checkpoint; resumes an interrupted phase from its last in-phase checkpoint, continues
--previous-phase (weights and AdamW state) or starts from --init-checkpoint (weights only). Runs on
CUDA when there is a GPU, otherwise on the CPU. Only PyTorch (1.13 or later) and numpy.

Usage: see configs/examples/torch.yaml (every flag is one placeholder) and docs/TRAINING.md.
"""

import argparse
import glob
import os
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import (  # noqa: E402
    Config, DecoderLM, TokenStream, device_of, documents_of, read_state, save_checkpoint)

HEADER = "phase,step,tokens,loss,lr,tokens_per_s,mfu"


def arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a = p.add_argument
    a("--run-id", required=True)
    a("--phase", required=True)
    a("--run-dir", required=True)
    a("--mixture-dir", required=True)
    a("--checkpoint-dir", required=True)
    a("--metrics-csv", required=True)
    a("--previous-phase", default="", help="the run's phase this one continues (empty: none)")
    a("--init-checkpoint", default="", help="another run's final checkpoint (empty: none)")
    a("--tokens", type=int, required=True)
    a("--start-row", type=int, default=0, help="first row of the mixture this phase trains on")
    a("--seq-len", type=int, required=True)
    a("--batch-size", type=int, required=True)
    a("--vocab", type=int, required=True)
    a("--d-model", type=int, required=True)
    a("--n-layers", type=int, required=True)
    a("--n-heads", type=int, required=True)
    a("--d-mlp", type=int, required=True)
    a("--positions", default="rotary")
    a("--lr-schedule", default="cosine", choices=["cosine", "constant", "linear"])
    a("--lr-peak", type=float, required=True)
    a("--lr-min", type=float, default=0.0)
    a("--warmup-steps", type=int, default=0)
    a("--weight-decay", type=float, default=0.1)
    a("--grad-clip", type=float, default=1.0)
    a("--seed", type=int, default=0)
    a("--checkpoint-every", type=int, default=50)
    a("--log-every", type=int, default=10)
    a("--format", default="auto", choices=["auto", "olmo", "megatron"], help="which export to read")
    a("--device", default="auto", help="auto (CUDA when available), cpu, cuda, cuda:1, ...")
    return p.parse_args()


def learning_rate(a, step, steps):
    """mixlab's schedule (LrSchedule.at): warmup reaches the peak at its last step, the decay
    reaches the floor exactly at the phase's last step."""
    if a.warmup_steps > 0 and step < a.warmup_steps:
        return a.lr_peak * (step + 1) / a.warmup_steps
    progress = min(1.0, (step - a.warmup_steps) / max(1, steps - a.warmup_steps - 1))
    if a.lr_schedule == "constant":
        return a.lr_peak
    if a.lr_schedule == "linear":
        return a.lr_peak + (a.lr_min - a.lr_peak) * progress
    return a.lr_min + 0.5 * (a.lr_peak - a.lr_min) * (1 + np.cos(np.pi * progress))


def optimizer_of(model, a):
    """AdamW as mixlab's proxy: decay on matrices and embeddings, not on biases and norms."""
    decayed = [p for p in model.parameters() if p.dim() >= 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW(
        [{"params": decayed, "weight_decay": a.weight_decay}, {"params": other, "weight_decay": 0.0}],
        lr=a.lr_peak, betas=(0.9, 0.95), eps=1e-8)


def latest_step_checkpoint(checkpoint_dir):
    steps = sorted(glob.glob(os.path.join(checkpoint_dir, "step-[0-9]*")))
    return steps[-1] if steps else None


def keep_metrics(path, phase, through_step):
    """Drops this phase's rows logged after through_step (a resumed or restarted phase logs them
    again), so every step appears once."""
    if not os.path.exists(path):
        return
    with open(path) as f:
        lines = f.read().splitlines()
    kept = [lines[0]] + [
        line for line in lines[1:]
        if line.split(",")[0] != phase or int(line.split(",")[1]) <= through_step]
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(kept) + "\n")
    os.replace(path + ".tmp", path)


def append_metrics(path, row):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a") as f:
        if new:
            f.write(HEADER + "\n")
        f.write("%s,%d,%d,%.6f,%.6e,%.1f,\n" % row)


def main():
    a = arguments()
    torch.manual_seed(a.seed)
    device = device_of(a.device)
    config = Config(a.vocab, a.seq_len, a.d_model, a.n_layers, a.n_heads, a.d_mlp, a.positions)
    model = DecoderLM(config).to(device)
    model.init_weights(a.seed)
    optimizer = optimizer_of(model, a)
    rows = -(-a.tokens // a.seq_len)
    steps = -(-rows // a.batch_size)
    final_dir = os.path.join(a.checkpoint_dir, "final")

    # Where the phase starts: its own last in-phase checkpoint, the previous phase's end, another
    # run's checkpoint, or scratch. Step and tokens of metrics.csv continue over the whole run.
    resume = latest_step_checkpoint(a.checkpoint_dir)
    base_step = base_tokens = first_step = 0
    if resume:
        state = read_state(resume)
        model.load_state_dict(torch.load(os.path.join(resume, "model.pt"), map_location=device))
        optimizer.load_state_dict(torch.load(os.path.join(resume, "optimizer.pt"), map_location=device))
        first_step = state["phase_step"]
        base_step, base_tokens = state["run_step"] - first_step, state["phase_base_tokens"]
        print(f"resuming phase {a.phase} from {resume} (step {first_step} of {steps})", flush=True)
    elif a.previous_phase:
        previous = os.path.join(a.run_dir, "checkpoints", a.previous_phase, "final")
        state = read_state(previous)
        model.load_state_dict(torch.load(os.path.join(previous, "model.pt"), map_location=device))
        optimizer.load_state_dict(torch.load(os.path.join(previous, "optimizer.pt"), map_location=device))
        base_step, base_tokens = state["run_step"], state["run_tokens"]
        print(f"phase {a.phase} continues {a.previous_phase} (weights and optimizer)", flush=True)
    elif a.init_checkpoint:
        read_state(a.init_checkpoint)
        model.load_state_dict(
            torch.load(os.path.join(a.init_checkpoint, "model.pt"), map_location=device))
        print(f"phase {a.phase} starts from {a.init_checkpoint} (weights only)", flush=True)
    keep_metrics(a.metrics_csv, a.phase, base_step + first_step)

    stream = TokenStream(a.mixture_dir, "train", a.format)
    first_token = a.start_row * a.seq_len
    if first_token + a.tokens > stream.tokens:
        raise SystemExit(
            f"{a.mixture_dir}: the {stream.format} export holds {stream.tokens} tokens, the phase needs "
            f"{a.tokens} from row {a.start_row}; rebuild the mixture with a larger budget")
    print(f"phase {a.phase}: {steps} steps of {a.batch_size} x {a.seq_len} tokens from the "
          f"{stream.format} export on {device}", flush=True)

    phase_tokens = first_step * a.batch_size * a.seq_len
    logged_at, logged_tokens = time.time(), phase_tokens
    for step in range(first_step, steps):
        lr = learning_rate(a, step, steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        batch_rows = min(a.batch_size, rows - step * a.batch_size)
        inputs, targets = [], []
        for r in range(batch_rows):
            row = step * a.batch_size + r
            end = min(first_token + a.tokens, first_token + (row + 1) * a.seq_len + 1)
            chunk = stream.read(first_token + row * a.seq_len, end - first_token - row * a.seq_len)
            x = np.full(a.seq_len, stream.eos_id, np.int64)
            y = np.full(a.seq_len, -100, np.int64)
            x[:len(chunk) - 1], y[:len(chunk) - 1] = chunk[:-1], chunk[1:]
            inputs.append(x)
            targets.append(y)
        x = torch.from_numpy(np.stack(inputs)).to(device)
        y = torch.from_numpy(np.stack(targets)).to(device)
        logits = model(x, documents_of(x, stream.eos_id))
        loss = F.cross_entropy(logits.reshape(-1, config.vocab), y.reshape(-1), ignore_index=-100)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), a.grad_clip)
        optimizer.step()
        phase_tokens += int((y != -100).sum())
        done = step + 1
        if done == 1 or done == steps or done % a.log_every == 0:
            now = time.time()
            speed = (phase_tokens - logged_tokens) / max(now - logged_at, 1e-9)
            logged_at, logged_tokens = now, phase_tokens
            append_metrics(a.metrics_csv, (a.phase, base_step + done, base_tokens + phase_tokens,
                                           loss.item(), lr, speed))
            print(f"step {done}/{steps} loss {loss.item():.4f} lr {lr:.3e} {speed:.0f} tokens/s",
                  flush=True)
        state = {"run_id": a.run_id, "phase": a.phase, "phase_step": done, "phase_steps": steps,
                 "run_step": base_step + done, "run_tokens": base_tokens + phase_tokens,
                 "phase_base_tokens": base_tokens, "seed": a.seed, "eos_id": stream.eos_id}
        if done == steps:
            save_checkpoint(final_dir, model, optimizer, state)
        elif done % a.checkpoint_every == 0:
            older = latest_step_checkpoint(a.checkpoint_dir)
            save_checkpoint(os.path.join(a.checkpoint_dir, "step-%07d" % done), model, optimizer, state)
            if older:
                shutil.rmtree(older)
    for older in glob.glob(os.path.join(a.checkpoint_dir, "step-[0-9]*")):
        shutil.rmtree(older)
    print(f"phase {a.phase} done: final checkpoint {final_dir}", flush=True)


if __name__ == "__main__":
    main()
