#!/usr/bin/env python3
"""Cross-GPU error of the roofline path: predicts every Vidur per-layer profile (H100 and A100; data/profiling/compute)
with the GPU's catalog entry scaled from the H200's calibration, and reports per file the per-layer error (sum of the
measured operators of each row; median and time-weighted). Writes the Markdown table to stdout and, with --data FILE,
the table Colossim embeds (data/calibration/h200-sxm/cross-gpu-error.jsonl): per GPU the largest time-weighted layer
error over its files, the uncertainty stated with every prediction for a GPU without its own calibration.

    python3 tools/validation/cross_gpu.py ../shared/data/vidur --data data/calibration/h200-sxm/cross-gpu-error.jsonl
"""
import argparse
import glob
import json
import os
import subprocess

GPUS = {"h100": "h100-sxm", "a100": "a100-sxm-80gb"}
LAYER = "layer (sum of operators)"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("vidur", nargs="?", default="../shared/data/vidur")
    p.add_argument("--data", help="write the embedded table here")
    p.add_argument("--cli", default="dotnet run --project src/Colossim.Cli --")
    a = p.parse_args()
    rows, worst = [], {}
    for path in sorted(glob.glob(os.path.join(a.vidur, "data/profiling/compute/*/*/*/mlp.csv"))):
        parts = path.split(os.sep)
        gpu, model = GPUS.get(parts[-4]), parts[-2]
        if gpu is None or model == "phi-2":  # phi-2: LayerNorm and GELU, not the Llama layer Colossim expands
            continue
        out = subprocess.run(a.cli.split() + ["validate", "--measurements", path, "--gpu", gpu, "--format", "json"],
                             capture_output=True, text=True, check=False).stdout
        s = json.loads(out)["summary"]
        layer, ops = s[LAYER], s["all"]
        rows.append((gpu, model, layer["count"], layer["median_abs_error_pct"], layer["time_weighted_abs_error_pct"],
                     ops["time_weighted_abs_error_pct"]))
        w = worst.get(gpu)
        if w is None or layer["time_weighted_abs_error_pct"] > w[0]:
            worst[gpu] = (layer["time_weighted_abs_error_pct"], model, sum(1 for r in rows if r[0] == gpu))
    print("| GPU | model (Vidur profile) | layers | median abs error per layer | time-weighted abs error per layer | time-weighted abs error per operator |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for gpu, model, n, med, tw, op in rows:
        print(f"| {gpu} | {model} | {n} | {med:.1f}% | {tw:.1f}% | {op:.1f}% |")
    if a.data:
        with open(a.data, "w") as f:
            for gpu, (pct, model, files) in sorted(worst.items()):
                n = sum(1 for r in rows if r[0] == gpu)
                f.write(json.dumps({"kind": "cross_gpu_error", "gpu": gpu, "uncertainty_pct": round(pct, 1),
                                    "basis": f"largest time-weighted per-layer error over {n} Vidur profiles ({model})",
                                    "reference": "h200-sxm"}) + "\n")


if __name__ == "__main__":
    main()
