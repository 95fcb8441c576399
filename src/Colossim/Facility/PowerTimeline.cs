using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>How a battery is dispatched.</summary>
public enum BatteryPolicy
{
    /// <summary>The battery stays idle: the grid takes the load as it is.</summary>
    None,

    /// <summary>The grid never draws more than a cap; the battery covers the excess and recharges below it.</summary>
    PeakShave,

    /// <summary>The grid follows a moving average of the load (time constant <see cref="BatterySpec.Window"/>); the battery absorbs the swings.</summary>
    Smooth,
}

/// <summary>A battery on site (Tesla Megapacks at Colossus) and how it is dispatched.</summary>
public sealed record BatterySpec
{
    /// <summary>Capacity.</summary>
    public required Energy Capacity { get; init; }

    /// <summary>Most charge or discharge power.</summary>
    public required Watts Power { get; init; }

    /// <summary>Round-trip efficiency (0-1]; charge and discharge each lose its square root.</summary>
    public double RoundTripEfficiency { get; init; } = 0.9;

    /// <summary>State of charge at the start (0-1 of capacity).</summary>
    public double InitialCharge { get; init; } = 0.5;

    /// <summary>Dispatch policy.</summary>
    public BatteryPolicy Policy { get; init; } = BatteryPolicy.Smooth;

    /// <summary>For <see cref="BatteryPolicy.PeakShave"/>: the grid cap; <see langword="null"/> for the mean load.</summary>
    public Watts? GridCap { get; init; }

    /// <summary>For <see cref="BatteryPolicy.Smooth"/>: the time constant of the grid's moving average.</summary>
    public Duration Window { get; init; } = Duration.FromSeconds(900);
}

/// <summary>A facility's draw over time: the workloads on a planned cluster, with or without a battery.</summary>
public sealed record PowerScenario
{
    /// <summary>The cluster (its nodes' power model, network, storage and PUE).</summary>
    public required ClusterPlan Plan { get; init; }

    /// <summary>The workloads; GPUs they leave free are idle.</summary>
    public required IReadOnlyList<FacilityLoad> Loads { get; init; }

    /// <summary>How long the timeline runs.</summary>
    public required Duration Length { get; init; }

    /// <summary>Time between samples.</summary>
    public required Duration Step { get; init; }

    /// <summary>The battery, if any.</summary>
    public BatterySpec? Battery { get; init; }

    /// <summary>Assumptions (GPU power fractions, carbon intensity, electricity price).</summary>
    public FacilityDefaults Defaults { get; init; } = FacilityDefaults.BuiltIn;
}

