using System.Globalization;
using System.Text;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>One measured collective beside its prediction.</summary>
/// <param name="Gpu">The GPU's catalog id.</param>
/// <param name="Collective">The operation.</param>
/// <param name="Ranks">Ranks, at least 2.</param>
/// <param name="Size">Bytes per rank.</param>
/// <param name="Measured">The measured time.</param>
/// <param name="Predicted">The predicted time.</param>
/// <param name="Algorithm">The algorithm the model chose.</param>
/// <param name="Protocol">The protocol the model chose.</param>
public sealed record NetworkValidationRow(string Gpu, Collective Collective, int Ranks, Bytes Size, Duration Measured, Duration Predicted, CollectiveAlgorithm Algorithm, CollectiveProtocol Protocol)
{
    /// <summary>(predicted − measured) ÷ measured, in percent.</summary>
    public double ErrorPct => (Predicted.TotalSeconds - Measured.TotalSeconds) / Measured.TotalSeconds * 100;
}

/// <summary>A published large-message bus bandwidth beside the predicted one.</summary>
/// <param name="Case">What was measured, in words.</param>
/// <param name="Gpu">The GPU's catalog id.</param>
/// <param name="Ranks">Ranks.</param>
/// <param name="Algorithm">The algorithm the figure was measured with.</param>
/// <param name="PublishedGBps">The published busbw, GB/s.</param>
/// <param name="PredictedGBps">The predicted busbw at 8 GiB per rank, GB/s.</param>
/// <param name="Source">Where the figure comes from.</param>
public sealed record PublishedBandwidthRow(string Case, string Gpu, int Ranks, CollectiveAlgorithm Algorithm, double PublishedGBps, double PredictedGBps, string Source)
{
    /// <summary>(predicted − published) ÷ published, in percent.</summary>
    public double ErrorPct => (PredictedGBps - PublishedGBps) / PublishedGBps * 100;
}

/// <summary>
/// Checks <see cref="CollectiveModel"/> against Vidur's measured NCCL curves
/// (<c>data/profiling/network/{a100,h100}_dgx/{all_reduce,send_recv}.csv</c>: median kernel milliseconds per size,
/// size in bytes) and NCCL's published bus bandwidths, and writes the <c>## Network</c> section of
/// <c>docs/validation.md</c>.
/// </summary>
public static class NetworkValidation
{
    /// <summary>The latency regime: sizes up to 64 KiB.</summary>
    public static Bytes LatencyRegime { get; } = new(64 * 1024);

    /// <summary>The bandwidth regime: sizes from 1 MiB.</summary>
    public static Bytes BandwidthRegime { get; } = new(1024 * 1024);

    private static readonly (string Folder, string Gpu)[] Machines = [("a100_dgx", "a100-sxm-80gb"), ("h100_dgx", "h100-sxm")];

