#!/usr/bin/env python3
"""All-reduce probe: times tensor-parallel all-reduces as serving engines run them, on one NVLink node.

Colossim's in-graph all-reduce model (src/Colossim/Network/InGraphAllReduce.cs, data/network/in-graph.yaml) borrows its
constants from published microbenchmarks (docs/network.md, "In-graph all-reduce"). This probe measures them on the
machine it runs on, for 2, 4 and 8 ranks (as many as the node has) and buffers of 64 KiB to 8 MiB of bf16:

  nccl        torch.distributed.all_reduce (NCCL), eager and captured in a CUDA graph
  symm_one    torch's symmetric-memory one-shot all-reduce (torch.ops.symm_mem.one_shot_all_reduce), in a CUDA graph
  symm_two    torch's symmetric-memory two-shot all-reduce (torch.ops.symm_mem.two_shot_all_reduce_), in a CUDA graph
  vllm        vLLM's custom all-reduce (vllm.distributed.device_communicators.custom_all_reduce), in a CUDA graph

Each backend is guarded: one that is not installed or fails is recorded as skipped with its reason, not fatal. Times
are the median over repetitions of CUDA-event timings of a graph that replays the all-reduce INNER times (the graph's
launch is divided over them), the largest median over the ranks. Run with torchrun, one process per GPU:

  torchrun --nproc_per_node 8 tools/gpu-probe/allreduce_probe.py --out probe_out
  python3 tools/gpu-probe/allreduce_probe.py --dry-run --out probe_out    # no GPU, no PyTorch: synthetic records

It writes probe_out/allreduce_probe.jsonl, one JSON object a line:
  {"kind": "allreduce", "backend": "symm_one", "ranks": 8, "bytes": 1048576, "graph": true, "time_us": 12.3,
   "gpu": "NVIDIA H100 80GB HBM3", "synthetic": false}
Colossim does not import these records yet: compare them with `data/network/in-graph.yaml` by hand (docs/network.md).
"""

import argparse
import json
import os
import sys
import time

SIZES = [64 << 10, 256 << 10, 1 << 20, 2 << 20, 4 << 20, 8 << 20]
BACKENDS = ("nccl", "symm_one", "symm_two", "vllm")
INNER = 20
REPS = 30


def synthetic_us(backend, ranks, size):
    """A stand-in time for --dry-run: the in-graph model's formula with its shipped constants (NCCL: 20 us + ring)."""
    rate = 0.60 * 450e9
    alpha = 6.7 + (ranks - 2) * 0.37
    if backend == "nccl":
        return 20.0 + 2 * (ranks - 1) / ranks * size / (0.72 * 450e9) * 1e6
    if backend == "symm_two":
        return 2 * alpha + 2 * (ranks - 1) / ranks * size / rate * 1e6
    return alpha + (ranks - 1) * size / rate * 1e6


def dry_run(ranks_list):
    records = []
    for ranks in ranks_list:
        for backend in BACKENDS:
            for size in SIZES:
                for graph in ((False, True) if backend == "nccl" else (True,)):
                    records.append({"kind": "allreduce", "backend": backend, "ranks": ranks, "bytes": size, "graph": graph,
                                    "time_us": round(synthetic_us(backend, ranks, size), 3), "gpu": "synthetic", "synthetic": True})
    return records


