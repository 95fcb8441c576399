#!/usr/bin/env python3
"""Colossim GPU probe: measure one GPU's kernels so that Colossim's performance model can use them.

Run it on the GPU you want to model, then import what it wrote:

    python3 tools/gpu-probe/gpu_probe.py --out probe_out            # full run (about 5-10 minutes)
    python3 tools/gpu-probe/gpu_probe.py --out probe_out --quick    # a smaller grid (about 2-3 minutes)
    colossim calibrate import probe_out/gpu_probe.jsonl --gpu my-gpu

The method is the one of Colossim's reference measurements (shared/calibration/probe-method.py): every time is the
median, over several samples, of milliseconds per call measured with CUDA events around back-to-back calls. In
addition this probe

* times small kernels a second time inside a CUDA graph (``ms_graph``): eager timings of kernels shorter than the
  host's dispatch time measure the host, not the GPU, and serving engines replay decode steps as graphs;
* rotates over enough copies of the weights (or KV cache) that the working set exceeds the GPU's L2 cache, as in a
  real step where every layer reads different weights;
* measures the launch overheads themselves (``launch`` records): host dispatch time of one eager PyTorch op of each
  kind, and the GPU time of one tiny kernel replayed in a CUDA graph;
* measures memory-bound elementwise kernels (``elementwise`` records) across sizes.

Every section is guarded: a failure is recorded (``section_error``/``case_error``) and the next section runs. A time
budget (``--budget``) stops the probe early rather than losing everything. Output: one JSON object per line.

``--dry-run`` needs no PyTorch: it writes the records the probe would write, with synthetic times from a simple
roofline (marked ``"synthetic": true``), to test an import pipeline. ``--device cpu`` runs the real code on the CPU
with tiny shapes (no CUDA events or graphs), to test the probe itself.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
import traceback

MODELS = {
    # name: hidden, intermediate, q heads, kv heads, head dim, layers, vocab (as shared/calibration/README.md)
    "llama3.2-1b": dict(h=2048, inter=8192, hq=32, hkv=8, hd=64, layers=16, vocab=128256),
    "llama3-8b": dict(h=4096, inter=14336, hq=32, hkv=8, hd=128, layers=32, vocab=128256),
    "llama3-70b": dict(h=8192, inter=28672, hq=64, hkv=8, hd=128, layers=80, vocab=128256),
    "llama3-405b": dict(h=16384, inter=53248, hq=128, hkv=8, hd=128, layers=126, vocab=128256),
    "mixtral-8x7b": dict(h=4096, inter=14336, hq=32, hkv=8, hd=128, layers=32, vocab=32000, experts=8, topk=2),
    "grok-1": dict(h=6144, inter=32768, hq=48, hkv=8, hd=128, layers=64, vocab=131072, experts=8, topk=2),
}

L2_BYTES = 50 * 1024 ** 2  # H100/H200: 50 MiB; rotating over 3x this defeats the cache on any current GPU


def shard(m, tp):
    return dict(m, hq=m["hq"] // tp, hkv=max(1, m["hkv"] // tp), inter=m["inter"] // tp, vocab=m["vocab"] // tp)


def layer_gemms(m):
    h, hd = m["h"], m["hd"]
    return {
        "qkv": ((m["hq"] + 2 * m["hkv"]) * hd, h),
        "o": (h, m["hq"] * hd),
        "gate_up": (2 * m["inter"], h),
        "down": (h, m["inter"]),
    }


class Probe:
    def __init__(self, args):
        self.args = args
        os.makedirs(args.out, exist_ok=True)
        self.sink = open(os.path.join(args.out, "gpu_probe.jsonl"), "a")
        self.t0 = time.time()
        self.quick = args.quick
        self.cpu = args.device == "cpu"
        self.dry = args.dry_run
        if not self.dry:
            import torch  # noqa: imported here so that --dry-run needs no PyTorch
            import torch.nn.functional as F
            self.torch, self.F = torch, F
            self.dev = "cpu" if self.cpu else "cuda"
            self.bf16 = torch.bfloat16 if not self.cpu else torch.float32

    # ---- plumbing -------------------------------------------------------------------------------------------------
    def emit(self, kind, **kw):
        rec = {"kind": kind, **kw}
        if self.dry:
            rec["synthetic"] = True
        self.sink.write(json.dumps(rec) + "\n")
        self.sink.flush()

    def left(self):
        return self.args.budget - (time.time() - self.t0)

    def guard(self, label, fn):
        try:
            fn()
        except Exception as ex:  # record and go on with the next case
            self.emit("case_error", case=label, error=repr(ex)[:500])
            self.empty_cache()

    def empty_cache(self):
        if not self.dry and not self.cpu:
            self.torch.cuda.empty_cache()

    def sync(self):
        if not self.dry and not self.cpu:
            self.torch.cuda.synchronize()

    def timed(self, fn, target_ms=20.0, samples=5):
        """Median milliseconds of one call of fn over back-to-back calls (CUDA events; perf_counter on the CPU)."""
        for _ in range(2):
            fn()
        if self.cpu:
            t = time.perf_counter(); fn(); one = max((time.perf_counter() - t) * 1e3, 1e-3)
            reps = max(1, min(200, int(target_ms / one)))
            res = []
            for _ in range(samples):
                t = time.perf_counter()
                for _ in range(reps):
                    fn()
                res.append((time.perf_counter() - t) * 1e3 / reps)
            res.sort()
            return res[len(res) // 2], reps
        torch = self.torch
        torch.cuda.synchronize()
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record(); fn(); e.record(); e.synchronize()
        one = max(s.elapsed_time(e), 1e-3)
        reps = max(1, min(2000, int(target_ms / one)))
        res = []
        for _ in range(samples):
            s.record()
            for _ in range(reps):
                fn()
            e.record(); e.synchronize()
            res.append(s.elapsed_time(e) / reps)
        res.sort()
        return res[len(res) // 2], reps

    def graph_timed(self, fns, samples=5):
        """GPU milliseconds per call: the calls in fns (one per weight copy, cycled) captured in one CUDA graph."""
        if self.cpu:
            return None
        torch = self.torch
        inner = max(len(fns), 12)
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for f in fns:
                f()
        torch.cuda.current_stream().wait_stream(s)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            for i in range(inner):
                fns[i % len(fns)]()
        ms, _ = self.timed(g.replay, target_ms=10, samples=samples)
        del g
        return ms / inner

    def section(self, name, fn):
        if self.left() < 5:
            self.emit("skipped", section=name, reason="time budget")
            return
        t = time.time()
        try:
            fn()
            self.emit("section_done", section=name, seconds=round(time.time() - t, 2))
        except Exception as ex:  # keep going: a later section may still work
            self.emit("section_error", section=name, error=repr(ex)[:500], trace=traceback.format_exc()[-2000:])
        finally:
            self.empty_cache()

    def scale(self, n):
        """Shapes shrink by 64x on the CPU so that --device cpu finishes in seconds."""
        return max(1, n // 64) if self.cpu else n

    # ---- synthetic times for --dry-run ------------------------------------------------------------------------
    @staticmethod
    def synthetic_ms(flops, byts):
        return 0.005 + max(flops / 700e12, byts / 4.0e12) * 1e3

    # ---- sections -------------------------------------------------------------------------------------------------
    def device(self):
        if self.dry:
            self.emit("device", name="Synthetic GPU", sms=132, mem_bytes=141 * 10 ** 9, torch=None, cuda=None,
                      python=sys.version.split()[0])
            return
        torch = self.torch
        if self.cpu:
            self.emit("device", name="cpu", sms=os.cpu_count(), mem_bytes=None, torch=torch.__version__, cuda=None,
                      python=sys.version.split()[0])
            return
        p = torch.cuda.get_device_properties(0)
        self.emit("device", name=p.name, sms=p.multi_processor_count, mem_bytes=p.total_memory,
                  l2_bytes=getattr(p, "L2_cache_size", None), torch=torch.__version__, cuda=torch.version.cuda,
                  python=sys.version.split()[0])
        try:
            q = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,power.limit,clocks.max.sm,clocks.max.mem,memory.total",
                                "--format=csv,noheader"], capture_output=True, text=True, timeout=20).stdout.strip()
            self.emit("nvidia_smi", line=q)
        except Exception as ex:
            self.emit("nvidia_smi", error=repr(ex)[:300])

    def membw(self):
        n = self.scale(2 * 1024 ** 3 if not self.quick else 1024 ** 3)
        if self.dry:
            for op, b in (("copy", 4 * n), ("sum_read", 2 * n)):
                ms = self.synthetic_ms(0, b)
                self.emit("membw", op=op, bytes=b, ms=ms, gbps=b / ms / 1e6)
            return
        torch = self.torch
        x = torch.empty(n, dtype=self.bf16, device=self.dev).normal_()
        y = torch.empty_like(x)
        el = x.element_size()
        ms, _ = self.timed(lambda: y.copy_(x))
        self.emit("membw", op="copy", bytes=2 * el * n, ms=ms, gbps=2 * el * n / ms / 1e6)
        ms, _ = self.timed(lambda: x.sum())
        self.emit("membw", op="sum_read", bytes=el * n, ms=ms, gbps=el * n / ms / 1e6)

    def launch(self):
        """Launch overheads: host dispatch per eager op, and GPU time per tiny kernel in a CUDA graph."""
        if self.dry:
            for op, us in (("add", 8.0), ("linear", 12.0), ("sdpa", 20.0), ("view", 2.0)):
                self.emit("launch", op=op, mode="eager", us_per_op=us)
            self.emit("launch", op="add", mode="graph", us_per_op=2.0)
            return
        torch, F = self.torch, self.F
        x = torch.zeros(1024, dtype=self.bf16, device=self.dev)
        w = torch.zeros(64, 64, dtype=self.bf16, device=self.dev)
        a = torch.zeros(4, 64, dtype=self.bf16, device=self.dev)
        q = torch.zeros(1, 8, 1, 64, dtype=self.bf16, device=self.dev)
        kv = torch.zeros(1, 8, 16, 64, dtype=self.bf16, device=self.dev)
        cases = {
            "add": lambda: x.add_(1),
            "mul": lambda: x * x,
            "linear": lambda: F.linear(a, w),
            "view": lambda: x.view(32, 32).transpose(0, 1),
            "sdpa": lambda: attention(F, q, kv, kv, False),
        }
        for op, fn in cases.items():
            ms, reps = self.timed(fn, target_ms=30)
            self.emit("launch", op=op, mode="eager", us_per_op=ms * 1e3, reps=reps)
        if not self.cpu:
            for n in (16, 128, 512):
                g = torch.cuda.CUDAGraph()
                s = torch.cuda.Stream()
                s.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(s):
                    x.add_(1)
                torch.cuda.current_stream().wait_stream(s)
                with torch.cuda.graph(g):
                    for _ in range(n):
                        x.add_(1)
                ms, _ = self.timed(g.replay, target_ms=10)
                del g
                self.emit("launch", op="add", mode="graph", kernels=n, us_per_op=ms * 1e3 / n)

    def gemm_case(self, tag, M, N, K, dtype="bfloat16", graph=True):
        flops = 2.0 * M * N * K
        elt = 1 if dtype == "fp8" else 2
        byts = elt * (M * K + N * K) + 2 * M * N
        if self.dry:
            ms = self.synthetic_ms(flops, byts)
            self.emit("gemm", tag=tag, dtype=dtype, M=M, N=N, K=K, ms=ms, ms_graph=ms * 0.8 if ms < 0.1 else None,
                      tflops=flops / ms / 1e9, gbps=byts / ms / 1e6)
            return
        torch, F = self.torch, self.F
        M, N, K = self.scale(M) if M > 64 else M, self.scale(N), self.scale(K)
        wbytes = elt * N * K
        copies = 1 if self.cpu else max(1, min(16, math.ceil(3 * L2_BYTES / max(wbytes, 1))))
        a = torch.empty(M, K, dtype=self.bf16, device=self.dev).normal_()
        ws = [torch.empty(N, K, dtype=self.bf16, device=self.dev).normal_(0, 0.02) for _ in range(copies)]
        if dtype == "fp8":
            a8 = a.to(torch.float8_e4m3fn)
            w8s = [w.to(torch.float8_e4m3fn) for w in ws]
            one = torch.tensor(1.0, device=self.dev)
            fns = [(lambda w8=w8: torch._scaled_mm(a8, w8.t(), scale_a=one, scale_b=one, out_dtype=self.bf16)) for w8 in w8s]
        else:
            fns = [(lambda w=w: F.linear(a, w)) for w in ws]
        state = {"i": 0}

        def rotate():
            state["i"] = (state["i"] + 1) % len(fns)
            return fns[state["i"]]()

        ms, reps = self.timed(rotate)
        msg = self.graph_timed(fns) if graph and ms < 0.2 else None
        self.emit("gemm", tag=tag, dtype=dtype, M=M, N=N, K=K, ms=ms, ms_graph=msg, copies=copies,
                  tflops=2.0 * M * N * K / ms / 1e9, gbps=byts / ms / 1e6, reps=reps)
        del ws, fns

    def gemm_llm(self):
        ms_list = (1, 4, 16, 64, 256, 1024, 4096) if self.quick else (1, 4, 16, 64, 256, 1024, 4096, 16384)
        for name, tp in (("llama3-8b", 1), ("llama3-70b", 8), ("llama3-405b", 8), ("llama3-70b", 1)):
            m = shard(MODELS[name], tp)
            for M in ms_list:
                if self.left() < 40:
                    return
                for op, (N, K) in layer_gemms(m).items():
                    self.guard(f"gemm {name}/tp{tp}/{op} M={M}", lambda: self.gemm_case(f"{name}/tp{tp}/{op}", M, N, K))

    def gemm_more(self):
        """Shapes of other models and shardings: widen the grid the model interpolates over."""
        for name, tp in (("llama3.2-1b", 1), ("llama3-70b", 4), ("llama3-70b", 2), ("mixtral-8x7b", 2), ("grok-1", 8)):
            m = shard(MODELS[name], tp)
            for M in (1, 16, 128, 1024, 8192):
                if self.left() < 30:
                    return
                for op, (N, K) in layer_gemms(m).items():
                    self.guard(f"gemm {name}/tp{tp}/{op} M={M}", lambda: self.gemm_case(f"{name}/tp{tp}/{op}", M, N, K))
        for M in (16, 256, 4096):
            for op, (N, K) in (("gate_up", (2 * 3584, 8192)), ("down", (8192, 3584))):
                self.guard(f"gemm fp8 {op} M={M}", lambda: self.gemm_case(f"llama3-70b/tp8/{op}", M, N, K, "fp8"))

    def elementwise(self):
        """Memory-bound kernels across sizes, timed eagerly and in a CUDA graph: RMSNorm as the reference stack
        writes it (eight kernels), SiLU-and-multiply, residual add."""
        hs = (2048, 4096, 8192)
        toks = (1, 16, 256, 4096) if self.quick else (1, 16, 64, 256, 1024, 4096, 16384)
        for h in hs:
            for T in toks:
                if self.left() < 20:
                    return
                self.guard(f"elementwise h={h} T={T}", lambda: self.elementwise_case(h, T))

    def elementwise_case(self, h, T):
        cases = {
            # op: (fn builder, kernels, bytes moved)
            "rmsnorm": 8, "silu_mul": 2, "add": 1,
        }
        if self.dry:
            for op, kernels in cases.items():
                b = {"rmsnorm": 2 * T * h * 2 + 2 * T * h * 4 * 3, "silu_mul": T * h * 2 * 4, "add": T * h * 2 * 3}[op]
                ms = self.synthetic_ms(0, b) + 0.002 * kernels
                self.emit("elementwise", op=op, T=T, h=h, kernels=kernels, bytes=b, ms=ms, ms_graph=ms * 0.5)
            return
        torch, F = self.torch, self.F
        T, h = self.scale(T) if T > 16 else T, self.scale(h)
        x = torch.empty(T, h, dtype=self.bf16, device=self.dev).normal_()
        w = torch.ones(h, dtype=self.bf16, device=self.dev)
        g = torch.empty(T, 2 * h, dtype=self.bf16, device=self.dev).normal_()
        fns = {
            "rmsnorm": lambda: rms(torch, x, w),
            "silu_mul": lambda: (lambda gu: F.silu(gu[0]) * gu[1])(g.chunk(2, -1)),
            "add": lambda: x + x,
        }
        el = x.element_size()
        nbytes = {"rmsnorm": 2 * T * h * el + T * h * 4 * 6, "silu_mul": T * h * el * 4, "add": T * h * el * 3}
        for op, fn in fns.items():
            ms, _ = self.timed(fn)
            msg = self.graph_timed([fn])
            self.emit("elementwise", op=op, T=T, h=h, kernels=cases[op], bytes=nbytes[op], ms=ms, ms_graph=msg)

    def graph_size(self):
        """How the GPU time per kernel grows with a CUDA graph's size (``launch`` records, mode graph, with ``kernels``):
        tiny adds in graphs of 512 to 16384 kernels, and the decode step of a 4-layer reference stack captured alone and
        as 12 steps in one graph (``decode_graph`` records). Colossim charges graph steps the per-kernel difference
        between their graph's size and the calibration's 12-call graphs; past 512 kernels it holds the last measured
        value until this section is run."""
        if self.dry:
            for n in (512, 2048, 8192, 16384):
                self.emit("launch", op="add", mode="graph", kernels=n, us_per_op=1.0 + 0.02 * math.log2(n / 512),
                          synthetic=True)
            return
        if self.cpu:
            return
        torch = self.torch
        x = torch.zeros(1024, dtype=self.bf16, device=self.dev)
        for n in (512, 2048, 8192, 16384):
            if self.left() < 15:
                return
            g = torch.cuda.CUDAGraph()
            s = torch.cuda.Stream()
            s.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(s):
                x.add_(1)
            torch.cuda.current_stream().wait_stream(s)
            with torch.cuda.graph(g):
                for _ in range(n):
                    x.add_(1)
            ms, _ = self.timed(g.replay, target_ms=20)
            del g
            self.emit("launch", op="add", mode="graph", kernels=n, us_per_op=ms * 1e3 / n)
        m = MODELS["llama3-8b"]
        st = Stack(torch, self.F, m, 4, self.bf16, self.dev)
        with torch.no_grad():
            caches = [(torch.empty(1, m["hkv"], 2048, m["hd"], dtype=self.bf16, device=self.dev).normal_(),
                       torch.empty(1, m["hkv"], 2048, m["hd"], dtype=self.bf16, device=self.dev).normal_()) for _ in st.layers]
            xd = torch.empty(1, m["h"], dtype=self.bf16, device=self.dev).normal_()
            step = lambda: st.decode(xd, caches)
            for steps in (1, 12):
                g = torch.cuda.CUDAGraph()
                s = torch.cuda.Stream()
                s.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(s):
                    step()
                torch.cuda.current_stream().wait_stream(s)
                with torch.cuda.graph(g):
                    for _ in range(steps):
                        step()
                ms, _ = self.timed(g.replay, target_ms=20)
                del g
                self.emit("decode_graph", model="llama3-8b", layers=4, B=1, ctx=2048, steps_per_graph=steps,
                          ms_per_step=ms / steps)
        del st, caches

    def host_layer(self):
        """Host dispatch per kernel of the reference stack's own code (``launch`` record, op layer, mode eager): one
        reference decoder layer on tiny tensors, so the host, not the GPU, bounds it. A loop of one op (the ``launch``
        section) under-predicts a real eager step's host time; this record measures the code the steps run."""
        if self.dry:
            self.emit("launch", op="layer", mode="eager", us_per_op=12.0, kernels_per_call=26, synthetic=True)
            return
        torch = self.torch
        m = dict(h=64, inter=128, hq=4, hkv=2, hd=16, layers=1, vocab=64)
        st = Stack(torch, self.F, m, 1, self.bf16, self.dev)
        x = torch.empty(1, 4, m["h"], dtype=self.bf16, device=self.dev).normal_()
        layer = st.layers[0]

        def one_layer():
            # The body of Stack.prefill for one layer (26 kernels: two 8-kernel RMSNorms, 4 linears, SDPA, a copy for
            # the transposed attention output, 2 adds, SiLU and multiply).
            F, B, S, h = self.F, 1, 4, m["h"]
            hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
            qkv = F.linear(rms(torch, x, layer["n1"]), layer["wqkv"])
            q, k, v = qkv.split([hq * hd, hkv * hd, hkv * hd], -1)
            q = q.view(B, S, hq, hd).transpose(1, 2)
            k = k.view(B, S, hkv, hd).transpose(1, 2)
            v = v.view(B, S, hkv, hd).transpose(1, 2)
            a = attention(F, q, k, v, True).transpose(1, 2).reshape(B, S, hq * hd)
            y = x + F.linear(a, layer["wo"])
            return st.mlp(layer, y)

        with torch.no_grad():
            ms, reps = self.timed(one_layer, target_ms=30)
        self.emit("launch", op="layer", mode="eager", us_per_op=ms * 1e3 / 26, kernels_per_call=26, reps=reps)

    def fused(self):
        """Fused memory-bound kernels as serving engines run them (``elementwise`` records with op fused_rmsnorm,
        fused_silu_mul and rope): RMSNorm with the residual add fused in (vLLM's fused_add_rms_norm), SiLU-and-multiply
        and rotary embedding of queries and keys, each one kernel. They are built with torch.compile (one generated
        kernel per op; PyTorch's own F.rms_norm where compile is missing) and timed eagerly and inside a CUDA graph,
        so Colossim can replace the cross-GPU fit of data/calibration/h200-sxm/fused-kernels.jsonl with this GPU's own
        sweeps."""
        widths = {"fused_rmsnorm": (2048, 4096, 8192, 16384), "fused_silu_mul": (3584, 7168, 14336, 28672),
                  "rope": (1280, 2560, 5120, 9216)}
        toks = (1, 16, 256, 4096) if self.quick else (1, 8, 16, 64, 256, 1024, 4096, 16384)
        kernels = None if self.dry or self.cpu else self.fused_kernels()
        for op, ws in widths.items():
            for w in ws:
                for T in toks:
                    if self.left() < 20:
                        return
                    self.guard(f"fused {op} w={w} T={T}", lambda: self.fused_case(kernels, op, w, T))

    def fused_kernels(self):
        """The three fused ops as single kernels: compiled where torch.compile works, else the closest fused op."""
        torch, F = self.torch, self.F

        def add_rms(x, r, w):
            h = x + r
            hf = h.float()
            return (hf * torch.rsqrt(hf.pow(2).mean(-1, keepdim=True) + 1e-6)).to(x.dtype) * w, h

        def silu_mul(g):
            a, b = g.chunk(2, -1)
            return F.silu(a) * b

        def rope(q, cos, sin):
            half = q.shape[-1] // 2
            q1, q2 = q[..., :half], q[..., half:]
            return torch.cat((q1 * cos - q2 * sin, q2 * cos + q1 * sin), -1)

        compiled, how = {}, {}
        for name, fn in (("fused_rmsnorm", add_rms), ("fused_silu_mul", silu_mul), ("rope", rope)):
            try:
                compiled[name], how[name] = torch.compile(fn, dynamic=False, fullgraph=True), "torch.compile"
            except Exception:  # an older PyTorch: the nearest fused op it ships
                compiled[name], how[name] = fn, "eager"
        if how["fused_rmsnorm"] == "eager" and hasattr(F, "rms_norm"):
            compiled["fused_rmsnorm"] = lambda x, r, w: (F.rms_norm(x + r, (x.shape[-1],), w, 1e-6), None)
            how["fused_rmsnorm"] = "F.rms_norm"
        return compiled, how

    def fused_case(self, kernels, op, w, T):
        bytes_per_element = {"fused_rmsnorm": 8, "fused_silu_mul": 6, "rope": 4}[op]  # ideal: read once, write once
        if self.dry:
            ms = self.synthetic_ms(0, T * w * bytes_per_element)
            self.emit("elementwise", op=op, T=T, h=w, kernels=1, bytes=T * w * bytes_per_element, ms=ms, ms_graph=ms * 0.8,
                      synthetic=True)
            return
        torch = self.torch
        T, w = self.scale(T) if T > 16 else T, self.scale(w)
        compiled_fns, how = kernels if kernels else ({}, {})
        mk = lambda *shape: torch.empty(*shape, dtype=self.bf16, device=self.dev).normal_()
        if op == "fused_rmsnorm":
            x, r, g = mk(T, w), mk(T, w), torch.ones(w, dtype=self.bf16, device=self.dev)
            f = compiled_fns[op] if compiled_fns else (lambda x, r, g: (rms(torch, x + r, g), None))
            fn = lambda: f(x, r, g)
        elif op == "fused_silu_mul":
            gu = mk(T, 2 * w)
            f = compiled_fns[op] if compiled_fns else (lambda gu: (lambda a, b: self.F.silu(a) * b)(*gu.chunk(2, -1)))
            fn = lambda: f(gu)
        else:
            hd = 128 if w % 128 == 0 else 64
            q = mk(T, w // hd, hd)
            cos, sin = mk(T, 1, hd // 2), mk(T, 1, hd // 2)
            f = compiled_fns[op] if compiled_fns else (lambda q, c, s: q * c.repeat(1, 1, 2) + q * s.repeat(1, 1, 2))
            fn = lambda: f(q, cos, sin)
        ms, _ = self.timed(fn)
        msg = self.graph_timed([fn]) if ms < 0.3 else None
        self.emit("elementwise", op=op, T=T, h=w, kernels=1, bytes=T * w * bytes_per_element, ms=ms, ms_graph=msg,
                  impl=how.get(op, "eager"))

    def attention(self):
        pre = ((1, 128), (1, 512), (1, 1024), (1, 4096), (4, 4096), (1, 16384))
        dec = ((1, 1024), (1, 2048), (8, 2048), (32, 2048), (64, 2048), (128, 2048), (256, 1024), (16, 8192), (64, 8192), (4, 32768))
        for name, tp in (("llama3-8b", 1), ("llama3-70b", 8), ("llama3.2-1b", 1)):
            m = shard(MODELS[name], tp)
            for B, S in pre:
                if self.left() < 25:
                    return
                self.guard(f"attn_prefill {name} B={B} S={S}", lambda: self.attn_prefill_case(name, tp, m, B, S))
            for B, L in dec:
                if self.left() < 25:
                    return
                self.guard(f"attn_decode {name} B={B} L={L}", lambda: self.attn_decode_case(name, tp, m, B, L))

    def attn_prefill_case(self, name, tp, m, B, S):
        hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
        flops = 4.0 * B * hq * S * S * hd / 2
        if self.dry:
            ms = self.synthetic_ms(flops, 0)
            self.emit("attn_prefill", model=name, tp=tp, B=B, S=S, hq=hq, hkv=hkv, hd=hd, ms=ms, ms_graph=ms, tflops=flops / ms / 1e9)
            return
        torch, F = self.torch, self.F
        S = self.scale(S)
        q = torch.empty(B, hq, S, hd, dtype=self.bf16, device=self.dev).normal_()
        k = torch.empty(B, hkv, S, hd, dtype=self.bf16, device=self.dev).normal_()
        v = torch.empty_like(k)
        fn = lambda: attention(F, q, k, v, True)
        ms, _ = self.timed(fn)
        msg = self.graph_timed([fn]) if ms < 0.2 else None
        flops = 4.0 * B * hq * S * S * hd / 2
        self.emit("attn_prefill", model=name, tp=tp, B=B, S=S, hq=hq, hkv=hkv, hd=hd, ms=ms, ms_graph=msg, tflops=flops / ms / 1e9)

    def attn_decode_case(self, name, tp, m, B, L):
        hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
        kv_bytes = 2 * 2 * B * hkv * L * hd
        if self.dry:
            ms = self.synthetic_ms(0, kv_bytes)
            self.emit("attn_decode", model=name, tp=tp, B=B, L=L, hq=hq, hkv=hkv, hd=hd, ms=ms, ms_graph=ms, kv_bytes=kv_bytes)
            return
        torch, F = self.torch, self.F
        L = self.scale(L)
        copies = 1 if self.cpu else max(1, min(64, math.ceil(3 * L2_BYTES / kv_bytes)))
        q = torch.empty(B, hq, 1, hd, dtype=self.bf16, device=self.dev).normal_()
        kvs = [(torch.empty(B, hkv, L, hd, dtype=self.bf16, device=self.dev).normal_(),
                torch.empty(B, hkv, L, hd, dtype=self.bf16, device=self.dev).normal_()) for _ in range(copies)]
        fns = [(lambda k=k, v=v: attention(F, q, k, v, False)) for k, v in kvs]
        ms, _ = self.timed(fns[0])
        msg = self.graph_timed(fns) if ms < 0.3 else None
        kv_bytes = 2 * 2 * B * hkv * L * hd
        self.emit("attn_decode", model=name, tp=tp, B=B, L=L, hq=hq, hkv=hkv, hd=hd, ms=ms, ms_graph=msg, kv_bytes=kv_bytes,
                  gbps=kv_bytes / ms / 1e6, copies=copies)

    def moe(self):
        """Expert GEMMs as the reference MoE stack runs them: torch.bmm over the active experts (balanced routing)."""
        for name, tp in (("grok-1", 8), ("mixtral-8x7b", 2)):
            m = shard(MODELS[name], tp)
            for n in (1, 4, 16, 64, 256, 2048, 8192):
                if self.left() < 20:
                    return
                self.guard(f"moe {name} n={n}", lambda: self.moe_case(name, tp, m, n))

    def moe_case(self, name, tp, m, n):
        E, k, h, inter = m["experts"], m["topk"], m["h"], m["inter"]
        active = min(E, n * k)
        per = n * k // active
        flops = 2.0 * active * per * h * 2 * inter + 2.0 * active * per * inter * h
        wbytes = 2 * active * 3 * h * inter
        if self.dry:
            ms = self.synthetic_ms(flops, wbytes)
            self.emit("moe_experts", model=name, tp=tp, tokens=n, experts=E, topk=k, active=active, per_expert=per,
                      h=h, inter=inter, ms=ms, ms_graph=ms)
            return
        torch, F = self.torch, self.F
        h, inter = self.scale(h), self.scale(inter)
        xe = torch.empty(active, per, h, dtype=self.bf16, device=self.dev).normal_()
        egu = torch.empty(active, h, 2 * inter, dtype=self.bf16, device=self.dev).normal_(0, 0.02)
        ed = torch.empty(active, inter, h, dtype=self.bf16, device=self.dev).normal_(0, 0.02)

        def fn():
            gg, u = torch.bmm(xe, egu).chunk(2, -1)
            return torch.bmm(F.silu(gg) * u, ed)

        ms, _ = self.timed(fn)
        msg = self.graph_timed([fn]) if ms < 0.3 else None
        self.emit("moe_experts", model=name, tp=tp, tokens=n, experts=E, topk=k, active=active, per_expert=per,
                  h=h, inter=inter, ms=ms, ms_graph=msg)

    def e2e_check(self):
        """Two steps of the reference method (llama3-8b, TP1) to tell whether this host matches the reference host."""
        if self.dry or self.cpu:
            return
        torch, F = self.torch, self.F
        m = MODELS["llama3-8b"]
        st = Stack(torch, F, m, m["layers"], self.bf16, self.dev)
        with torch.no_grad():
            x = torch.empty(1, 128, m["h"], dtype=self.bf16, device=self.dev).normal_()
            ms, _ = self.timed(lambda: st.prefill(x), target_ms=30, samples=3)
            self.emit("prefill_e2e", model="llama3-8b", tp=1, B=1, S=128, ms=ms, check=True)
            for B, Lc in ((1, 2048), (64, 2048)):
                if self.left() < 15:
                    return
                caches = [(torch.empty(B, m["hkv"], Lc, m["hd"], dtype=self.bf16, device=self.dev).normal_(),
                           torch.empty(B, m["hkv"], Lc, m["hd"], dtype=self.bf16, device=self.dev).normal_()) for _ in st.layers]
                xd = torch.empty(B, m["h"], dtype=self.bf16, device=self.dev).normal_()
                eager, _ = self.timed(lambda: st.decode(xd, caches), target_ms=30, samples=3)
                graphed = self.graph_timed([lambda: st.decode(xd, caches)], samples=3)
                # graph_timed captured 12 steps; per step is what it returns
                self.emit("decode_e2e", model="llama3-8b", tp=1, B=B, ctx=Lc, ms_eager=eager, ms_graph=graphed, check=True)
                del caches
        del st

    # ---- power: power_phase records ------------------------------------------------------------------------------
    def sample_power(self, label, seconds, work, flops_per_call, bytes_per_call, dtype="bfloat16", **extra):
        """Run work() back to back for `seconds` while nvidia-smi samples board power every 100 ms; emit a power_phase
        record with what one call does (flops_per_call, bytes_per_call) so that Colossim can fit its power model.

        The method is the reference probe's (shared/calibration/probe-method.py, sample_power): 0.8 s of samples before
        the work are dropped, and 0.3 s after it; the mean is over the rest. nvidia-smi's power.draw is a one-second
        average on Hopper, so the mean includes a one-second ramp from the previous level (Colossim models it)."""
        if self.dry:
            ms = self.synthetic_ms(flops_per_call, bytes_per_call) if (flops_per_call or bytes_per_call) else 50.0
            uc = flops_per_call / (ms / 1e3) / 989e12
            um = bytes_per_call / (ms / 1e3) / 4.8e12
            watts = 80.0 if label == "idle" else min(700.0, 121.0 + 800.0 * uc + 560.0 * um)
            self.emit("power_phase", phase=label, seconds=float(seconds), calls=int(seconds * 1e3 / ms), ms_per_call=ms,
                      watts_mean=watts, watts_max=watts, samples=int(seconds * 10), flops_per_call=flops_per_call,
                      bytes_per_call=bytes_per_call, dtype=dtype, sample_period_s=0.1, **extra)
            return
        if self.cpu:
            return  # no board power on the CPU
        log = os.path.join(self.args.out, f"power-{label}.csv")
        smi = subprocess.Popen(["nvidia-smi", "--query-gpu=timestamp,power.draw,clocks.sm,utilization.gpu",
                                "--format=csv,noheader,nounits", "-lms", "100"], stdout=open(log, "w"), stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.8)
            t = time.time()
            n = 0
            while time.time() - t < seconds:
                work()
                n += 1
            self.sync()
            el = time.time() - t
            time.sleep(0.3)
        finally:
            smi.terminate()
            smi.wait()
        watts = []
        for line in open(log):
            parts = [x.strip() for x in line.split(",")]
            try:
                watts.append(float(parts[1]))
            except (IndexError, ValueError):
                pass
        core = watts[8:-3] if len(watts) > 14 else watts
        if not core:
            self.emit("case_error", case=f"power {label}", error="nvidia-smi gave no power samples")
            return
        self.emit("power_phase", phase=label, seconds=el, calls=n, ms_per_call=el * 1000 / max(n, 1),
                  watts_mean=sum(core) / len(core), watts_max=max(core), samples=len(core), flops_per_call=flops_per_call,
                  bytes_per_call=bytes_per_call, dtype=dtype, sample_period_s=0.1, **extra)

    def graph_work(self, fns, repeat):
        """One call: the kernels of fns captured once in a CUDA graph, replayed `repeat` times, then a sync."""
        torch = self.torch
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for f in fns:
                f()
        torch.cuda.current_stream().wait_stream(s)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            for f in fns:
                f()

        def work():
            for _ in range(repeat):
                g.replay()
            torch.cuda.synchronize()
        return work, g

    def power(self):
        """Board power of kernel kinds that real steps are made of (power_phase records with their flops and bytes):
        idle, tiny kernels that keep the clocks up, a large GEMM and a large copy (the reference probe's plateaus), the
        decode GEMMs of a Llama-3-70B TP8 shard at 8 and 64 tokens, decode attention at batch 64 and 2048 cached tokens,
        and short memory-bound kernels. Each phase runs about 6 s (about 50 s in all)."""
        seconds = 3 if self.quick else 6
        self.sample_power("idle", 4, lambda: time.sleep(0.05), 0.0, 0.0)
        if self.dry:
            self.sample_power("idle-clocked", seconds, None, 0.0, 8.0)
            self.sample_power("gemm-8192-bf16", seconds, None, 10 * 2.0 * 8192 ** 3, 10 * 3.0 * 8192 ** 2 * 2)
            self.sample_power("hbm-copy-4GiB", seconds, None, 0.0, 10 * 2.0 * 4 * 1024 ** 3)
            self.sample_power("gemm-70b-tp8-m8", seconds, None, 2.0 * 8 * 1e9, 2.0e9)
            self.sample_power("gemm-70b-tp8-m64", seconds, None, 2.0 * 64 * 1e9, 2.1e9)
            self.sample_power("attn-decode-70b-tp8-b64-l2048", seconds, None, 4.0 * 64 * 8 * 2048 * 128, 2.0 * 64 * 2048 * 128 * 2)
            self.sample_power("short-elementwise", seconds, None, 0.0, 3.0 * 64 * 8192 * 2 * 100)
            return
        if self.cpu:
            self.emit("skipped", section="power", reason="no board power on the CPU")
            return
        torch = self.torch
        with torch.no_grad():
            tiny = torch.zeros(1, device=self.dev)

            def clocked():
                tiny.add_(1)
                torch.cuda.synchronize()
                time.sleep(0.001)
            self.sample_power("idle-clocked", seconds, clocked, 0.0, 8.0, note="one tiny kernel per ms: clocks up, no work")
            self.guard("power gemm", lambda: self._power_gemm(seconds))
            self.guard("power copy", lambda: self._power_copy(seconds))
            self.guard("power gemv", lambda: self._power_gemv(seconds, 8))
            self.guard("power gemm m64", lambda: self._power_gemv(seconds, 64))
            self.guard("power attention", lambda: self._power_attention(seconds))
            self.guard("power elementwise", lambda: self._power_elementwise(seconds))

    def _power_gemm(self, seconds):
        torch, n = self.torch, 8192
        a = torch.empty(n, n, dtype=self.bf16, device=self.dev).normal_()
        b = torch.empty(n, n, dtype=self.bf16, device=self.dev).normal_()

        def work():
            for _ in range(10):
                torch.matmul(a, b)
            torch.cuda.synchronize()
        self.sample_power("gemm-8192-bf16", seconds, work, 10 * 2.0 * n ** 3, 10 * 3.0 * n * n * 2)
        del a, b

    def _power_copy(self, seconds):
        torch = self.torch
        big = torch.empty(2 * 1024 ** 3, dtype=self.bf16, device=self.dev).normal_()
        dst = torch.empty_like(big)

        def work():
            for _ in range(10):
                dst.copy_(big)
            torch.cuda.synchronize()
        self.sample_power("hbm-copy-4GiB", seconds, work, 0.0, 10 * 2.0 * big.numel() * 2)
        del big, dst

    def _power_gemv(self, seconds, M):
        """The four layer GEMMs of a Llama-3-70B TP8 shard at M tokens, weights rotated past the L2 cache, in a graph."""
        torch, F = self.torch, self.F
        m = shard(MODELS["llama3-70b"], 8)
        shapes = list(layer_gemms(m).values())
        per_layer = sum(N * K * 2 for N, K in shapes)
        copies = max(2, int(3 * L2_BYTES / per_layer) + 1)
        weights = [[torch.empty(N, K, dtype=self.bf16, device=self.dev).normal_(0, 0.02) for N, K in shapes] for _ in range(copies)]
        xs = {K: torch.empty(M, K, dtype=self.bf16, device=self.dev).normal_() for _, K in shapes}
        fns = [(lambda w=w: F.linear(xs[w.shape[1]], w)) for layer in weights for w in layer]
        work, g = self.graph_work(fns, 20)
        flops = 20 * copies * sum(2.0 * M * N * K for N, K in shapes)
        byts = 20 * copies * sum(2.0 * (N * K + M * K + M * N) for N, K in shapes)
        self.sample_power(f"gemm-70b-tp8-m{M}", seconds, work, flops, byts, model="llama3-70b", tp=8, M=M)
        del g, weights, xs

    def _power_attention(self, seconds):
        """Decode attention of a Llama-3-70B TP8 shard (8 query heads, 1 KV head) at batch 64, 2048 cached tokens."""
        torch, F = self.torch, self.F
        m, B, L = shard(MODELS["llama3-70b"], 8), 64, 2048
        hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
        kv = 2 * B * hkv * L * hd * 2
        copies = max(2, int(3 * L2_BYTES / kv) + 1)
        caches = [(torch.empty(B, hkv, L, hd, dtype=self.bf16, device=self.dev).normal_(),
                   torch.empty(B, hkv, L, hd, dtype=self.bf16, device=self.dev).normal_()) for _ in range(copies)]
        q = torch.empty(B, hq, 1, hd, dtype=self.bf16, device=self.dev).normal_()
        fns = [(lambda k=k, v=v: attention(F, q, k, v, False)) for k, v in caches]
        work, g = self.graph_work(fns, 50)
        self.sample_power("attn-decode-70b-tp8-b64-l2048", seconds, work, 50 * copies * 4.0 * B * hq * L * hd,
                          50 * copies * (kv + 2.0 * 2 * B * hq * hd), model="llama3-70b", tp=8, B=B, L=L)
        del g, caches

    def _power_elementwise(self, seconds):
        """Short memory-bound kernels (residual adds of 64 x 8192 bf16, about 3 MB each), 100 per graph replay."""
        torch = self.torch
        xs = [torch.empty(64, 8192, dtype=self.bf16, device=self.dev).normal_() for _ in range(100)]
        y = torch.empty(64, 8192, dtype=self.bf16, device=self.dev)
        fns = [(lambda x=x: torch.add(x, x, out=y)) for x in xs]
        work, g = self.graph_work(fns, 50)
        self.sample_power("short-elementwise", seconds, work, 0.0, 50 * 100 * 3.0 * 64 * 8192 * 2, kernels_per_call=5000)
        del g, xs, y


def attention(F, q, k, v, causal):
    """Causal or full attention with grouped-query heads; falls back where the PyTorch at hand lacks a feature."""
    sdpa = getattr(F, "scaled_dot_product_attention", None)
    if sdpa is not None:
        try:
            return sdpa(q, k, v, is_causal=causal, enable_gqa=True)
        except TypeError:
            rep = q.shape[1] // k.shape[1]
            return sdpa(q, k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1), is_causal=causal)
    import torch
    rep = q.shape[1] // k.shape[1]
    k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        S = s.shape[-1]
        s = s.masked_fill(torch.ones(S, S, dtype=torch.bool, device=q.device).triu(1), float("-inf"))
    return torch.softmax(s, -1) @ v


def rms(torch, x, w):
    xf = x.float()
    return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-5)).to(x.dtype) * w


