#!/usr/bin/env python3
"""Derives the H200's fused memory-bound kernels (RMSNorm, SiLU-and-multiply, RoPE as vLLM runs them) from Vidur's
measured per-layer operator times on the H100 and the A100, mapped to the H200 through the roofline ratio.

CROSS-GPU: no fused kernel has been timed on an H200 yet (tools/gpu-probe's `fused` section does it; run it on a GPU
session and import its records, which then replace this table). Each Vidur time t on a GPU with catalog bandwidth B is
mapped to the H200 as the roofline path of Colossim maps any kernel: the per-kernel part g (the H200's CUDA-graph time
of one tiny kernel, from the shipped launch records) stays, the rest scales by B / B_H200 (catalog bandwidths). On the
H200-equivalent times it fits, per op:

* floor(width) = a + b * width: least squares over the rows with at most 8 tokens (one thread block per token: the
  time of a near-empty kernel grows with the row it walks);
* bytes per element: the median over rows of at least 2^24 elements of t * (H200 copy bandwidth) / elements.

The model is then t = max(floor(width), elements * bytes_per_element / bandwidth). Writes JSON Lines to stdout.

    python3 tools/validation/derive_fused.py ../shared/data/vidur > data/calibration/h200-sxm/fused-kernels.jsonl
"""
import csv
import glob
import json
import os
import statistics
import sys

BANDWIDTH = {"h100": 3.35e12, "a100": 2.039e12, "h200": 4.8e12}  # catalog (data/catalog/gpus.yaml)
COPY_H200 = 4271.102180191758e9  # membw copy record of data/calibration/h200-sxm/microbench.jsonl
GRAPH_US = 0.8761651296776634    # median of the graph launch records of data/calibration/h200-sxm/probe-gpu-times.jsonl

OPS = {
    # Colossim op: (Vidur columns, width of a row)
    "fused_rmsnorm": (("input_layernorm", "post_attention_layernorm"), lambda r: r["h"]),
    "fused_silu_mul": (("mlp_act",), lambda r: r["inter"] // r["tp"]),
    "rope": (("attn_rope",), lambda r: (r["hq"] + r["hkv"]) // r["tp"] * (r["h"] // r["hq"])),
}


def rows(root):
    for path in sorted(glob.glob(os.path.join(root, "data/profiling/compute/*/*/*/mlp.csv"))):
        gpu = path.split(os.sep)[-4]
        model = path.split(os.sep)[-2]
        if gpu not in BANDWIDTH or model == "phi-2":  # phi-2 uses LayerNorm and a plain GELU MLP
            continue
        for r in csv.DictReader(open(path)):
            yield gpu, model, dict(h=int(r["n_embd"]), inter=int(r["n_expanded_embd"]), hq=int(r["n_head"]),
                                   hkv=max(1, int(r["n_kv_head"])), tp=int(r["num_tensor_parallel_workers"]),
                                   T=int(r["num_tokens"])), r


def main(root):
    samples = {op: [] for op in OPS}
    files = set()
    for gpu, model, r, raw in rows(root):
        files.add(f"{gpu}/{model}")
        for op, (cols, width) in OPS.items():
            for c in cols:
                v = raw.get(f"time_stats.{c}.median", "")
                if v == "" or float(v) <= 0:
                    continue
                t_us = float(v) * 1e3
                t_h200 = GRAPH_US + max(t_us - GRAPH_US, 0) * BANDWIDTH[gpu] / BANDWIDTH["h200"]
                samples[op].append((gpu, r["T"], width(r), t_h200))
    for op, pts in samples.items():
        small = [(w, t) for g, T, w, t in pts if T <= 8]
        n = len(small)
        mw = sum(w for w, _ in small) / n
        mt = sum(t for _, t in small) / n
        b = sum((w - mw) * (t - mt) for w, t in small) / sum((w - mw) ** 2 for w, _ in small)
        a = mt - b * mw
        big = [t * 1e-6 * COPY_H200 / (T * w) for g, T, w, t in pts if T * w >= 2 ** 24]
        bpe = statistics.median(big)
        print(json.dumps({"kind": "fused_kernel", "op": op, "bytes_per_element": round(bpe, 3),
                          "floor_us": round(a, 3), "floor_us_per_width": round(b, 9),
                          "samples": len(pts), "floor_samples": n, "bandwidth_samples": len(big),
                          "cross_gpu": True,
                          "source": "Vidur mlp.csv medians (" + ", ".join(sorted(files)) + ") mapped to h200-sxm by the roofline ratio"}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/vidur")