/// <summary>
/// The largest swing of a power series and how fast it happens. A swing is a maximal run of samples that each move the
/// same way (strictly up, or strictly down; a flat sample ends it); its size is the difference between its first and
/// last sample and <see cref="Time"/> the time between them. Its ramp is measured as a rise time is: the time the
/// series takes (interpolated linearly between samples) to go from 10% to 90% of the swing, <see cref="RiseTime"/>,
/// and the ramp is 80% of the size over it. So a slow climb of 40 MW over ten minutes ramps at 0.067 MW/s whatever
/// the sample step, and a jump followed by a slow drift is rated by the jump, not the drift. Where the model itself
/// jumps (a training step switching from compute to communication), the rise happens within one sample and the ramp
/// is bounded by the resolution: read <see cref="Size"/> with it.
/// </summary>
/// <param name="Size">The swing, W (never negative).</param>
/// <param name="Time">The time from the first to the last sample of the swing (zero when the series never moves).</param>
/// <param name="RiseTime">The time from 10% to 90% of the swing (zero when the series never moves).</param>
public readonly record struct PowerSwing(Watts Size, Duration Time, Duration RiseTime)
{
    /// <summary>The ramp of the swing, W per second: 0.8 × <see cref="Size"/> / <see cref="RiseTime"/> (0 when the series never moves).</summary>
    public double WattsPerSecond => RiseTime > Duration.Zero ? 0.8 * Size.Value / RiseTime.TotalSeconds : 0;

    /// <summary>The largest swing of <paramref name="values"/> (W) sampled every <paramref name="step"/>.</summary>
    public static PowerSwing Largest(ReadOnlySpan<double> values, Duration step)
    {
        var best = 0.0;
        int bestStart = 0, bestEnd = 0;
        var start = 0;
        var direction = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var d = Math.Sign(values[i] - values[i - 1]);
            if (d == 0 || d != direction)
            {
                start = d == 0 ? i : i - 1;
                direction = d;
            }

            var size = Math.Abs(values[i] - values[start]);
            if (direction != 0 && size > best)
            {
                (best, bestStart, bestEnd) = (size, start, i);
            }
        }

        if (best <= 0)
        {
            return default;
        }

        var rise = Crossing(values, bestStart, bestEnd, 0.9) - Crossing(values, bestStart, bestEnd, 0.1);
        return new PowerSwing(new Watts(best), step * (bestEnd - bestStart), step * rise);
    }

    // Where (in samples from the run's start, interpolated) the monotone run [start, end] first reaches `share` of its swing.
    private static double Crossing(ReadOnlySpan<double> values, int start, int end, double share)
    {
        var level = values[start] + (share * (values[end] - values[start]));
        for (var i = start + 1; i <= end; i++)
        {
            var before = values[i - 1] - level;
            var after = values[i] - level;
            if (before == 0)
            {
                return i - 1 - start;
            }

            if (Math.Sign(before) != Math.Sign(after) || after == 0)
            {
                return i - 1 - start + (before / (before - after));
            }
        }

        return end - start;
    }
}

/// <summary>
/// A facility power timeline: per sample, the facility's draw (IT × PUE), what the grid supplies, what the battery
/// gives (+) or takes (−) and its state of charge; with peaks, swings, energy, cost and carbon. Samples are
/// <see cref="Step"/> apart; the last one covers what is left of <see cref="Length"/> (<see cref="LastStep"/>, at most
/// one step) and weighs by that, so energy and means do not depend on the step.
/// </summary>
public sealed record PowerTimelineResult
{
    // The series stay double[] inside: the simulation and dispatch loops run over millions of samples and the
    // arrays are handed out as typed spans (Watts and Energy are one double each, so the cast copies nothing).
    private readonly double[] _facility;
    private readonly double[] _grid;
    private readonly double[] _battery;
    private readonly double[] _charge;

    // The buffers the series are borrowed from (null when the timeline owns them) and their generation at the time.
    private readonly PowerTimelineBuffers? _owner;
    private readonly long _generation;

    // Each series' extremes, found once (a sweep reads them many times per run, and a series is 86,400 samples a day).
    private readonly double _minFacility, _maxFacility, _minGrid, _maxGrid, _minCharge, _maxCharge;

    // The swings, found on first use (a struct of three fields: boxed so that another thread never reads one torn).
    private object? _facilitySwing, _gridSwing;

    // The series with their figures gathered as they were made (see PowerSeriesFigures); `gridFigures` are the
    // facility's own when the grid series is the facility's array (no battery); of the charge, only its smallest and
    // largest sample are read.
    internal PowerTimelineResult(Duration step, Duration length, double[] facility, double[] grid, double[] battery, double[] charge, Usd energyCost, double tonnesCo2, PowerTimelineBuffers? owner, PowerSeriesFigures facilityFigures, PowerSeriesFigures gridFigures, PowerSeriesFigures chargeFigures)
    {
        _owner = owner;
        _generation = owner?.Generation ?? 0;
        Step = step;
        Length = length;
        _facility = facility;
        _grid = grid;
        _battery = battery;
        _charge = charge;
        EnergyCost = energyCost;
        TonnesCo2 = tonnesCo2;
        FacilityEnergy = facilityFigures.Integral(step, LastStep);
        GridEnergy = gridFigures.Integral(step, LastStep);
        (_minFacility, _maxFacility) = (facilityFigures.Min, facilityFigures.Max);
        (_minGrid, _maxGrid) = (gridFigures.Min, gridFigures.Max);
        (_minCharge, _maxCharge) = (chargeFigures.Min, chargeFigures.Max);
        if (facilityFigures.SawNaN || gridFigures.SawNaN)
        {
            // The swings refuse NaN (Math.Sign throws): refuse the timeline now, as when they were found here.
            _facilitySwing = PowerSwing.Largest(facility, step);
            _gridSwing = PowerSwing.Largest(grid, step);
        }
    }

