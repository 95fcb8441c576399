using System.Diagnostics;
using Colossim.Cli;

namespace Colossim.Tests.Cli;

public sealed class JitProfileTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Names_one_file_per_command_build_and_install_under_the_cache_folder()
    {
        var home = Environment(("HOME", "/home/ada"));

        var (folder, name) = JitProfile.File(["sweep", "a.yaml"], home, "0.1.0+abc123", "/opt/colossim/")!.Value;
        Assert.Matches("^/home/ada/.cache/colossim/jit/v0.1.0-abc123-[0-9a-f]{16}$", folder);
        Assert.Equal("sweep.jitprofile", name);
        Assert.Equal(folder, JitProfile.File(["sweep"], home, "0.1.0+abc123", "/opt/colossim/")!.Value.Folder);
        Assert.NotEqual(folder, JitProfile.File(["sweep"], home, "0.1.0+abc123", "/home/ada/colossim/out/")!.Value.Folder);
        Assert.StartsWith("/cache/colossim/jit/v1.0-", JitProfile.File(["run"], Environment(("HOME", "/h"), ("XDG_CACHE_HOME", "/cache")), "1.0", "/i")!.Value.Folder, StringComparison.Ordinal);
        Assert.StartsWith("/data/jit/v1.0-", JitProfile.File(["serve"], Environment(("XDG_CACHE_HOME", "/cache"), ("COLOSSIM_HOME", "/data")), "1.0", "/i")!.Value.Folder, StringComparison.Ordinal);
        Assert.StartsWith("/h/.cache/colossim/jit/v1.0-..-x-", JitProfile.File(["run"], Environment(("HOME", "/h")), "1.0/../x", "/i")!.Value.Folder, StringComparison.Ordinal);
        Assert.StartsWith("/h/.cache/colossim/jit/v..-", JitProfile.File(["run"], Environment(("HOME", "/h")), "..", "/i")!.Value.Folder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("runn")]
    [InlineData("../../etc")]
    public void Gives_no_file_without_a_known_command(string line)
    {
        Assert.Null(JitProfile.File(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), Environment(("HOME", "/h")), "1.0", "/i"));
    }

    [Fact]
    public void Gives_no_file_when_turned_off_or_without_a_home()
    {
        Assert.Null(JitProfile.File(["run"], Environment(("HOME", "/h"), ("COLOSSIM_JIT_PROFILE", "OFF")), "1.0", "/i"));
        Assert.Null(JitProfile.File(["run"], Environment(), "1.0", "/i"));
    }

    [Fact]
    public void Names_a_build_by_its_version_and_its_assemblies_identities()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+-[0-9a-f]{16}$", JitProfile.Build);
        Assert.Equal(JitProfile.Build, JitProfile.Build);
    }

    [Fact]
    public void Knows_every_command_of_the_tool()
    {
        var root = ColossimCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));

        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal), JitProfile.Commands.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_command_records_its_profile_drops_unused_ones_and_prints_the_same_with_it()
    {
        using var temp = new TempFolder();
        var old = Directory.CreateDirectory(Path.Combine(temp.Path, "jit", "v0.0.1-old")).FullName;
        File.WriteAllText(Path.Combine(old, "catalog.jitprofile"), "an older build's");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow - JitProfile.Unused - TimeSpan.FromHours(1));
        var recent = Directory.CreateDirectory(Path.Combine(temp.Path, "jit", "v0.0.2-other-install")).FullName;
        var first = Colossim(temp.Path, "catalog", "gpus");
        var profile = Directory.GetFiles(Path.Combine(temp.Path, "jit"), "catalog.jitprofile", SearchOption.AllDirectories);
        var second = Colossim(temp.Path, "catalog", "gpus");

        Assert.Equal("catalog.jitprofile", Path.GetFileName(Assert.Single(profile)));
        Assert.False(Directory.Exists(old), "profiles unused for two weeks are removed");
        Assert.True(Directory.Exists(recent), "another build's recent profiles stay");
        Assert.True(new FileInfo(profile[0]).Length > 0);
        Assert.Equal((0, first.Out), (second.ExitCode, second.Out));
        Assert.Contains("h200-sxm", first.Out, StringComparison.Ordinal);
    }

    // The built command in its own process (a profile is recorded when the process exits), with COLOSSIM_HOME set.
    private static (int ExitCode, string Out) Colossim(string home, params string[] args)
    {
        var start = CliRunner.StartInfo(args);
        start.Environment["COLOSSIM_HOME"] = home;
        start.Environment.Remove("COLOSSIM_JIT_PROFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "colossim did not exit within a minute");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return (process.ExitCode, stdout.Result);
    }
}
