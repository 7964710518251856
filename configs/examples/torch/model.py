"""The reference trainer's model, checkpoints and token files (shared by train.py and evaluate.py).

Only PyTorch (1.13 or later) and numpy: a GPT-style decoder-only transformer shaped like mixlab's
proxy model (pre-norm blocks, GELU MLP, rotary or learned positions, output layer tied to the
embedding, attention kept inside each document), and readers for mixlab's OLMo and Megatron exports.
"""

import glob
import json
import math
import os
import shutil
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CHECKPOINT_FORMAT = "mixlab.torch-checkpoint/1"


class Config:
    """Model dimensions, as the command backend's placeholders give them."""

    FIELDS = ("vocab", "seq_len", "d_model", "n_layers", "n_heads", "d_mlp", "positions")

    def __init__(self, vocab, seq_len, d_model, n_layers, n_heads, d_mlp, positions):
        if d_model % n_heads:
            raise ValueError(f"n_heads {n_heads} must divide d_model {d_model}")
        if positions not in ("rotary", "learned"):
            raise ValueError(f"positions must be rotary or learned, not {positions!r}")
        self.vocab, self.seq_len = int(vocab), int(seq_len)
        self.d_model, self.n_layers, self.n_heads = int(d_model), int(n_layers), int(n_heads)
        self.d_mlp, self.positions = int(d_mlp), positions

    def as_dict(self):
        return {f: getattr(self, f) for f in self.FIELDS}

    @classmethod
    def of(cls, d):
        return cls(**{f: d[f] for f in cls.FIELDS})


def rotary_tables(seq_len, head_dim, device):
    inverse = 1.0 / (10000 ** (torch.arange(0, head_dim, 2, device=device).float() / head_dim))
    angles = torch.outer(torch.arange(seq_len, device=device).float(), inverse)
    return angles.cos(), angles.sin()