    /// <summary>Time between samples.</summary>
    public Duration Step { get; }

    /// <summary>How long the timeline runs (the samples cover it exactly).</summary>
    public Duration Length { get; }

    /// <summary>Time the last sample covers: <see cref="Length"/> − (<see cref="Count"/> − 1) × <see cref="Step"/>, in (0, <see cref="Step"/>].</summary>
    public Duration LastStep => Length - (Step * (Count - 1));

    /// <summary>Mean facility draw in each sample.</summary>
    public ReadOnlySpan<Watts> Facility => MemoryMarshal.Cast<double, Watts>(Series(_facility).AsSpan());

    /// <summary>Mean grid draw in each sample.</summary>
    public ReadOnlySpan<Watts> Grid => MemoryMarshal.Cast<double, Watts>(Series(_grid).AsSpan());

    /// <summary>Mean battery output in each sample (positive discharging, negative charging).</summary>
    public ReadOnlySpan<Watts> Battery => MemoryMarshal.Cast<double, Watts>(Series(_battery).AsSpan());

    /// <summary>Battery state of charge at the end of each sample.</summary>
    public ReadOnlySpan<Energy> StateOfCharge => MemoryMarshal.Cast<double, Energy>(Series(_charge).AsSpan());

    /// <summary>Samples.</summary>
    public int Count => _facility.Length;

    /// <summary>Energy the facility drew: Σ facility × the time each sample covers.</summary>
    public Energy FacilityEnergy { get; }

    /// <summary>Energy the grid supplied: Σ grid × the time each sample covers.</summary>
    public Energy GridEnergy { get; }

    /// <summary>Mean facility draw over <see cref="Length"/>: <see cref="FacilityEnergy"/> / <see cref="Length"/>.</summary>
    public Watts MeanFacility => FacilityEnergy / Length;

    /// <summary>Mean grid draw over <see cref="Length"/>.</summary>
    public Watts MeanGrid => GridEnergy / Length;

    /// <summary>Highest facility draw.</summary>
    public Watts PeakFacility => new(Checked(_maxFacility));

    /// <summary>Highest grid draw.</summary>
    public Watts PeakGrid => new(Checked(_maxGrid));

    /// <summary>Lowest facility draw.</summary>
    public Watts MinFacility => new(Checked(_minFacility));

    /// <summary>Lowest grid draw.</summary>
    public Watts MinGrid => new(Checked(_minGrid));

    /// <summary>Lowest battery charge (zero without a battery).</summary>
    public Energy MinCharge => new(Checked(_minCharge));

    /// <summary>Highest battery charge.</summary>
    public Energy MaxCharge => new(Checked(_maxCharge));

    /// <summary>
    /// The largest swing of the facility draw (see <see cref="PowerSwing"/>), found when first asked (a sweep's summary
    /// never asks) from the series, so like the peaks it is refused once the timeline's buffers are released.
    /// </summary>
    public PowerSwing FacilitySwing => SwingOf(ref _facilitySwing, _facility);

    /// <summary>The largest swing of the grid draw, found when first asked (as <see cref="FacilitySwing"/>).</summary>
    public PowerSwing GridSwing => ReferenceEquals(_grid, _facility) ? FacilitySwing : SwingOf(ref _gridSwing, _grid);

    /// <summary>Ramp of the facility's largest swing, W per second (<see cref="PowerSwing.WattsPerSecond"/>).</summary>
    public double MaxFacilityRamp => FacilitySwing.WattsPerSecond;

