using Colossim.Sweeps;

namespace Colossim.Tests.Sweeps;

public sealed class SweepRequestTests
{
    public sealed class ThePlanMethod
    {
        [Fact]
        public void Makes_every_combination_with_the_first_key_slowest()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048", "sites[0].power.pue=1.1,1.2,1.3"] });

            Assert.Equal(["1024 1.1", "1024 1.2", "1024 1.3", "2048 1.1", "2048 1.2", "2048 1.3"], plan.Points.Select(p => string.Join(' ', p.Values)));
            Assert.Equal(6, plan.Runs.Count);
            Assert.Equal(6, plan.Runs.Select(r => r.Hash).Distinct().Count());
        }

        [Fact]
        public void Gives_the_same_hashes_for_the_same_request_and_new_ones_for_other_seeds()
        {
            var request = new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048"] };

            var first = SweepFixtures.Plan(request);
            var again = SweepFixtures.Plan(request);
            var seeds = SweepFixtures.Plan(request with { Seeds = 3 });

            Assert.Equal(first.Runs.Select(r => r.Hash), again.Runs.Select(r => r.Hash));
            Assert.Equal(first.Id, again.Id);
            Assert.Equal(6, seeds.Runs.Count);
            Assert.Equal([0, 1, 2, 0, 1, 2], seeds.Runs.Select(r => r.Replica));
            Assert.Equal(first.Runs[0].Hash, seeds.Runs[0].Hash);
            Assert.Equal(6, seeds.Runs.Select(r => r.Hash).Distinct().Count());
        }

        [Fact]
        public void Reports_a_value_of_the_wrong_kind_with_the_message_check_gives()
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,lots"] });

            Assert.Equal([$"{SweepFixtures.PlanSized}:6: sites[0].gpus.count: expected a whole number, found 'lots'"], errors);
        }

        [Fact]
        public void Reports_an_unknown_key_as_an_error_with_a_suggestion()
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.cont=8"] });

            Assert.Single(errors);
            Assert.StartsWith($"{SweepFixtures.PlanSized}:6: sites[0].gpus.cont: ", errors[0], StringComparison.Ordinal);
            Assert.Contains("'count'", errors[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Gives_the_first_refused_values_of_a_range_in_full_and_counts_the_rest()
        {
            // 491 values, 200 checked; PUE outside [1, 3] is refused: 0.1 .. 0.98 and 3.01 .. 5.
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].power.pue=0.1:5:0.01"] });

            Assert.Equal(
                [
                    $"{SweepFixtures.PlanSized}:7: sites[0].power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.1'",
                    $"{SweepFixtures.PlanSized}:7: sites[0].power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.12'",
                    $"{SweepFixtures.PlanSized}:7: sites[0].power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.14'",
                    "--vary: sites[0].power.pue: 115 more values of the 200 checked are refused too (0.17, 0.19, 0.22, ... 5)",
                ],
                errors);
        }

        [Theory]
        [InlineData("0.5,1.2,4,0.9,1.5", new[] { "0.5", "4", "0.9" }, null)]
        [InlineData("0.5,1.2,4,0.9,1.5,0.8", new[] { "0.5", "4", "0.9" }, "--vary: sites[0].power.pue: 1 more value of the 6 checked is refused too (0.8)")]
        public void Gives_up_to_three_refused_values_in_full(string values, string[] inFull, string? more)
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = [$"sites[0].power.pue={values}"] });

            Assert.Equal(inFull.Select(v => $"{SweepFixtures.PlanSized}:7: sites[0].power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '{v}'"), errors.Take(3));
            Assert.Equal(more is null ? [] : [more], errors.Skip(3));
        }

        [Fact]
        public void Counts_no_value_twice_when_every_value_is_refused_with_the_same_message()
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.cont=1:500:1"] });

            Assert.Single(errors);
        }

        [Fact]
        public void Leaves_a_rule_across_values_to_the_points_that_break_it()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.Training, Vary = ["workloads.training[0].parallelism.tp=1,2"] });

            Assert.DoesNotContain(plan.Load(plan.Points[0]).Problems, p => p.Severity == Colossim.Documents.Severity.Error);
            Assert.Contains(plan.Load(plan.Points[1]).Problems, p => p.Message.StartsWith("expected tp × pp × cp × dp to equal gpus (8), found 2 × 1 × 1 × 8 = 16", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(new[] { "sites[5].gpus.count=8" }, null, null, null, null, null, "--vary: sites[5].gpus.count: the scenario's 'sites' has 1 item, so there is no [5]")]
        [InlineData(new[] { "sites[0].gpus.count=1:400:1", "sites[0].power.pue=1:2:0.001" }, null, null, null, null, null, "--vary: the grid has 400 x 1,001 = 400,400 points; a sweep has at most 100,000 runs (use --random N or --lhs N to sample it)")]
        [InlineData(new[] { "sites[0].gpus.count=8", "sites[0].gpus.count=16" }, null, null, null, null, null, "--vary: sites[0].gpus.count: expected each key once, found it twice")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, 5, 5, null, null, null, "--random: expected --random or --lhs, not both")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, null, null, 7L, null, null, "--seed: a sample seed needs --random N or --lhs N; a grid has no randomness (use --seeds N for the scenario's seeds)")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, 0, null, null, null, null, "--random: expected a number of points from 1 to 100,000, found 0")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, null, null, null, 0, null, "--seeds: expected a whole number of seeds from 1 to 1,000, found 0")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, null, 200, null, 1000, null, "--seeds: 200 points times 1000 seeds is over 100,000 runs")]
        [InlineData(new[] { "sites[0].gpus.count=8" }, null, null, null, null, "build..tco", "--objective: expected a path into summary.json such as build.total.tco_usd (keys joined by dots, list items as [N]), found 'build..tco'")]
        [InlineData(new string[0], null, null, null, null, null, "--vary: expected at least one --vary KEY=V1,V2,... (or KEY=START:STOP:STEP), found none")]
        public void Says_what_is_wrong_with_the_request(string[] vary, int? random, int? lhs, long? seed, int? seeds, string? objective, string message)
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = vary, Random = random, Lhs = lhs, Seed = seed, Seeds = seeds, Objective = objective });

            Assert.Equal([message], errors);
        }

        [Fact]
        public void Reports_the_scenarios_own_problems_as_check_does()
        {
            var errors = SweepFixtures.Errors(new SweepRequest { Scenario = Path.Combine(AppContext.BaseDirectory, "no-such.yaml"), Vary = ["a=1"] });

            Assert.Single(errors);
            Assert.Contains("no-such.yaml", errors[0], StringComparison.Ordinal);
        }
    }
}