def rotate(x, cos, sin):
    # x: (batch, heads, time, head_dim); rotate each (even, odd) pair by its position's angle.
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c.n_heads
        self.norm1 = nn.LayerNorm(c.d_model)
        self.qkv = nn.Linear(c.d_model, 3 * c.d_model)
        self.proj = nn.Linear(c.d_model, c.d_model)
        self.norm2 = nn.LayerNorm(c.d_model)
        self.up = nn.Linear(c.d_model, c.d_mlp)
        self.down = nn.Linear(c.d_mlp, c.d_model)

    def forward(self, x, mask, rope):
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(d, dim=-1)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        if rope is not None:
            q, k = rotate(q, *rope), rotate(k, *rope)
        # scaled_dot_product_attention needs torch 2; this is the same computation for torch 1.13.
        scores = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)
        scores = scores.masked_fill(~mask, float("-inf"))
        attended = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(attended)
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class DecoderLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embed = nn.Embedding(c.vocab, c.d_model)
        self.position = nn.Embedding(c.seq_len, c.d_model) if c.positions == "learned" else None
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.n_layers))
        self.norm = nn.LayerNorm(c.d_model)

    def init_weights(self, seed):
        """GPT-2 initialisation from the run's seed; residual projections scaled by depth."""
        generator = torch.Generator().manual_seed(seed)
        for name, p in self.named_parameters():
            with torch.no_grad():
                if p.dim() < 2:  # LayerNorm gains 1; LayerNorm and Linear biases 0
                    p.fill_(1.0 if "norm" in name and name.endswith("weight") else 0.0)
                else:
                    std = 0.02
                    if name.endswith("proj.weight") or name.endswith("down.weight"):
                        std /= math.sqrt(2 * self.config.n_layers)
                    p.copy_(torch.randn(p.shape, generator=generator) * std)

    def forward(self, ids, documents):
        """Logits for ids (batch, time); documents (batch, time) numbers each token's document, and a
        token attends only to earlier tokens of its own document."""
        t = ids.shape[1]
        x = self.embed(ids)
        rope = None
        if self.position is not None:
            x = x + self.position(torch.arange(t, device=ids.device))
        else:
            rope = rotary_tables(t, self.config.d_model // self.config.n_heads, ids.device)
        causal = torch.ones(t, t, dtype=torch.bool, device=ids.device).tril()
        mask = (causal & (documents[:, :, None] == documents[:, None, :]))[:, None]
        for block in self.blocks:
            x = block(x, mask, rope)
        return self.norm(x) @ self.embed.weight.t()


def documents_of(ids, eos_id):
    """Document number of every token of each row: a new document starts after each EOS."""
    ends = (ids == eos_id).long()
    return torch.cumsum(ends, dim=1) - ends


def device_of(name):
    if name in (None, "", "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


# ---- token files -----------------------------------------------------------------------------

DTYPES = {"uint16": np.uint16, "uint32": np.uint32, "int32": np.int32}


class TokenStream:
    """A mixture split's tokens as one stream: the OLMo files in order, or Megatron's .bin (its
    sequences are the documents back to back, so both are the mixture's stream)."""

    def __init__(self, mixture_dir, split="train", fmt="auto"):
        with open(os.path.join(mixture_dir, "manifest.json")) as f:
            exports = json.load(f).get("exports", {})
        if fmt == "auto":
            fmt = "olmo" if "olmo" in exports else "megatron" if "megatron" in exports else None
        if fmt not in exports:
            raise SystemExit(
                f"{mixture_dir} has no {fmt or 'olmo or megatron'} export: add it to shards.formats "
                f"in the spec, or run `mixlab export {mixture_dir} --format olmo`")
        info = exports[fmt]
        self.format, self.eos_id = fmt, int(info["eos_id"])
        dtype = DTYPES[info["dtype"]]
        if fmt == "olmo":
            paths = sorted(glob.glob(os.path.join(mixture_dir, "olmo", split, "part-*.npy")))
        else:
            paths = [os.path.join(mixture_dir, "megatron", f"{split}_text_document.bin")]
        self.parts = [np.memmap(p, dtype=dtype, mode="r") for p in paths if os.path.getsize(p)]
        self.starts = np.cumsum([0] + [len(p) for p in self.parts])
        self.tokens = int(self.starts[-1])

    def read(self, start, count):
        """Tokens [start, start + count) of the stream, fewer at its end, as int64."""
        out, position, end = [], start, min(start + count, self.tokens)
        while position < end:
            i = int(np.searchsorted(self.starts, position, side="right")) - 1
            stop = min(end, int(self.starts[i + 1]))
            out.append(np.asarray(self.parts[i][position - self.starts[i]:stop - self.starts[i]]))
            position = stop
        return np.concatenate(out).astype(np.int64) if out else np.zeros(0, np.int64)


# ---- checkpoints -----------------------------------------------------------------------------


def save_checkpoint(directory, model, optimizer, state):
    """Writes model.pt, optimizer.pt and state.json into a temporary directory beside directory and
    renames it, so a checkpoint directory is always whole."""
    parent = os.path.dirname(directory)
    os.makedirs(parent, exist_ok=True)
    temporary = tempfile.mkdtemp(prefix="." + os.path.basename(directory) + ".partial-", dir=parent)
    torch.save(model.state_dict(), os.path.join(temporary, "model.pt"))
    if optimizer is not None:
        torch.save(optimizer.state_dict(), os.path.join(temporary, "optimizer.pt"))
    with open(os.path.join(temporary, "state.json"), "w") as f:
        json.dump(dict(state, format=CHECKPOINT_FORMAT, config=model.config.as_dict()), f, indent=2)
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.rename(temporary, directory)


def read_state(directory):
    path = os.path.join(directory, "state.json")
    try:
        with open(path) as f:
            state = json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"{path}: not a checkpoint of the reference trainer ({e})")
    if state.get("format") != CHECKPOINT_FORMAT:
        raise SystemExit(f"{path}: format {state.get('format')!r}, expected {CHECKPOINT_FORMAT}")
    return state


def load_model(directory, device):
    state = read_state(directory)
    model = DecoderLM(Config.of(state["config"])).to(device)
    model.load_state_dict(torch.load(os.path.join(directory, "model.pt"), map_location=device))
    return model, state
