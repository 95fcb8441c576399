#!/usr/bin/env python3
"""Fits the per-generation constants of data/network/defaults.yaml (overhead_us, hop_scale, efficiency) to Vidur's
measured all-reduce curves: a100_dgx and h100_dgx all_reduce.csv, 2, 4 and 8 GPUs in one node, sizes >= 1 MiB,
minimising the worst of the three median relative errors. Protocol constants are NCCL's (as in the YAML file).
A coarse grid, then a finer one around the best point. Usage: fit_vidur.py [SHARED_DIR] (default ../shared)."""
import csv, statistics, sys, os
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared')
D = os.path.join(shared, 'data/vidur/data/profiling/network/')
LINK = {'a100': 300e3, 'h100': 450e3}  # bytes per microsecond, one direction (600 and 900 GB/s bidirectional)
P = [(6.6, 0.6, 0.5), (14.0, 1.9, 0.92), (8.4, 3.4, 1.0)]  # NCCL ring: base us, NVLink hop us, bandwidth share

def load(gen):
    rows = list(csv.DictReader(open(D + gen + '_dgx/all_reduce.csv')))
    key = [k for k in rows[0] if k.endswith('.median')][0]
    return [(int(r['num_workers']), int(r['size']), float(r[key]) * 1000)
            for r in rows if r['num_workers'] == r['devices_per_node'] and int(r['size']) >= 1 << 20]

def score(data, link, o, k, e):
    errs = {2: [], 4: [], 8: []}
    for n, s, t in data:
        p = min(o + b + 2 * (n - 1) * k * h + 2 * (n - 1) / n * s / (link * e * f) for b, h, f in P)
        errs[n].append(abs(p - t) / t)
    meds = [statistics.median(errs[m]) for m in (2, 4, 8)]
    return max(meds), meds

def search(data, link, os_, ks, es):
    best = None
    for o in os_:
        for k in ks:
            for e in es:
                s, meds = score(data, link, o, k, e)
                if best is None or s < best[0]:
                    best = (s, o, k, e, meds)
    return best

for gen in ('a100', 'h100'):
    data = load(gen)
    coarse = search(data[::10], LINK[gen], range(0, 72, 4), [x / 5 for x in range(0, 16)], [x / 50 for x in range(25, 50)])
    _, o0, k0, e0, _ = coarse
    fine = search(data[::2], LINK[gen], [o0 + d for d in range(-3, 4)], [max(0, k0 + d / 20) for d in range(-3, 4)], [e0 + d / 200 for d in range(-3, 4)])
    print(gen, 'overhead_us=%g hop_scale=%g efficiency=%.3f worst-median=%.3f medians(2,4,8)=%s' % (fine[1], fine[2], fine[3], fine[0], ['%.3f' % m for m in fine[4]]))