    /// <summary>Ramp of the grid's largest swing, W per second.</summary>
    public double MaxGridRamp => GridSwing.WattsPerSecond;

    /// <summary>How much lower the grid's peak is than the facility's, 0-1 (0 without a battery).</summary>
    public double PeakReduction => PeakFacility.Value > 0 ? 1 - (PeakGrid / PeakFacility) : 0;

    /// <summary>How much smaller the grid's largest swing is than the facility's, 0-1 (0 when the facility never moves).</summary>
    public double SwingReduction => FacilitySwing.Size.Value > 0 ? 1 - (GridSwing.Size / FacilitySwing.Size) : 0;

    /// <summary>Electricity bought: grid energy × price.</summary>
    public Usd EnergyCost { get; }

    /// <summary>CO2 of the grid energy, tonnes.</summary>
    public double TonnesCo2 { get; }

    /// <summary>The start of sample <paramref name="index"/> from the start of the timeline.</summary>
    public Duration TimeOf(int index) => Step * index;

    /// <summary>The time sample <paramref name="index"/> covers: <see cref="Step"/>, or <see cref="LastStep"/> for the last.</summary>
    public Duration StepAt(int index) => index == Count - 1 ? LastStep : Step;

    internal static Energy Integral(double[] values, Duration step, Duration last)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length - 1; i++)
        {
            sum += values[i];
        }

        return new Energy((sum * step.TotalSeconds) + (values.Length == 0 ? 0 : values[^1] * last.TotalSeconds));
    }

    // A series, checked to be still this timeline's: its buffers have not been released since it was simulated.
    private double[] Series(double[] values) =>
        _owner is null || _owner.Generation == _generation
            ? values
            : throw new InvalidOperationException("this power timeline's buffers were released (PowerTimelineBuffers.Release) and now hold another run's samples; read the timeline before releasing them");

    // A figure of this timeline's series, once they are checked to be still this timeline's (as Series does).
    private double Checked(double value)
    {
        _ = Series(_facility);
        return value;
    }

    // A swing of `values`, found once; two threads asking at once both find the same one.
    private PowerSwing SwingOf(ref object? cache, double[] values)
    {
        var series = Series(values);
        if (cache is PowerSwing found)
        {
            return found;
        }

        var swing = PowerSwing.Largest(series, Step);
        _ = Interlocked.CompareExchange(ref cache, swing, null);
        return swing;
    }
}

/// <summary>Simulates a facility's power draw over time and a battery's dispatch against it.</summary>
public static class PowerTimeline
{
    /// <summary>Most samples in one timeline.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>
    /// The timeline of <paramref name="scenario"/>: whole steps, then a last shorter one when the step does not divide
    /// the length (it averages and weighs only what it covers). Problems (more GPUs in loads than the cluster has, too
    /// many samples) are recorded and <see langword="null"/> returned.
    /// </summary>
    public static PowerTimelineResult? Simulate(PowerScenario scenario, Problems problems) => Simulate(scenario, problems, null);

    /// <summary>
    /// As <see cref="Simulate(PowerScenario, Problems)"/>, with the timeline's series taken from
    /// <paramref name="buffers"/> when given (the result is then readable until <see cref="PowerTimelineBuffers.Release"/>),
    /// so a worker running many scenarios reuses the same arrays; the samples are the same either way.
    /// </summary>
    public static PowerTimelineResult? Simulate(PowerScenario scenario, Problems problems, PowerTimelineBuffers? buffers)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(problems);
        var plan = scenario.Plan;
        var used = scenario.Loads.Sum(l => l.Gpus);
        if (used > plan.Gpus)
        {
            problems.Error("workloads", $"expected at most the cluster's {plan.Gpus.ToString("N0", CultureInfo.InvariantCulture)} GPUs in the workloads, found {used.ToString("N0", CultureInfo.InvariantCulture)}");
        }