    /// <summary>
    /// Every one-node row of Vidur's all-reduce and send/recv files under <paramref name="networkDir"/> (Vidur's
    /// <c>data/profiling/network</c>), with its prediction. Rows spanning nodes are left out (Vidur's inter-node network
    /// is not described). The model runs without NVLink SHARP: the measured 8-GPU H100 bus bandwidth (≈365 GB/s at
    /// 64 MiB) is the ring's. Unreadable files are problems.
    /// </summary>
    public static IReadOnlyList<NetworkValidationRow> Vidur(string networkDir, ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new List<NetworkValidationRow>();
        foreach (var (folder, gpu) in Machines)
        {
            var topology = OneNode(catalog, gpu, nvls: false);
            var model = new CollectiveModel(topology);
            foreach (var (file, collective) in new[] { ("all_reduce.csv", Collective.AllReduce), ("send_recv.csv", Collective.SendRecv) })
            {
                var path = Path.Combine(networkDir, folder, file);
                if (DocReader.ReadText(path, problems, MeasurementReader.MaxBytes) is not { } text)
                {
                    continue;
                }

                foreach (var (ranks, perNode, size, ms) in ParseCsv(text, path, problems))
                {
                    var inOneNode = collective == Collective.SendRecv ? perNode == 2 : perNode == ranks;
                    if (!inOneNode)
                    {
                        continue;
                    }

                    var p = model.Predict(collective, new Bytes(size), CommGroup.InOneScaleUpDomain(ranks));
                    rows.Add(new NetworkValidationRow(gpu, collective, ranks, new Bytes(size), Duration.FromMilliseconds(ms), p.Time, p.Algorithm, p.Protocol));
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// NCCL's published 8-GPU large-message all-reduce bus bandwidths (one node) beside the model's at 8 GiB per rank,
    /// with and without NVLink SHARP where the generation has it, and two scale-out cases over 400 Gb/s NICs.
    /// </summary>
    public static IReadOnlyList<PublishedBandwidthRow> Published(ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        const string team = "NVIDIA/nccl-tests#212 and NVIDIA/nccl#1442 (S. Jeaugey, NCCL team): ~370 GB/s ring busbw on H100 NVLink, ~480 GB/s with NVLink SHARP [S]";
        var rows = new List<PublishedBandwidthRow>
        {
            Row(catalog, "8 x A100 SXM, ring", "a100-sxm-80gb", 8, CollectiveAlgorithm.Ring, 240, "nccl-tests all_reduce_perf reference: 230-250 GB/s on 8 x A100 SXM4 NVLink (docs.alayanew.com, 2026-05) [S]; midpoint"),
            Row(catalog, "8 x H100 SXM, ring (NVLS off)", "h100-sxm", 8, CollectiveAlgorithm.Ring, 370, team),
            Row(catalog, "8 x H100 SXM, NVLS", "h100-sxm", 8, CollectiveAlgorithm.Nvls, 480, team + "; the NVLS bandwidth share comes from this row (calibration, not a check)"),
            Row(catalog, "8 x H200 SXM, NVLS (NCCL 2.20 default)", "h200-sxm", 8, CollectiveAlgorithm.Nvls, 475, "NVIDIA/nccl-tests#272: 8 x H200, peak busbw 475 GB/s [S]"),
            Row(catalog, "8 x H200 SXM, ring (NVLS off)", "h200-sxm", 8, CollectiveAlgorithm.Ring, 370, "same NVLink 4 as H100: " + team),
            Row(catalog, "8 x H800, NVLS", "h800", 8, CollectiveAlgorithm.Nvls, 215, "NVIDIA/nccl#1374: 8 x H800 all-reduce busbw 215 GB/s [S]"),
            Row(catalog, "8 x B300, ring (NVLS off)", "b300", 8, CollectiveAlgorithm.Ring, 695, "NVIDIA/nccl#2140: 8 x B300 busbw 695 GB/s NVLS off [S]; NVLink 5 constants are NVLink 4's (no curve measured)"),
            Row(catalog, "8 x B300, NVLS", "b300", 8, CollectiveAlgorithm.Nvls, 845, "NVIDIA/nccl#2140: 845 GB/s NVLS on [S]"),
        };

        // Scale-out: 16 H100 nodes with one rank each (every byte through one 400 Gb/s NIC), and 2 full nodes (8 rails).
        var site = Topology.FromPlan(ClusterPlanner.Build(128, Options(catalog, "h100-sxm")));
        var model = new CollectiveModel(site);
        var spread = model.Predict(Collective.AllReduce, Bytes.Parse("8GiB"), site.Group(16, Placement.Spread), CollectiveAlgorithm.Ring);
        rows.Add(new PublishedBandwidthRow("16 x H100, one per node, ring over 400 Gb/s NICs", "h100-sxm", 16, CollectiveAlgorithm.Ring, 50, spread.BusBandwidth.GigabytesPerSecond,
            "NIC-bound busbw: the 400 Gb/s line rate (50 GB/s); the model's 0.9 scale-out efficiency is an estimate [U]"));
        var packed = model.Predict(Collective.AllReduce, Bytes.Parse("8GiB"), site.Group(16), CollectiveAlgorithm.Ring);
        rows.Add(new PublishedBandwidthRow("2 x 8 H100, ring over 8 rails of 400 Gb/s", "h100-sxm", 16, CollectiveAlgorithm.Ring, 370, packed.BusBandwidth.GigabytesPerSecond,
            "bound by NVLink (370 GB/s, as one node) before the 8 NICs (8 x 50 GB/s per node): " + team));
        return rows;
    }

    /// <summary>The <c>## Network</c> section of <c>docs/validation.md</c>, every row included.</summary>
    public static string Markdown(IReadOnlyList<NetworkValidationRow> vidur, IReadOnlyList<PublishedBandwidthRow> published)
    {
        ArgumentNullException.ThrowIfNull(vidur);
        ArgumentNullException.ThrowIfNull(published);
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        Line("## Network");
        Line();
        Line("The collective model (`Network.CollectiveModel`, `colossim comm`; [network.md](network.md)) against Vidur's measured NCCL");
        Line("curves (`data/profiling/network/{a100,h100}_dgx/{all_reduce,send_recv}.csv` of the shared Vidur copy: median kernel time");
        Line("of each size, one node on NVSwitch) and NCCL's published bus bandwidths. The per-generation constants in");
        Line("`data/network/defaults.yaml` are fitted once to the all-reduce curves (sizes ≥ 1 MiB; `tools/network/fit_vidur.py`),");
        Line("never per size; send/recv rows are not fitted. The model runs without NVLink SHARP against Vidur: its 8-GPU H100 busbw");
        Line("(≈365 GB/s at 64 MiB) is the ring's. Rows spanning nodes (Vidur's 16-GPU and one-GPU-per-node rows) are left out:");
        Line("Vidur's inter-node network is not described. Regenerated by `tools/validation/regenerate.sh` (the test");
        Line("`NetworkValidationTests` writes `docs/validation-network.md` when `COLOSSIM_APPROVE=1` and the shared data is present).");
        Line();
        Line("### Summary: median |error| by regime (done when ≤ 10% over sizes ≥ 1 MiB for all-reduce on 2, 4 and 8 GPUs)");
        Line();
        Line("| GPU | op | GPUs | rows ≤ 64 KiB | median \\|err\\| ≤ 64 KiB | rows ≥ 1 MiB | median \\|err\\| ≥ 1 MiB | max \\|err\\| ≥ 1 MiB | done |");
        Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var g in Groups(vidur))
        {
            var small = g.Rows.Where(r => r.Size <= LatencyRegime).ToList();
            var large = g.Rows.Where(r => r.Size >= BandwidthRegime).ToList();
            var medLarge = Median(large);
            var done = g.Key.Collective == Collective.AllReduce ? (medLarge <= 10 ? "yes" : "no") : "(not a target)";
            Line(Inv($"| {g.Key.Gpu} | {EnumNames.Of(g.Key.Collective)} | {g.Key.Ranks} | {small.Count} | {Median(small):0.0}% | {large.Count} | {medLarge:0.0}% | {(large.Count == 0 ? 0 : large.Max(r => Math.Abs(r.ErrorPct))):0.0}% | {done} |"));
        }

        Line();
        Line("### Large-message bus bandwidth against NCCL's published figures (all-reduce, 8 GiB per rank predicted)");
        Line();
        Line("| case | GPU | GPUs | algorithm | published busbw (GB/s) | predicted (GB/s) | error | source |");
        Line("| --- | --- | ---: | --- | ---: | ---: | ---: | --- |");
        foreach (var p in published)
        {
            Line(Inv($"| {p.Case} | {p.Gpu} | {p.Ranks} | {EnumNames.Of(p.Algorithm)} | {p.PublishedGBps:0} | {p.PredictedGBps:0.0} | {p.ErrorPct:+0.0;-0.0;0.0}% | {p.Source} |"));
        }

        Line();
        Line("The A100 and H100 NVLink efficiencies fitted to Vidur (0.62 and 0.72 of the line rate) sit below what NCCL reaches at");
        Line("gigabytes: Vidur's curves stop at 64 MiB, where a ring has not reached its asymptote, so the large-message rows above");
        Line("undershoot by the same margin; the fit serves the sizes a tensor-parallel layer moves (the rows below).");
        Line();
        Line("### Every row");
        foreach (var g in Groups(vidur))
        {
            Line();
            Line(Inv($"<details><summary>{g.Key.Gpu} {EnumNames.Of(g.Key.Collective)}, {g.Key.Ranks} GPUs: {g.Rows.Count} sizes</summary>"));
            foreach (var (title, rows) in new[]
            {
                ("latency regime (≤ 64 KiB)", g.Rows.Where(r => r.Size <= LatencyRegime).ToList()),
                ("between the regimes", g.Rows.Where(r => r.Size > LatencyRegime && r.Size < BandwidthRegime).ToList()),
                ("bandwidth regime (≥ 1 MiB)", g.Rows.Where(r => r.Size >= BandwidthRegime).ToList()),
            })
            {
                Line();
                Line(Inv($"{title}: {rows.Count} rows, median |error| {Median(rows):0.0}%"));
                Line();
                Line("| size (B) | measured (µs) | predicted (µs) | error | algorithm | protocol |");
                Line("| ---: | ---: | ---: | ---: | --- | --- |");
                foreach (var r in rows)
                {
                    Line(Inv($"| {r.Size.Value:0} | {r.Measured.TotalMicroseconds:0.0} | {r.Predicted.TotalMicroseconds:0.0} | {r.ErrorPct:+0.0;-0.0;0.0}% | {EnumNames.Of(r.Algorithm)} | {EnumNames.Of(r.Protocol)} |"));
                }
            }

            Line();
            Line("</details>");
        }

        return md.ToString();
    }

    /// <summary>The median of |error| over <paramref name="rows"/>, in percent; 0 for none.</summary>
    public static double Median(IReadOnlyList<NetworkValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }

        var e = rows.Select(r => Math.Abs(r.ErrorPct)).Order().ToArray();
        return e.Length % 2 == 1 ? e[e.Length / 2] : (e[(e.Length / 2) - 1] + e[e.Length / 2]) / 2;
    }

    /// <summary>Rows grouped by GPU, operation and ranks, in that order.</summary>
    public static IReadOnlyList<((string Gpu, Collective Collective, int Ranks) Key, IReadOnlyList<NetworkValidationRow> Rows)> Groups(IReadOnlyList<NetworkValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.GroupBy(r => (r.Gpu, r.Collective, r.Ranks))
            .OrderBy(g => g.Key.Gpu, StringComparer.Ordinal).ThenBy(g => g.Key.Collective).ThenBy(g => g.Key.Ranks)
            .Select(g => (g.Key, (IReadOnlyList<NetworkValidationRow>)[.. g.OrderBy(r => r.Size.Value)]))
            .ToList();
    }

    private static PublishedBandwidthRow Row(ColossimCatalog catalog, string name, string gpu, int ranks, CollectiveAlgorithm algorithm, double published, string source)
    {
        var model = new CollectiveModel(OneNode(catalog, gpu, nvls: true));
        var p = model.Predict(Collective.AllReduce, Bytes.Parse("8GiB"), CommGroup.InOneScaleUpDomain(ranks), algorithm);
        return new PublishedBandwidthRow(name, gpu, ranks, algorithm, published, p.BusBandwidth.GigabytesPerSecond, source);
    }

    private static PlanOptions Options(ColossimCatalog catalog, string gpu) => new()
    {
        Gpu = catalog.Gpus[gpu],
        System = catalog.Systems.Values.FirstOrDefault(s => string.Equals(s.Gpu, gpu, StringComparison.OrdinalIgnoreCase))
            ?? ClusterPlanner.GenericSystem(catalog.Gpus[gpu], FacilityDefaults.BuiltIn),
        Fabric = catalog.Fabrics["infiniband-ndr"],
    };

    private static Topology OneNode(ColossimCatalog catalog, string gpu, bool nvls)
    {
        var topology = Topology.FromPlan(ClusterPlanner.Build(8, Options(catalog, gpu)));
        return nvls ? topology : topology with { Generation = (topology.Generation ?? NetworkDefaults.BuiltIn.GenerationOf(gpu)) with { Nvls = false } };
    }

    private static IEnumerable<(int Ranks, int PerNode, double Size, double Ms)> ParseCsv(string text, string path, Problems problems)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var header = lines[0].Split(',');
        int Index(string name) => Array.FindIndex(header, h => h.Trim() == name);
        var median = Array.FindIndex(header, h => h.EndsWith(".median", StringComparison.Ordinal));
        int workers = Index("num_workers"), perNode = Index("devices_per_node"), size = Index("size");
        if (median < 0 || workers < 0 || perNode < 0 || size < 0)
        {
            problems.Error(path, "expected a Vidur collective CSV with columns time_stats.<op>.median, num_workers, devices_per_node and size");
            yield break;
        }

        for (var n = 1; n < lines.Length; n++)
        {
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length)
            {
                continue;
            }

            if (int.TryParse(cells[workers], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) && w >= 2 && w <= 4096
                && int.TryParse(cells[perNode], NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d >= 1
                && double.TryParse(cells[size], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 1 && s < 1e15
                && double.TryParse(cells[median], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0 && ms < 1e6)
            {
                yield return (w, d, s, ms);
            }
            else
            {
                problems.Warning(path, Inv($"line {n + 1}: expected whole workers, devices per node, a size in bytes and a positive median; skipped"));
            }
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
