"""Independent reader of mixlab's Megatron and OLMo exports, written from the formats' descriptions
(Megatron-core's indexed dataset: docs and the header layout of megatron/core/datasets/indexed_dataset.py;
OLMo-core's numpy token arrays: headerless little-endian ids, EOS-separated documents). numpy only.

usage: python3 token_files.py EXPECTATIONS.json

EXPECTATIONS.json, written by the Java test from the Parquet shards (read with DuckDB):
  mixture: the mixture directory; eos_id; megatron / olmo: {"dtype": ..., ["file_tokens": N]} or null;
  splits: {split: {"sources": {source: {"stream": raw int32 file of the source's row tokens in stream
  order, "padded": padding tokens at its end, "documents": N}}, "document_sources": text file, one
  source per document in the order of the documents' first tokens}}.
Exits 1 with the first failed check; prints one line per check and a summary.
"""
import csv
import gzip
import io
import json
import os
import struct
import sys

import numpy as np

MEGATRON_DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64,
                   6: np.float64, 7: np.float32, 8: np.uint16}
passed = 0


def check(condition, what):
    global passed
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    passed += 1
    print("ok: " + what)


def documents_csv(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = list(csv.reader(io.StringIO(f.read())))
    check(rows[0] == ["start", "end", "source"], f"{os.path.basename(path)} has the header start,end,source")
    return [(int(a), int(b), s) for a, b, s in rows[1:]]


def read_megatron(prefix):
    """Returns (tokens array, list of sequences as (offset, length))."""
    with open(prefix + ".idx", "rb") as f:
        index = f.read()
    check(index[:9] == b"MMIDIDX\x00\x00", "idx magic MMIDIDX\\0\\0")
    version, = struct.unpack_from("<Q", index, 9)
    check(version == 1, "idx version 1")
    code, = struct.unpack_from("<B", index, 17)
    dtype = MEGATRON_DTYPES[code]
    sequences, documents = struct.unpack_from("<QQ", index, 18)
    offset = 34
    lengths = np.frombuffer(index, dtype=np.int32, count=sequences, offset=offset)
    offset += lengths.nbytes
    pointers = np.frombuffer(index, dtype=np.int64, count=sequences, offset=offset)
    offset += pointers.nbytes
    document_index = np.frombuffer(index, dtype=np.int64, count=documents, offset=offset)
    offset += document_index.nbytes
    check(offset == len(index), f"idx is exactly header + {sequences} lengths, pointers and {documents} document indices")
    itemsize = np.dtype(dtype).itemsize
    expected_pointers = np.concatenate([[0], np.cumsum(lengths.astype(np.int64))[:-1]]) * itemsize
    check(np.array_equal(pointers, expected_pointers[:sequences]), "pointers are the byte offsets of back-to-back sequences")
    check(documents == sequences + 1 and document_index[0] == 0 and document_index[-1] == sequences
          and np.array_equal(document_index, np.arange(sequences + 1)),
          "document index 0..N: one sequence per document, ending at the sequence count")
    tokens = np.memmap(prefix + ".bin", dtype=dtype, mode="r")
    check(tokens.size == int(lengths.sum()) and os.path.getsize(prefix + ".bin") == tokens.size * itemsize,
          f".bin holds exactly the {int(lengths.sum())} tokens the lengths sum to")
    return np.dtype(dtype), tokens, lengths


def verify_documents(label, tokens, bounds, split, expected, eos):
    """bounds: [(start, end, source)] over tokens; checks order, sources, per-source streams, EOS."""
    order = open(split["document_sources"], encoding="utf-8").read().split("\n")[:-1]
    check([s for _, _, s in bounds] == order,
          f"{label}: {len(bounds)} documents in the order of their first tokens in the Parquet stream")
    position = 0
    for start, end, _ in bounds:
        if start != position:
            check(False, f"{label}: documents are contiguous (a document starts at {start}, expected {position})")
        position = end
    check(position == tokens.size, f"{label}: the documents cover all {tokens.size} tokens")
    for source, want in split["sources"].items():
        stream = np.fromfile(want["stream"], dtype=np.int32)
        if want["padded"]:
            stream = stream[: stream.size - want["padded"]]
        mine = [(a, b) for a, b, s in bounds if s == source]
        got = np.concatenate([np.asarray(tokens[a:b], dtype=np.int64) for a, b in mine]) if mine else np.zeros(0, np.int64)
        check(got.size == stream.size,
              f"{label}: source {source} has {got.size} tokens, the Parquet rows {stream.size} minus padding")
        check(np.array_equal(got, stream.astype(np.int64)),
              f"{label}: source {source}'s documents are its Parquet rows' tokens in order, padding excluded")
        check(len(mine) == want["documents"], f"{label}: source {source} has {want['documents']} documents")
        ends = [int(tokens[b - 1]) for a, b in mine]
        inner = sum(int(np.count_nonzero(np.asarray(tokens[a:b - 1]) == eos)) for a, b in mine)
        check(sum(1 for e in ends if e != eos) <= 1 and inner == 0,
              f"{label}: source {source}: every document ends with EOS {eos} (but at most one cut by the budget) and holds no other")


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    mixture, eos = spec["mixture"], spec["eos_id"]
    for name, split in spec["splits"].items():
        if spec.get("megatron"):
            prefix = os.path.join(mixture, "megatron", f"{name}_text_document")
            dtype, tokens, lengths = read_megatron(prefix)
            check(dtype.name == spec["megatron"]["dtype"], f"megatron {name}: dtype {dtype.name}")
            bounds = documents_csv(prefix + ".documents.csv.gz")
            offsets = np.concatenate([[0], np.cumsum(lengths.astype(np.int64))])
            check([(a, b) for a, b, _ in bounds] == list(zip(offsets[:-1].tolist(), offsets[1:].tolist())),
                  f"megatron {name}: the document list matches the index")
            verify_documents(f"megatron {name}", tokens, bounds, split, spec, eos)
        if spec.get("olmo"):
            directory = os.path.join(mixture, "olmo", name)
            dtype = np.dtype(spec["olmo"]["dtype"]).newbyteorder("<")
            parts = sorted(f for f in os.listdir(directory) if f.endswith(".npy"))
            check(parts == [f"part-{i:05d}.npy" for i in range(len(parts))], f"olmo {name}: files part-00000.npy.. in order")
            arrays, bounds, base = [], [], 0
            for i, part in enumerate(parts):
                path = os.path.join(directory, part)
                array = np.memmap(path, dtype=dtype, mode="r")
                check(os.path.getsize(path) == array.size * dtype.itemsize, f"olmo {part}: headerless {dtype.name} array")
                if i < len(parts) - 1:
                    check(array.size == spec["olmo"]["file_tokens"], f"olmo {name}/{part}: {array.size} tokens, the file size")
                else:
                    check(0 < array.size <= spec["olmo"]["file_tokens"], f"olmo {name}/{part}: last file, at most the file size")
                for a, b, s in documents_csv(path[: -len(".npy")] + ".csv.gz"):
                    # a piece is cut by its file's end when it ends there without EOS (only a source's
                    # budget-cut last document also lacks EOS, and nothing of its source follows it)
                    cut = b == array.size and int(array[b - 1]) != eos
                    if a == 0 and bounds and bounds[-1][3] and bounds[-1][1] == base and bounds[-1][2] == s:
                        bounds[-1] = (bounds[-1][0], base + b, s, cut)  # continued from the previous file
                    else:
                        bounds.append((base + a, base + b, s, cut))
                arrays.append(np.asarray(array))
                base += array.size
            tokens = np.concatenate(arrays) if arrays else np.zeros(0, dtype)
            verify_documents(f"olmo {name}", tokens, [(a, b, s) for a, b, s, _ in bounds], split, spec, eos)
            if spec.get("megatron"):
                megatron = np.memmap(os.path.join(mixture, "megatron", f"{name}_text_document.bin"),
                                     dtype=np.dtype(spec["megatron"]["dtype"]), mode="r")
                check(np.array_equal(np.asarray(megatron, dtype=np.int64), tokens.astype(np.int64)),
                      f"olmo {name}: the same token stream as the Megatron export")
    print(f"{passed} passed, 0 failed")


main()