        if (scenario.Step <= Duration.Zero || scenario.Length <= Duration.Zero)
        {
            problems.Error("step", $"expected a positive step and length, found step {scenario.Step} and length {scenario.Length}");
            return null;
        }

        var samples = scenario.Length / scenario.Step;
        if (samples > MaxSamples)
        {
            problems.Error("step", $"expected at most {MaxSamples.ToString("N0", CultureInfo.InvariantCulture)} samples, found {samples.ToString("N0", CultureInfo.InvariantCulture)} ({scenario.Length} / {scenario.Step}); use a longer step");
        }

        if (problems.HasErrors)
        {
            return null;
        }

        var nearest = Math.Round(samples);
        var n = Math.Max(1, (int)(Math.Abs(samples - nearest) <= 1e-6 * Math.Max(1, samples) ? nearest : Math.Ceiling(samples))); // whole samples, give or take nanosecond rounding
        var d = scenario.Defaults;
        var node = NodePowerModel.For(plan.System, plan.Gpu, d);
        var dt = scenario.Step.TotalSeconds;
        var length = scenario.Length.TotalSeconds;
        var lastDt = Math.Max(length - ((n - 1) * dt), 0);
        if (lastDt <= 1e-9 * dt)
        {
            lastDt = dt; // the step divides the length, give or take rounding
        }

        var idleGpus = plan.Gpus - used;
        var fixedIt = plan.Network.Power.Value;
        var idlePerGpu = node.PerGpu(GpuActivity.Idle).Value;
        var storage = d.StorageFraction;
        var pue = plan.Power.Pue;
        FacilityLoad[] loads = [.. scenario.Loads]; // an array: no enumerator per sample
        var facility = buffers?.Take(n) ?? new double[n];
        var facilityFigures = Draw(facility, loads, node, dt, lastDt, idleGpus * idlePerGpu, storage, fixedIt, pue);

