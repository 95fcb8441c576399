using System.Globalization;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>A closed range a number must lie in, with the words that say what it is (for "expected … found …" messages).</summary>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
/// <param name="Expected">What the number is, as a message says it: <c>a PUE (facility power / IT power)</c>.</param>
public sealed record NumberLimit(double Min, double Max, string Expected)
{
    /// <summary>Whether <paramref name="value"/> is finite and within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    /// <summary>The whole expectation: <c>a PUE (facility power / IT power) between 1 and 3</c>.</summary>
    public string Expectation => string.Create(CultureInfo.InvariantCulture, $"{Expected} between {Min:0.###} and {Max:0.###}");
}

/// <summary>
/// The one owner of the facility's limits: every reader of a PUE (scenario sites, <c>colossim plan --pue</c>, a
/// defaults file) checks it against <see cref="Pue"/>, so the program accepts the same values everywhere.
/// </summary>
public static class FacilityLimits
{
    /// <summary>
    /// Power usage effectiveness: 1 (no overhead) to 3. The Uptime Institute's 2024 survey puts the industry average
    /// at 1.56 and its 2007 figure at 2.5; a PUE above 3 is a typo rather than a data centre.
    /// </summary>
    public static NumberLimit Pue { get; } = new(1, 3, "a PUE (facility power / IT power)");
}

/// <summary>
/// The grid-connection rule every command applies (<c>plan</c>, <c>power</c>, and through the scenario runner
/// <c>check</c> and <c>run</c>): a site's facility power at nameplate (IT × PUE) must be covered by what can feed it at
/// once, its grid connection plus on-site generation plus battery discharge power. Batteries count because they carry
/// peaks (Colossus's Megapacks); a site that relies on them for its nameplate load is warned all the same when they
/// cannot (they are then the only margin).
/// </summary>
public static class GridCheck
{
    /// <summary>
    /// A warning at <paramref name="path"/> when <paramref name="facility"/> exceeds <paramref name="grid"/> +
    /// <paramref name="onsite"/> + <paramref name="battery"/>; nothing when the site has no grid limit
    /// (<paramref name="grid"/> <see langword="null"/>). Returns whether the supply suffices.
    /// </summary>
    /// <param name="facility">Facility power at nameplate (IT × PUE), W.</param>
    /// <param name="grid">The grid connection, W; <see langword="null"/> when not limited.</param>
    /// <param name="onsite">On-site generation, W (≥ 0).</param>
    /// <param name="battery">Battery discharge power, W (≥ 0).</param>
    /// <param name="problems">Where the warning goes.</param>
    /// <param name="path">The grid's path: <c>sites[0].power.grid_mw</c>, <c>--grid-mw</c>.</param>
    public static bool Check(Watts facility, Watts? grid, Watts onsite, Watts battery, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (grid is not { } g)
        {
            return true;
        }

        var supply = g + onsite + battery;
        if (facility <= supply)
        {
            return true;
        }

        var extra = onsite.Value > 0 || battery.Value > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (with {onsite.Megawatts:#,0.###} MW on-site generation and {battery.Megawatts:#,0.###} MW of batteries)")
            : "";
        problems.Warning(path, string.Create(
            CultureInfo.InvariantCulture,
            $"the facility needs {facility.Megawatts:#,0.###} MW at nameplate (IT x PUE), above the {g.Megawatts:#,0.###} MW grid connection{extra}"));
        return false;
    }

    /// <summary>The rule applied to a planned cluster: its nameplate facility power against <paramref name="grid"/> and its own generation and batteries.</summary>
    public static bool Check(ClusterPlan plan, Watts? grid, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Check(plan.Power.Facility, grid, plan.Power.OnsiteGeneration, plan.Power.BatteryPower, problems, path);
    }
}
