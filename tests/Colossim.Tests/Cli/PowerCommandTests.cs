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
        Assert.Equal(site.GetProperty("facility").GetProperty("energy_mwh").GetDouble(), mwh, 0.01);
        var svg = File.ReadAllText(Path.Combine(_out, "memphis-power.svg"));
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.Contains("<polyline", svg, StringComparison.Ordinal);
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
        Assert.InRange(facility.GetProperty("peak_mw").GetDouble() - facility.GetProperty("min_mw").GetDouble(), 20, 60); // 65,536 GPUs swinging together
        Assert.True(site.GetProperty("ramp_reduction").GetDouble() > 0.95);
        Assert.True(grid.GetProperty("peak_mw").GetDouble() < facility.GetProperty("peak_mw").GetDouble());
        Assert.Equal(2, site.GetProperty("loads").GetArrayLength());
    }

    [Fact]
    public void Prints_a_timeline_for_people()
    {
        var result = CliRunner.Run("power", Colossus, "--duration", "10min", "--step", "1s", "--out", _out, "--policy", "peak-shave");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("memphis: 100,000 x h100-sxm on hgx-h100, PUE 1.20; pretrain (training, 65,536 GPUs), chat (serving, 34,464 GPUs)", result.Out, StringComparison.Ordinal);
        Assert.Contains("battery 150 MWh / 73.1 MW (peak shaving)", result.Out, StringComparison.Ordinal);
        Assert.Contains("timeline", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "memphis-power.svg")));
    }

    [Theory]
    [InlineData("--policy: expected one of smooth, peak-shave, none, found 'peak' (did you mean 'peak-shave'?)", "--policy", "peak")]
    [InlineData("--step: expected a positive duration like 1s, found '0s'", "--step", "0s")]
    [InlineData("--site: expected one of the scenario's sites (memphis), found 'memphys' (did you mean 'memphis'?)", "--site", "memphys")]
    public void Exits_with_2_for_bad_options(string message, params string[] args)
    {
        var result = CliRunner.Run(["power", Colossus, "--out", _out, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
    }
}