class Stack:
    """The reference Llama-shaped decoder (no RoPE, random weights), as in probe-method.py."""

    def __init__(self, torch, F, m, layers, dtype, dev):
        self.torch, self.F, self.m = torch, F, m
        h, hd = m["h"], m["hd"]
        mk = lambda *s: torch.empty(*s, dtype=dtype, device=dev).normal_(0, 0.02)
        self.layers = [dict(wqkv=mk((m["hq"] + 2 * m["hkv"]) * hd, h), wo=mk(h, m["hq"] * hd),
                            wgu=mk(2 * m["inter"], h), wd=mk(h, m["inter"]),
                            n1=torch.ones(h, dtype=dtype, device=dev), n2=torch.ones(h, dtype=dtype, device=dev))
                       for _ in range(layers)]
        self.head = mk(m["vocab"], h)

    def mlp(self, L, x):
        g, u = self.F.linear(rms(self.torch, x, L["n2"]), L["wgu"]).chunk(2, -1)
        return x + self.F.linear(self.F.silu(g) * u, L["wd"])

    def prefill(self, x):
        F, m = self.F, self.m
        B, S, h = x.shape
        hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
        for L in self.layers:
            qkv = F.linear(rms(self.torch, x, L["n1"]), L["wqkv"])
            q, k, v = qkv.split([hq * hd, hkv * hd, hkv * hd], -1)
            q = q.view(B, S, hq, hd).transpose(1, 2)
            k = k.view(B, S, hkv, hd).transpose(1, 2)
            v = v.view(B, S, hkv, hd).transpose(1, 2)
            a = attention(F, q, k, v, True).transpose(1, 2).reshape(B, S, hq * hd)
            x = x + F.linear(a, L["wo"])
            x = self.mlp(L, x)
        return F.linear(rms(self.torch, x[:, -1], self.layers[0]["n1"]), self.head)

    def decode(self, x, caches):
        F, m = self.F, self.m
        B = x.shape[0]
        hq, hkv, hd = m["hq"], m["hkv"], m["hd"]
        for L, (kc, vc) in zip(self.layers, caches):
            qkv = F.linear(rms(self.torch, x, L["n1"]), L["wqkv"])
            q, k, v = qkv.split([hq * hd, hkv * hd, hkv * hd], -1)
            kc[:, :, -1:, :].copy_(k.view(B, hkv, 1, hd))
            vc[:, :, -1:, :].copy_(v.view(B, hkv, 1, hd))
            a = attention(F, q.view(B, hq, 1, hd), kc, vc, False).reshape(B, hq * hd)
            x = x + F.linear(a, L["wo"])
            x = self.mlp(L, x)
        return F.linear(rms(self.torch, x, self.layers[0]["n1"]), self.head)


