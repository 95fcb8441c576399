using Colossim.Cli;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;
using Spectre.Console.Testing;

namespace Colossim.Tests.Cli;

public sealed class ProgressDisplayTests
{
    public sealed class TheRunMethod
    {
        [Fact]
        public void Draws_the_stages_of_a_run_on_an_interactive_console()
        {
            var console = new TestConsole().Interactive();
            var scenario = ScenarioFiles.Parse("name: s\nsites: [ { name: lab, gpus: { type: h200-sxm, count: 8 } } ]\n").Scenario!;

            var report = ProgressDisplay.Run(console, "s", progress => ScenarioRunner.Run(scenario, progress: progress));

            Assert.Equal("s", report.Scenario);
            Assert.Contains("s: build and power", console.Output, StringComparison.Ordinal);
            Assert.Contains("100%", console.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Draws_nothing_and_passes_no_listener_when_the_console_is_not_interactive()
        {
            var console = new TestConsole();
            IProgress<RunProgress>? seen = new NoProgress();

            ProgressDisplay.Run(console, "s", progress => seen = progress);

            Assert.Null(seen);
            Assert.Equal("", console.Output);
        }

        private sealed class NoProgress : IProgress<RunProgress>
        {
            public void Report(RunProgress value)
            {
            }
        }
    }
}
