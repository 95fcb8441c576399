using Colossim.Training;
using static Colossim.Tests.Training.TrainingFixtures;

namespace Colossim.Tests.Training;

public sealed class LayoutSearchTests
{
    public sealed class TheSearchMethod
    {
        [Fact]
        public void Finds_the_best_of_every_valid_layout_on_a_small_case()
        {
            // Llama 3.2 1B on 8 H100s, 32 sequences of 2,048: every layout checked and timed by brute force.
            var job = Job(Model("llama3.2-1b"), "h100-sxm", 8, 2048, 2048L * 32);
            var steps = Steps(job);
            TrainingStep? best = null;
            long valid = 0;
            foreach (var layout in Every(job))
            {
                if (job.Check(layout).Count > 0)
                {
                    continue;
                }

                valid++;
                var step = steps.Evaluate(layout);
                if (best is null || LayoutSearch.IsBetter(step, best))
                {
                    best = step;
                }
            }

            var search = LayoutSearch.Search(steps);

            Assert.Equal(valid, search.LayoutsEvaluated);
            Assert.NotNull(search.Best);
            Assert.Equal(best!.Layout, search.Best.Layout);
            Assert.All(search.Ranked, s => Assert.Empty(job.Check(s.Layout)));
            Assert.True(search.Ranked.Zip(search.Ranked.Skip(1)).All(p => !LayoutSearch.IsBetter(p.Second, p.First)), "ranked best first");
        }

        [Fact]
        public void Keeps_the_knobs_it_is_given()
        {
            var job = Job(Model("llama3-8b"), "h100-sxm", 64, 4096, 4096L * 256);

            var search = LayoutSearch.Search(Steps(job), keep: 5, fixedTo: new LayoutConstraints { Tp = 4, Pp = 2, Recompute = Recomputation.Full, Zero = ZeroStage.Gradients });

            Assert.NotEmpty(search.Ranked);
            Assert.All(search.Ranked, s => Assert.Equal((4, 2, Recomputation.Full, ZeroStage.Gradients), (s.Layout.Tp, s.Layout.Pp, s.Layout.Recompute, s.Layout.Zero)));
        }

        [Fact]
        public void Ranks_a_layout_that_fits_before_a_faster_one_that_does_not()
        {
            var job = Job(Model("llama3-70b"), "h100-sxm", 64, 8192, 8192L * 64);
            var steps = Steps(job);
            var fits = steps.Evaluate(new ParallelLayout { Tp = 8, Pp = 4, Dp = 2, Recompute = Recomputation.Full, Zero = ZeroStage.Optimizer });
            var overflows = steps.Evaluate(new ParallelLayout { Tp = 8, Dp = 8 });

            Assert.True(fits.Memory.Fits && !overflows.Memory.Fits);
            Assert.True(LayoutSearch.IsBetter(fits, overflows));
            Assert.False(LayoutSearch.IsBetter(overflows, fits));
        }
    }

    private static IEnumerable<ParallelLayout> Every(TrainingJob job)
    {
        for (var tp = 1; tp <= 8; tp *= 2)
        {
            for (var cp = 1; cp <= 8; cp *= 2)
            {
                for (var pp = 1; pp <= job.Model.Layers; pp++)
                {
                    if (job.Gpus % ((long)tp * cp * pp) != 0)
                    {
                        continue;
                    }

                    var dp = (int)(job.Gpus / (tp * cp * pp));
                    for (var mb = 1; mb <= 16; mb++)
                    {
                        for (var vpp = 1; vpp <= 8; vpp++)
                        {
                            foreach (var r in Enum.GetValues<Recomputation>())
                            {
                                foreach (var sp in tp > 1 ? new[] { true, false } : [false])
                                {
                                    foreach (var z in Enum.GetValues<ZeroStage>())
                                    {
                                        yield return new ParallelLayout { Tp = tp, Pp = pp, Cp = cp, Dp = dp, Vpp = vpp, MicroBatch = mb, Recompute = r, SequenceParallel = sp, Zero = z };
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