SECTIONS = ("device", "launch", "graph_size", "host_layer", "gemm_llm", "elementwise", "fused", "attention", "e2e_check", "membw", "moe", "gemm_more", "power")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=os.environ.get("OUT", "probe_out"), help="folder for gpu_probe.jsonl (default $OUT or ./probe_out)")
    p.add_argument("--quick", action="store_true", help="a smaller grid (about 2-3 minutes on an H100-class GPU)")
    p.add_argument("--dry-run", action="store_true", help="no PyTorch: write synthetic records marked synthetic=true")
    p.add_argument("--device", choices=("cuda", "cpu"), default="cuda", help="cpu runs tiny shapes to test the probe itself")
    p.add_argument("--budget", type=float, default=float(os.environ.get("BUDGET_S", "600")), help="seconds before sections are skipped")
    p.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated subset of: " + ", ".join(SECTIONS))
    args = p.parse_args(argv)
    probe = Probe(args)
    probe.emit("start", budget_s=args.budget, quick=args.quick, device=args.device, probe="colossim-gpu-probe/1")
    for name in args.sections.split(","):
        name = name.strip()
        if name not in SECTIONS:
            probe.emit("section_error", section=name, error="unknown section")
            continue
        probe.section(name, getattr(probe, name))
    probe.emit("end", seconds=round(time.time() - probe.t0, 1))
    probe.sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
