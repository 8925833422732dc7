"""Writes seeds as long as a fuzz target's cap (scripts/fuzz.sh): a trace file of many keys,
a recipe of many lines. Idempotent: a seed already written is left as it is."""
import json
import os
import sys

target, max_len, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def write(name, text):
    path = os.path.join(corpus, name)
    data = text.encode()[:max_len]
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


if target == "python_trace":
    # Distinct keys in one object: what made a reader that compared every key with every
    # earlier one quadratic; then spans, as many as fit.
    keys = {f"k{i}": i for i in range(max_len // 16)}
    write("big-keys.json", json.dumps(keys))
    spans = [[0, i, 0, "cpu", i, i + 0.5] for i in range(max_len // 32)]
    trace = {"format": "interleave-python-trace", "version": 1, "spans": spans}
    write("big-spans.json", json.dumps(trace))
elif target == "recipe":
    # A whole recipe within 16 KB: long comments, then its tasks at the very end.
    task = "4 × cpu 1ms → io 1ms → count hits 10 with yield → lock A → unlock A\n"
    comments = "# " + "x" * 76 + "\n"
    write("big-recipe.txt", comments * ((max_len - 4 * len(task)) // len(comments)) + task * 4)