class Probe:
    def __init__(self, args):
        import torch
        import torch.distributed as dist

        self.torch, self.dist, self.args = torch, dist, args
        self.rank = int(os.environ.get("RANK", "0"))
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
        dist.init_process_group("nccl")
        self.gpu = torch.cuda.get_device_name()

    def time_graph(self, fn, graph, group):
        """Median of REPS timings of INNER calls (captured in one CUDA graph when graph), the largest over the ranks, us."""
        torch = self.torch
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(3):
                fn()
        torch.cuda.current_stream().wait_stream(stream)
        torch.cuda.synchronize()
        run = fn
        if graph:
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                for _ in range(INNER):
                    fn()
            run = g.replay
        times = []
        for _ in range(REPS):
            self.dist.barrier(group=group)
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            if graph:
                run()
            else:
                for _ in range(INNER):
                    run()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) * 1e3 / INNER)
        times.sort()
        median = torch.tensor([times[len(times) // 2]], device="cuda")
        self.dist.all_reduce(median, op=self.dist.ReduceOp.MAX, group=group)
        return float(median.item())

    def backend_fn(self, backend, group, cpu_group, x):
        torch, dist = self.torch, self.dist
        if backend == "nccl":
            return lambda: dist.all_reduce(x, group=group)
        if backend in ("symm_one", "symm_two"):
            import torch.distributed._symmetric_memory as symm_mem

            buf = symm_mem.empty(x.numel(), dtype=x.dtype, device=x.device)
            symm_mem.rendezvous(buf, group.group_name)
            buf.copy_(x)
            if backend == "symm_one":
                return lambda: torch.ops.symm_mem.one_shot_all_reduce(buf, "sum", group.group_name)
            return lambda: torch.ops.symm_mem.two_shot_all_reduce_(buf, "sum", group.group_name)
        if backend == "vllm":
            from vllm.distributed.device_communicators.custom_all_reduce import CustomAllreduce

            ca = CustomAllreduce(cpu_group, torch.cuda.current_device())
            if getattr(ca, "disabled", False):
                raise RuntimeError("vLLM disabled its custom all-reduce on this machine")
            self._keep = ca
            return lambda: ca.custom_all_reduce(x)
        raise ValueError(backend)

    def run(self, ranks_list, backends, budget):
        torch = self.torch
        records, began = [], time.monotonic()
        for ranks in ranks_list:
            # Every rank takes part in creating every group (torch.distributed's rule), members or not.
            group = self.dist.new_group(ranks=list(range(ranks)))
            cpu_group = self.dist.new_group(ranks=list(range(ranks)), backend="gloo")
            if self.rank >= ranks:
                self.dist.barrier()
                continue
            for backend in backends:
                for size in SIZES:
                    for graph in ((False, True) if backend == "nccl" else (True,)):
                        record = {"kind": "allreduce", "backend": backend, "ranks": ranks, "bytes": size, "graph": graph, "gpu": self.gpu, "synthetic": False}
                        if time.monotonic() - began > budget:
                            record["skipped"] = "time budget spent"
                        else:
                            try:
                                x = torch.ones(size // 2, dtype=torch.bfloat16, device="cuda")
                                record["time_us"] = round(self.time_graph(self.backend_fn(backend, group, cpu_group, x), graph, group), 3)
                            except Exception as e:  # noqa: a failing backend costs its records, not the run
                                record["skipped"] = f"{type(e).__name__}: {e}"[:300]
                        records.append(record)
            self.dist.barrier()
        return records


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=os.environ.get("OUT", "probe_out"), help="folder for allreduce_probe.jsonl (default $OUT or ./probe_out)")
    p.add_argument("--dry-run", action="store_true", help="no GPU, no PyTorch: synthetic records marked synthetic=true")
    p.add_argument("--ranks", default="2,4,8", help="comma-separated group sizes (those above the world size are left out)")
    p.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated subset of: " + ", ".join(BACKENDS))
    p.add_argument("--budget", type=float, default=float(os.environ.get("BUDGET_S", "240")), help="seconds before the rest is skipped")
    args = p.parse_args(argv)
    ranks_list = [int(r) for r in args.ranks.split(",") if r.strip()]
    backends = [b for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown or any(r < 2 for r in ranks_list):
        p.error(f"expected backends among {', '.join(BACKENDS)} and ranks of at least 2, found {args.backends!r} and {args.ranks!r}")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "allreduce_probe.jsonl")
    if args.dry_run:
        records = [r for r in dry_run(ranks_list) if r["backend"] in backends]
    else:
        probe = Probe(args)
        records = probe.run([r for r in ranks_list if r <= probe.world], backends, args.budget)
        if probe.rank != 0:
            return 0
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    print(f"wrote {len(records)} records to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
