using System.Globalization;
using System.Runtime.Versioning;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Sweeps;

/// <summary>
/// tools/sweeps/speedup.sh, the measurement of the sweep's speed-up on two cores (docs/performance.md): its arguments are
/// checked before any sweep is run, each refusal one line and exit 2. (The measurement itself takes a minute and more;
/// it is not run here.)
/// </summary>
public sealed class SpeedupScriptTests
{
    [SkippableTheory]
    [InlineData("0", "expected ROUNDS from 1 to 1000, found '0'")]
    [InlineData("-1", "expected ROUNDS from 1 to 1000, found '-1'")]
    [InlineData("1e308", "expected ROUNDS from 1 to 1000, found '1e308'")]
    [InlineData("1001", "expected ROUNDS from 1 to 1000, found '1001'")]
    public void Refuses_a_bad_number_of_rounds(string rounds, string message)
    {
        // Any executable passes the command's check, which comes first.
        Assert.Equal((2, $"speedup.sh: {message}"), Trim(Script("/bin/sh", rounds)));
    }

    [SkippableFact]
    public void Refuses_a_folder_as_the_command_and_a_file_as_the_store_folder()
    {
        Assert.Equal((2, "speedup.sh: expected an executable colossim, found '/tmp' (build it: dotnet build src/Colossim.Cli -c Release)"), Trim(Script("/tmp", "2")));
        Assert.Equal((2, "speedup.sh: expected an executable colossim, found '/dev/zero' (build it: dotnet build src/Colossim.Cli -c Release)"), Trim(Script("/dev/zero", "2")));
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal((2, $"speedup.sh: expected a writable folder for the stores, found '{file}'"), Trim(Script("/bin/sh", "2", file)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public void Times_the_sweep_on_one_core_and_two_and_the_machine_with_two_processes_side_by_side()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/taskset") && Environment.ProcessorCount >= 2, "needs Linux, taskset and two cores");
        var folder = Directory.CreateTempSubdirectory("colossim-speedup-test").FullName;
        try
        {
            // A stand-in for colossim that records each call's cores and takes 0.3 s with --jobs 1, 0.15 s with --jobs 2:
            // a sweep that halves on two cores, on a machine whose cores do not slow each other (it sleeps).
            var fake = Path.Combine(folder, "colossim");
            File.WriteAllText(fake, """
                #!/bin/sh
                echo "$(grep Cpus_allowed_list /proc/self/status | tr -d '\t ') $*" >>"$(dirname "$0")/calls"
                case " $* " in *" --jobs 2 "*) sleep 0.15 ;; *) sleep 0.3 ;; esac
                """);
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (exit, output, error) = Script(fake, "2", folder);

            Assert.True(exit == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(5, lines.Length);
            Assert.Equal("round  1 core  2 cores  speed-up  side by side  machine  share", lines[0]);
            foreach (var round in lines[1..3])
            {
                var cells = round.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(7, cells.Length);
                // The ratios of the round's own times (a loaded machine stretches the sleeps, not the arithmetic).
                Assert.Equal(cells[1] / cells[2], cells[3], 0.01);
                Assert.Equal(2 * cells[1] / cells[4], cells[5], 0.01);
                Assert.Equal(cells[4] / (2 * cells[2]), cells[6], 0.01);
                Assert.True(cells[3] > 1.2, round); // 0.3 s against 0.15 s
                Assert.True(cells[5] > 1.2, round); // the two sleeps ran side by side, not one after the other
            }

            Assert.Matches(@"^median: 1 core \d\.\d{3} s, 2 cores \d\.\d{3} s, side by side \d\.\d{3} s; speed-up of the medians \d\.\d\d, the machine's \d\.\d\d$", lines[3]);
            Assert.Matches(@"^median of the rounds: speed-up \d\.\d\d\d, the machine's \d\.\d\d\d, share \d\.\d\d\d$", lines[4]);

            // One warm-up of each kind, then two rounds: one core (core 0 only), two cores, and one sweep on each core.
            var calls = File.ReadAllLines(Path.Combine(folder, "calls"));
            Assert.Equal(12, calls.Length);
            Assert.Equal(6, calls.Count(c => c.StartsWith("Cpus_allowed_list:0 sweep ", StringComparison.Ordinal) && c.Contains("--jobs 1 ", StringComparison.Ordinal)));
            Assert.Equal(3, calls.Count(c => c.StartsWith("Cpus_allowed_list:1 sweep ", StringComparison.Ordinal) && c.Contains("--jobs 1 ", StringComparison.Ordinal)));
            Assert.Equal(3, calls.Count(c => c.StartsWith("Cpus_allowed_list:0-1 sweep ", StringComparison.Ordinal) && c.Contains("--jobs 2 ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public void Stops_with_the_command_line_of_a_sweep_that_fails()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/taskset") && Environment.ProcessorCount >= 2, "needs Linux, taskset and two cores");
        var folder = Directory.CreateTempSubdirectory("colossim-speedup-test").FullName;
        try
        {
            var fake = Path.Combine(folder, "colossim");
            File.WriteAllText(fake, "#!/bin/sh\nexit 1\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var scenario = Path.Combine(ScenarioFiles.RepoRoot, "tests", "Colossim.Tests", "TestData", "Sweeps", "plan-sized.yaml");

            var (exit, output, error) = Script(fake, "2", folder);

            Assert.Equal((2, ""), (exit, output));
            Assert.Equal($"speedup.sh: the sweep failed: {fake} sweep {scenario} --vary 'sites[0].gpus.count=1024:1024000:1024' --jobs 1", error.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int, string) Trim((int Exit, string Output, string Error) result) => (result.Exit, result.Error.Trim());

    private static (int Exit, string Output, string Error) Script(params string[] args)
    {
        Skip.IfNot(File.Exists("/bin/bash") && File.Exists("/bin/sh"), "the script is a bash script");
        return RepoScript.Run("tools/sweeps/speedup.sh", 30, args);
    }
}
