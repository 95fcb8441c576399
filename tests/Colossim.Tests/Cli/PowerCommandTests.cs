using System.Globalization;
using System.Text.Json;
using Colossim.Tests.Catalog;

namespace Colossim.Tests.Cli;

public sealed class PowerCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "colossim-power-" + Guid.NewGuid().ToString("N"));

    private static string Colossus => TestFiles.Repository("scenarios/colossus.yaml");

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public void Writes_a_csv_whose_integral_is_the_reported_energy_and_an_svg_chart()
    {
        var result = CliRunner.Run("power", Colossus, "--duration", "1h", "--step", "1s", "--out", _out, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var site = Assert.Single(doc.RootElement.GetProperty("sites").EnumerateArray());
        Assert.Equal("memphis", site.GetProperty("site").GetString());
        Assert.Equal(3600, site.GetProperty("samples").GetInt32());
        var lines = File.ReadAllLines(Path.Combine(_out, "memphis-power.csv"));
        Assert.Equal("time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh", lines[0]);
        Assert.Equal(3601, lines.Length);
        var mwh = lines.Skip(1).Sum(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)) / 3600; // 1 s samples
        Assert.Equal(site.GetProperty("facility").GetProperty("energy_j").GetDouble() / 3.6e9, mwh, 1e-3);
        var svg = System.Xml.Linq.XDocument.Load(Path.Combine(_out, "memphis-power.svg")).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "path");
        Assert.Contains("power (MW)", string.Join(" ", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Smooths_the_Colossus_training_swings_with_its_Megapacks()
    {
        var result = CliRunner.Run("power", Colossus, "--duration", "2h", "--step", "500ms", "--out", _out, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var site = doc.RootElement.GetProperty("sites")[0];
        var facility = site.GetProperty("facility");
        var grid = site.GetProperty("grid");
        Assert.InRange((facility.GetProperty("peak_w").GetDouble() - facility.GetProperty("min_w").GetDouble()) / 1e6, 20, 60); // 65,536 GPUs swinging together
        Assert.True(site.GetProperty("ramp_reduction").GetDouble() > 0.95);
        Assert.True(site.GetProperty("swing_reduction").GetDouble() > 0.95);
        Assert.True(grid.GetProperty("peak_w").GetDouble() < facility.GetProperty("peak_w").GetDouble());
        Assert.Equal(2, site.GetProperty("loads").GetArrayLength());
    }

    [Fact]
    public void Prints_a_timeline_for_people()
    {
        var result = CliRunner.Run("power", Colossus, "--duration", "10min", "--step", "1s", "--out", _out, "--policy", "peak-shave");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("memphis: 100,000 x h100-sxm on hgx-h100, PUE 1.20; pretrain (training, 65,536 GPUs at 677 W busy), chat (serving, 34,464 GPUs at 600 W busy)", result.Out, StringComparison.Ordinal);
        Assert.Contains("battery 150 MWh / 73.1 MW (peak shaving)", result.Out, StringComparison.Ordinal);
        Assert.Contains("timeline", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "memphis-power.svg")));
    }

    [Theory]
    [InlineData("2h")] // one sample, longer than the timeline
    [InlineData("7s")] // a last sample of 2 s
    public void Reports_the_same_energy_whether_or_not_the_step_divides_the_duration(string step)
    {
        var fine = CliRunner.Run("power", Colossus, "--duration", "1h", "--step", "1s", "--out", _out, "--format", "json");
        var coarse = CliRunner.Run("power", Colossus, "--duration", "1h", "--step", step, "--out", _out, "--format", "json");

        Assert.Equal(0, coarse.ExitCode);
        using var a = JsonDocument.Parse(fine.Out);
        using var b = JsonDocument.Parse(coarse.Out);
        var energy = a.RootElement.GetProperty("sites")[0].GetProperty("facility").GetProperty("energy_j").GetDouble();
        var site = b.RootElement.GetProperty("sites")[0];
        Assert.Equal(energy, site.GetProperty("facility").GetProperty("energy_j").GetDouble(), energy * 1e-6);
        Assert.Equal(3600 - ((site.GetProperty("samples").GetInt32() - 1) * Duration(step)), site.GetProperty("last_step_s").GetDouble(), 1e-9);
    }

    [Fact]
    public void Rates_the_training_swing_by_its_rise_not_by_the_drift_after_it()
    {
        // Samples of 100 ms: the training step is the Train pillar's (about 1.5 s for Grok-1 on 65,536 GPUs), so 1 s samples would average its swing away.
        var result = CliRunner.Run("power", Colossus, "--duration", "10min", "--step", "100ms", "--out", _out, "--format", "json");

        using var doc = JsonDocument.Parse(result.Out);
        var facility = doc.RootElement.GetProperty("sites")[0].GetProperty("facility");
        var swing = facility.GetProperty("max_swing_w").GetDouble();
        Assert.InRange(swing / 1e6, 25, 40);
        Assert.InRange(facility.GetProperty("max_swing_rise_s").GetDouble(), 0.05, 0.2); // within two 100 ms samples (the phase change falls inside one)
        var ramp = facility.GetProperty("max_ramp_w_per_s").GetDouble();
        Assert.Equal(0.8 * swing / facility.GetProperty("max_swing_rise_s").GetDouble(), ramp, ramp * 1e-5); // the JSON rounds each figure
    }

    [Fact]
    public void Warns_when_the_site_needs_more_than_its_grid_and_batteries()
    {
        var scenario = Path.Combine(_out, "small-grid.yaml");
        Directory.CreateDirectory(_out);
        File.WriteAllText(scenario, File.ReadAllText(Colossus).Replace("grid_mw: 150, battery_mwh: 150", "grid_mw: 95, battery_mwh: 50", StringComparison.Ordinal));

        var result = CliRunner.Run("power", scenario, "--duration", "1min", "--out", _out);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning: sites[0].power.grid_mw: the facility needs 167.227 MW at nameplate (IT x PUE), above the 95 MW grid connection (with 0 MW on-site generation and 24.35 MW of batteries)\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Contains("warning: the grid draw peaks at 99.9 MW, above the site's 95.0 MW connection", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_under_colossim_out_unless_told_otherwise()
    {
        var result = CliRunner.Run("power", "--help");

        Assert.Contains("(default: colossim-out/)", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/proc/nope", "error: --out: cannot write /proc/nope: ")]
    [InlineData("/dev/null", "error: --out: cannot write /dev/null: The file '/dev/null' already exists.")]
    public void Exits_with_2_when_the_out_folder_cannot_be_written(string folder, string message)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var result = CliRunner.Run("power", Colossus, "--duration", "10s", "--out", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Exits_with_2_when_out_names_a_file()
    {
        Directory.CreateDirectory(_out);
        var file = Path.Combine(_out, "a-file");
        File.WriteAllText(file, "");

        var result = CliRunner.Run("power", Colossus, "--duration", "10s", "--out", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --out: cannot write {file}: The file '{file}' already exists.\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Out);
    }

    private static double Duration(string text) => text.EndsWith('h') ? double.Parse(text[..^1], CultureInfo.InvariantCulture) * 3600 : double.Parse(text[..^1], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("--policy: expected one of smooth, peak-shave, none, found 'peak' (did you mean 'peak-shave'?)", "--policy", "peak")]
    [InlineData("--step: expected a positive duration like 1s, found '0s'", "--step", "0s")]
    [InlineData("--step: expected at most 10,000,000 samples, found 86,400,000 (24h / 1ms); use a longer step", "--step", "1ms")]
    [InlineData("--site: expected one of the scenario's sites (memphis), found 'memphys' (did you mean 'memphis'?)", "--site", "memphys")]
    public void Exits_with_2_for_bad_options(string message, params string[] args)
    {
        var result = CliRunner.Run(["power", Colossus, "--out", _out, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
    }
}