        var gridFigures = default(PowerSeriesFigures);
        var chargeFigures = default(PowerSeriesFigures);
        var (grid, battery, soc) = Dispatch(facility, dt, lastDt, scenario.Battery, buffers, ref gridFigures, ref chargeFigures);
        var ownGrid = ReferenceEquals(grid, facility) ? facilityFigures : gridFigures;
        var covered = Duration.FromSeconds(((n - 1) * dt) + lastDt);
        var gridEnergy = ownGrid.Integral(scenario.Step, Duration.FromSeconds(lastDt));
        return new PowerTimelineResult(scenario.Step, covered, facility, grid, battery, soc, new Usd(gridEnergy.KilowattHours * d.UsdPerKilowattHour), gridEnergy.KilowattHours * d.GridGramsCo2PerKilowattHour / 1e6, buffers, facilityFigures, ownGrid, chargeFigures);
    }

    // The facility's draw in each sample, with its figures. Run once per timeline over every sample (86,400 a day), so
    // compiled optimised at its first call: through tier 0 it would run each call's loop in on-stack-replacement code,
    // and each sweep process would compile it three or four times.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PowerSeriesFigures Draw(double[] facility, FacilityLoad[] loads, NodePowerModel node, double dt, double lastDt, double idle, double storage, double fixedIt, double pue)
    {
        var figures = default(PowerSeriesFigures);
        var n = facility.Length;
        for (var i = 0; i < n; i++)
        {
            var from = i * dt;
            var to = from + (i == n - 1 ? lastDt : dt);
            var compute = idle;
            foreach (var load in loads)
            {
                compute += load.Gpus * load.AveragePerGpu(from, to, node).Value;
            }

            var draw = (compute + (compute * storage) + fixedIt) * pue;
            facility[i] = draw;
            figures.Add(draw);
        }

        return figures;
    }

    /// <summary>
    /// Splits each step's <paramref name="load"/> (W) between grid and battery under the battery's policy, within its
    /// power and state-of-charge limits. Returns grid (W), battery output (W, + discharging) and state of charge (J) per step.
    /// </summary>
    public static (double[] Grid, double[] Battery, double[] StateOfCharge) Dispatch(double[] load, double stepSeconds, BatterySpec? battery)
    {
        ArgumentNullException.ThrowIfNull(load);
        PowerSeriesFigures grid = default, charge = default;
        var (g, b, c) = Dispatch(load, stepSeconds, stepSeconds, battery, null, ref grid, ref charge);
        return (ReferenceEquals(g, load) ? (double[])load.Clone() : g, b, c);
    }

    // As above, with the last sample covering lastSeconds (a partial step at the end of the timeline), the three
    // series taken from buffers when given (their stale contents are overwritten: every element is written below),
    // and the figures of the grid and charge series gathered as they are made. Without a working battery the grid
    // takes the load as it is: the grid series is then `load` itself (not a copy) and `gridFigures` is left empty.
    private static (double[] Grid, double[] Battery, double[] StateOfCharge) Dispatch(double[] load, double stepSeconds, double lastSeconds, BatterySpec? battery, PowerTimelineBuffers? buffers, ref PowerSeriesFigures gridFigures, ref PowerSeriesFigures chargeFigures)
    {
        var n = load.Length;
        var output = buffers?.Take(n) ?? new double[n];
        var soc = buffers?.Take(n) ?? new double[n];
        if (battery is null || battery.Policy == BatteryPolicy.None || battery.Capacity.Joules <= 0 || battery.Power.Value <= 0)
        {
            Array.Clear(output);
            var level = battery is null ? 0 : battery.Capacity.Joules * Math.Clamp(battery.InitialCharge, 0, 1);
            Array.Fill(soc, level);
            if (n > 0)
            {
                chargeFigures.Add(level); // only the range of the charge is read: one sample's is that of n equal ones
            }

            return (load, output, soc);
        }

        var grid = buffers?.Take(n) ?? new double[n];
        var capacity = battery.Capacity.Joules;
        var maxPower = battery.Power.Value;
        var oneWay = Math.Sqrt(Math.Clamp(battery.RoundTripEfficiency, 1e-6, 1));
        var charge = capacity * Math.Clamp(battery.InitialCharge, 0, 1);
        var mean = n == 0 ? 0 : load.Average();
        var cap = battery.GridCap?.Value ?? mean;
        var tau = Math.Max(battery.Window.TotalSeconds, stepSeconds);
        var alpha = 1 - Math.Exp(-stepSeconds / tau);
        var average = mean; // as if the moving average had been running before the timeline starts
        var fullStep = stepSeconds;
        for (var i = 0; i < n; i++)
        {
            stepSeconds = i == n - 1 ? lastSeconds : fullStep;
            double target;
            if (battery.Policy == BatteryPolicy.PeakShave)
            {
                target = Math.Min(load[i], cap);
                if (load[i] < cap)
                {
                    target = cap; // recharge with the headroom below the cap
                }
            }
            else
            {
                average += (i == n - 1 && stepSeconds != fullStep ? 1 - Math.Exp(-stepSeconds / tau) : alpha) * (load[i] - average);

                // Lean the grid towards bringing the battery back to half charge over one window.
                target = average + ((capacity / 2) - charge) / tau;
            }

            var wanted = load[i] - target; // + discharge, - charge
            double given;
            if (wanted >= 0)
            {
                given = Math.Min(Math.Min(wanted, maxPower), charge * oneWay / stepSeconds);
                charge -= given * stepSeconds / oneWay;
            }
            else
            {
                var taken = Math.Min(Math.Min(-wanted, maxPower), (capacity - charge) / (oneWay * stepSeconds));
                given = -taken;
                charge += taken * stepSeconds * oneWay;
            }

            charge = Math.Clamp(charge, 0, capacity);
            output[i] = given;
            grid[i] = load[i] - given;
            soc[i] = charge;
            gridFigures.Add(grid[i]);
            chargeFigures.Add(charge);
        }

        return (grid, output, soc);
    }
}
