using System.Globalization;
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
/// A facility power timeline: per step, the facility's draw (IT × PUE), what the grid supplies, what the battery
/// gives (+) or takes (−) and its state of charge; with peaks, ramps, energy, cost and carbon.
/// </summary>
public sealed record PowerTimelineResult
{
    /// <summary>Time between samples.</summary>
    public required Duration Step { get; init; }

    /// <summary>Mean facility draw in each step, W.</summary>
    public required double[] Facility { get; init; }

    /// <summary>Mean grid draw in each step, W.</summary>
    public required double[] Grid { get; init; }

    /// <summary>Mean battery output in each step, W (positive discharging, negative charging).</summary>
    public required double[] Battery { get; init; }

    /// <summary>Battery state of charge at the end of each step, J.</summary>
    public required double[] StateOfCharge { get; init; }

    /// <summary>Samples.</summary>
    public int Count => Facility.Length;

    /// <summary>Energy the facility drew: Σ facility × step.</summary>
    public Energy FacilityEnergy => new(Sum(Facility) * Step.TotalSeconds);

    /// <summary>Energy the grid supplied: Σ grid × step.</summary>
    public Energy GridEnergy => new(Sum(Grid) * Step.TotalSeconds);

    /// <summary>Highest facility draw.</summary>
    public Watts PeakFacility => new(Max(Facility));

    /// <summary>Highest grid draw.</summary>
    public Watts PeakGrid => new(Max(Grid));

    /// <summary>Lowest facility draw.</summary>
    public Watts MinFacility => new(Min(Facility));

    /// <summary>Lowest grid draw.</summary>
    public Watts MinGrid => new(Min(Grid));

    /// <summary>Largest change of the facility draw between consecutive steps, W per second.</summary>
    public double MaxFacilityRamp => MaxRamp(Facility);

    /// <summary>Largest change of the grid draw between consecutive steps, W per second.</summary>
    public double MaxGridRamp => MaxRamp(Grid);

    /// <summary>Electricity bought: grid energy × price.</summary>
    public required Usd EnergyCost { get; init; }

    /// <summary>CO2 of the grid energy, tonnes.</summary>
    public required double TonnesCo2 { get; init; }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static double Max(double[] values) => values.Length == 0 ? 0 : values.Max();

    private static double Min(double[] values) => values.Length == 0 ? 0 : values.Min();

    private double MaxRamp(double[] values)
    {
        var max = 0.0;
        for (var i = 1; i < values.Length; i++)
        {
            max = Math.Max(max, Math.Abs(values[i] - values[i - 1]));
        }

        return max / Step.TotalSeconds;
    }
}

/// <summary>Simulates a facility's power draw over time and a battery's dispatch against it.</summary>
public static class PowerTimeline
{
    /// <summary>Most samples in one timeline.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>
    /// The timeline of <paramref name="scenario"/>. Problems (more GPUs in loads than the cluster has, a step longer
    /// than the timeline, too many samples) are recorded and <see langword="null"/> returned.
    /// </summary>
    public static PowerTimelineResult? Simulate(PowerScenario scenario, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(scenario);
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
        var idleGpus = plan.Gpus - used;
        var fixedIt = plan.Network.Power.Value;
        var idlePerGpu = node.PerGpu(GpuActivity.Idle).Value;
        var facility = new double[n];
        for (var i = 0; i < n; i++)
        {
            var from = i * dt;
            var to = from + dt;
            var compute = idleGpus * idlePerGpu;
            foreach (var load in scenario.Loads)
            {
                compute += load.Gpus * load.AveragePerGpu(from, to, node).Value;
            }

            facility[i] = (compute + (compute * d.StorageFraction) + fixedIt) * plan.Power.Pue;
        }

        var (grid, battery, soc) = Dispatch(facility, dt, scenario.Battery);
        var gridEnergy = new Energy(grid.Sum() * dt);
        return new PowerTimelineResult
        {
            Step = scenario.Step,
            Facility = facility,
            Grid = grid,
            Battery = battery,
            StateOfCharge = soc,
            EnergyCost = new Usd(gridEnergy.KilowattHours * d.UsdPerKilowattHour),
            TonnesCo2 = gridEnergy.KilowattHours * d.GridGramsCo2PerKilowattHour / 1e6,
        };
    }

    /// <summary>
    /// Splits each step's <paramref name="load"/> (W) between grid and battery under the battery's policy, within its
    /// power and state-of-charge limits. Returns grid (W), battery output (W, + discharging) and state of charge (J) per step.
    /// </summary>
    public static (double[] Grid, double[] Battery, double[] StateOfCharge) Dispatch(double[] load, double stepSeconds, BatterySpec? battery)
    {
        ArgumentNullException.ThrowIfNull(load);
        var n = load.Length;
        var grid = new double[n];
        var output = new double[n];
        var soc = new double[n];
        if (battery is null || battery.Policy == BatteryPolicy.None || battery.Capacity.Joules <= 0 || battery.Power.Value <= 0)
        {
            Array.Copy(load, grid, n);
            var level = battery is null ? 0 : battery.Capacity.Joules * Math.Clamp(battery.InitialCharge, 0, 1);
            Array.Fill(soc, level);
            return (grid, output, soc);
        }

        var capacity = battery.Capacity.Joules;
        var maxPower = battery.Power.Value;
        var oneWay = Math.Sqrt(Math.Clamp(battery.RoundTripEfficiency, 1e-6, 1));
        var charge = capacity * Math.Clamp(battery.InitialCharge, 0, 1);
        var mean = n == 0 ? 0 : load.Average();
        var cap = battery.GridCap?.Value ?? mean;
        var tau = Math.Max(battery.Window.TotalSeconds, stepSeconds);
        var alpha = 1 - Math.Exp(-stepSeconds / tau);
        var average = mean; // as if the moving average had been running before the timeline starts
        for (var i = 0; i < n; i++)
        {
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
                average += alpha * (load[i] - average);

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
        }

        return (grid, output, soc);
    }
}
