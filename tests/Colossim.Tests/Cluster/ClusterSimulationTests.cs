using Colossim.Cluster;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Cluster;

public sealed class ClusterSimulationTests
{
    private static JobSpec Job(string id, double submitS, int gpus, double runtimeS, JobKind kind = JobKind.Batch, string tenant = "a", PriorityClass priority = PriorityClass.Guaranteed, double fraction = 1, int min = 0) => new()
    {
        Id = id,
        Tenant = tenant,
        Submit = Duration.FromSeconds(submitS),
        Gpus = gpus,
        Runtime = Duration.FromSeconds(runtimeS),
        Kind = kind,
        Priority = priority,
        GpuFraction = fraction,
        MinGpus = min,
    };

    private static ClusterOptions Options(string policy = "fifo") => new() { Policy = policy };

    public sealed class TheRunMethod
    {
        [Fact]
        public void Runs_two_jobs_on_one_gpu_in_submission_order()
        {
            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], [Job("a", 0, 1, 10), Job("b", 1, 1, 5)], Options());

            // a: 0-10 s (queue 0, JCT 10); b waits from 1 s to 10 s and ends at 15 s (queue 9, JCT 14).
            Assert.Equal(2, result.Jobs.Completed);
            Assert.Equal(12, result.Jct.Mean.TotalSeconds, 9);
            Assert.Equal(4.5, result.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(9, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(15, result.Makespan.TotalSeconds, 9);
            Assert.Equal(1, result.AllocatedUtilization, 9);
            Assert.Equal(1, result.BusyUtilization, 9);
        }

        [Fact]
        public void Lets_backfill_start_a_short_job_early_without_delaying_the_heads_reservation()
        {
            // One node of 4 GPUs. a holds 2 until 100 s; b (4 GPUs) must wait for it; c (2 GPUs, 50 s) fits before
            // 100 s; d (2 GPUs, 200 s) would still hold GPUs b needs at 100 s.
            JobSpec[] jobs = [Job("a", 0, 2, 100), Job("b", 1, 4, 10), Job("c", 2, 2, 50), Job("d", 3, 2, 200)];
            var shape = ClusterShape.Uniform(4, 4);

            var easy = ClusterSimulation.Run(shape, [], jobs, Options("fifo-backfill"));
            var fifo = ClusterSimulation.Run(shape, [], jobs, Options("fifo"));


            // EASY: c runs 2-52 s; b still starts at 100 s and ends at 110 s; d runs 110-310 s.
            // queues: a 0, b 99, c 0, d 107; FIFO: a 0, b 99, c 108, d 107.
            Assert.Equal((0 + 99 + 0 + 107) / 4.0, easy.Queue.Mean.TotalSeconds, 9);
            Assert.Equal((0 + 99 + 108 + 107) / 4.0, fifo.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(310, easy.Makespan.TotalSeconds, 9);
            Assert.Equal(310, fifo.Makespan.TotalSeconds, 9);
        }

        [Fact]
        public void Starts_a_gang_job_only_when_all_its_gpus_are_free()
        {
            // Two nodes of 8; a 16-GPU training job waits for a 1-GPU job to end at 50 s.
            var result = ClusterSimulation.Run(ClusterShape.Uniform(16, 8), [], [Job("small", 0, 1, 50), Job("gang", 1, 16, 100, JobKind.Training)], Options());

            Assert.Equal(49.0 / 2, result.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(150, result.Makespan.TotalSeconds, 9);
        }

        [Fact]
        public void Packs_four_quarter_gpu_jobs_onto_one_gpu_at_once()
        {
            JobSpec[] jobs = [.. Enumerable.Range(0, 4).Select(i => Job("q" + i, 0, 1, 100, fraction: 0.25))];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], jobs, Options());

            Assert.Equal(0, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(100, result.Makespan.TotalSeconds, 9);
            Assert.Equal(1, result.AllocatedUtilization, 9);
        }

        [Fact]
        public void Places_a_job_on_one_node_when_one_has_room_and_counts_fragmentation_when_none_has()
        {
            // Two nodes of 4: two 3-GPU jobs leave one free GPU on each node; a 2-GPU batch job (one node) must wait
            // 100 s although 2 GPUs are free: 2 GPUs x 100 s = 200 GPU-seconds fragmented.
            JobSpec[] jobs = [Job("x", 0, 3, 100), Job("y", 0, 3, 100), Job("z", 0, 2, 10)];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(8, 4), [], jobs, Options());

            Assert.Equal(100, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(200 / 3600.0, result.FragmentedGpuHours, 9);
        }

        [Fact]
        public void Lets_a_tenant_under_its_share_preempt_a_borrower_after_the_preemption_delay()
        {
            // 16 GPUs shared half and half. b takes all 16 (borrowing 8); a asks for its 8 an hour later.
            TenantSpec[] tenants = [new() { Name = "a", Share = 0.5 }, new() { Name = "b", Share = 0.5 }];
            JobSpec[] jobs =
            [
                Job("b1", 0, 8, 36_000, JobKind.Training, "b"),
                Job("b2", 1, 8, 36_000, JobKind.Training, "b"),
                Job("a1", 3_600, 8, 600, JobKind.Training, "a"),
            ];
            var shape = ClusterShape.Uniform(16, 8);

            var priority = ClusterSimulation.Run(shape, tenants, jobs, Options("priority") with { PreemptionDelay = Duration.FromSeconds(300) });
            var fifo = ClusterSimulation.Run(shape, tenants, jobs, Options("fifo"));

            var a = priority.Tenants.Single(t => t.Name == "a");
            Assert.Equal(300, a.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(1, priority.Preemptions);
            Assert.Equal(1, priority.Jobs.Preempted);
            Assert.Equal(36_000 - 3_600, fifo.Tenants.Single(t => t.Name == "a").Queue.Mean.TotalSeconds, 9);
            Assert.Equal(0, fifo.Preemptions);

            // b2 (the most recent borrower, started at 1 s) is preempted at 3,900 s and loses what it did since its
            // checkpoint at 3,601 s (299 s), then spends the 10-minute restart: 8 GPUs x (299 + 600) s.
            Assert.Equal(8 * (299 + 600) / 3600.0, priority.LostGpuHours, 6);
        }

        [Fact]
        public void Shrinks_an_elastic_deployment_that_borrows_to_give_a_tenant_its_share()
        {
            // 8 GPUs, two tenants at half. b's inference deployment (2-8 GPUs) grows into all 8; a's 4-GPU job starts at
            // once when it arrives (b shrinks to 4), with no preemption.
            TenantSpec[] tenants = [new() { Name = "a", Share = 0.5 }, new() { Name = "b", Share = 0.5 }];
            JobSpec[] jobs =
            [
                Job("chat", 0, 8, 1_000, JobKind.Inference, "b", min: 2),
                Job("train", 10, 4, 100, JobKind.Training, "a"),
            ];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(8, 8), tenants, jobs, Options("fifo"));

            Assert.Equal(0, result.Tenants.Single(t => t.Name == "a").Queue.Mean.TotalSeconds, 9);
            Assert.Equal(0, result.Preemptions);

            // chat ran 10 s at 8 GPUs, 100 s at 4 (half speed), then at 8 again: 1,000 s of work end at 10 + 100 + 940 = 1,050 s.
            Assert.Equal(1_050, result.Makespan.TotalSeconds, 6);
        }

        [Fact]
        public void Rejects_a_job_larger_than_the_cluster_and_counts_it_failed()
        {
            var result = ClusterSimulation.Run(ClusterShape.Uniform(8, 8), [], [Job("huge", 0, 16, 10, JobKind.Training), Job("ok", 0, 8, 10, JobKind.Training)], Options());

            Assert.Equal(1, result.Jobs.Failed);
            Assert.Equal(1, result.Jobs.Completed);
        }

        [Fact]
        public void Restarts_jobs_from_their_last_checkpoint_after_failures_and_counts_the_lost_gpu_hours()
        {
            var failures = ClusterFailures.Llama3.Scaled(2_000);
            JobSpec[] jobs = [.. Enumerable.Range(0, 20).Select(i => Job("j" + i, i * 60, 8, 7_200, JobKind.Training))];
            var options = Options() with { Failures = failures, Seed = 7 };

            var result = ClusterSimulation.Run(ClusterShape.Uniform(64, 8), [], jobs, options);
            var again = ClusterSimulation.Run(ClusterShape.Uniform(64, 8), [], jobs, options);

            Assert.True(result.Failures.Sum(f => f.Count) > 0, "no failure struck");
            Assert.True(result.Jobs.Interrupted > 0);
            Assert.True(result.LostGpuHours > 0);
            Assert.Equal(20, result.Jobs.Completed);
            Assert.True(result.BusyUtilization < result.AllocatedUtilization);
            Assert.Equal(result with { WallSeconds = 0 }, again with { WallSeconds = 0 }, new ResultComparer());
        }

        [Fact]
        public void Gives_each_tenant_its_received_share_over_time()
        {
            TenantSpec[] tenants = [new() { Name = "a", Share = 0.75 }, new() { Name = "b", Share = 0.25 }];
            JobSpec[] jobs = [Job("a", 0, 3, 3_600, tenant: "a"), Job("b", 0, 1, 3_600, tenant: "b")];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(4, 4), tenants, jobs, Options());

            Assert.Equal(0.75, result.Tenants[0].ReceivedShare, 9);
            Assert.Equal(0.25, result.Tenants[1].ReceivedShare, 9);
            Assert.All(result.ShareOverTime.Shares[0], s => Assert.Equal(0.75, s, 9));
            Assert.Equal(1.0, result.Tenants[0].FinishTimeFairness!.Value, 9);
        }
    }

    public sealed class Properties
    {
        private static readonly string[] Tenants = ["a", "b", "c"];

        private static Gen<JobSpec[]> Workloads(bool wholeNodes) =>
            Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4], Gen.Double[0, 3_600], Gen.Double[10, 7_200], Gen.Int[0, 9], Gen.Int[0, 3])
                .Select(x =>
                {
                    var (tenant, sizeK, submit, runtime, kindDraw, spot) = x;
                    var gpus = wholeNodes ? 8 << Math.Min(sizeK, 1) : 1 << sizeK;
                    var kind = wholeNodes || gpus > 8 ? JobKind.Training : kindDraw == 0 ? JobKind.Inference : JobKind.Batch;
                    return new JobSpec
                    {
                        Id = "",
                        Tenant = Tenants[tenant],
                        Submit = Duration.FromSeconds(submit),
                        Gpus = gpus,
                        Runtime = Duration.FromSeconds(runtime),
                        Kind = kind,
                        MinGpus = kind == JobKind.Inference && gpus > 1 ? 1 : 0,
                        GpuFraction = !wholeNodes && gpus == 1 && kindDraw == 1 ? 0.5 : 1,
                        Priority = spot == 0 ? PriorityClass.Spot : PriorityClass.Guaranteed,
                    };
                })
                .Array[1, 40]
                .Select(a => a.Select((j, i) => j with { Id = "j" + i }).ToArray());

        private static readonly TenantSpec[] Shares = [new() { Name = "a", Share = 0.5 }, new() { Name = "b", Share = 0.3 }, new() { Name = "c", Share = 0.2, BorrowingLimit = 0.3 }];

        [Fact]
        public void Gang_jobs_never_run_partially_and_allocations_never_exceed_capacity_under_every_policy()
        {
            Gen.Select(Workloads(wholeNodes: false), Gen.Int[0, SchedulingPolicies.Names.Count - 1], Gen.Bool).Sample((jobs, policy, failures) =>
            {
                var options = new ClusterOptions { Policy = SchedulingPolicies.Names[policy], Failures = failures ? ClusterFailures.Llama3.Scaled(5_000) : null, Seed = 3 };
                string? broken = null;
                var result = ClusterSimulation.RunObserved(ClusterShape.Uniform(32, 8, domainsPerLeaf: 2), Shares, jobs, options, (engine, _) => broken ??= engine.CheckInvariants());

                Assert.Null(broken);
                var j = result.Jobs;
                Assert.Equal(j.Submitted, j.Completed + j.Failed + j.Running + j.Queued);
                Assert.InRange(result.AllocatedUtilization, 0, 1 + 1e-9);
                Assert.InRange(result.BusyUtilization, 0, result.AllocatedUtilization + 1e-9);
            }, iter: 60);
        }

        [Fact]
        public void A_tenant_under_its_guarantee_is_never_starved_by_borrowers_beyond_the_preemption_delay()
        {
            var delay = Duration.FromSeconds(300);
            Workloads(wholeNodes: true).Sample(jobs =>
            {
                var since = new Dictionary<int, SimTimeHolder>();
                var worst = Duration.Zero;
                var options = new ClusterOptions { Policy = "priority", PreemptionDelay = delay };
                ClusterSimulation.RunObserved(ClusterShape.Uniform(64, 8), Shares, jobs, options, (engine, now) =>
                {
                    var starved = engine.StarvedByBorrowers();
                    for (var t = 0; t < starved.Length; t++)
                    {
                        if (starved[t] < 0)
                        {
                            since.Remove(t);
                            continue;
                        }

                        if (!since.TryGetValue(t, out var start) || start.Job != starved[t])
                        {
                            since[t] = start = new SimTimeHolder(starved[t], now);
                        }

                        worst = Duration.Max(worst, now - start.Since);
                    }
                });

                Assert.True(worst <= delay, $"a tenant under its share waited {worst} behind borrowers (delay {delay})");
            }, iter: 60);
        }

        private sealed record SimTimeHolder(int Job, Colossim.Units.SimTime Since);
    }

    private sealed class ResultComparer : IEqualityComparer<ScheduleResult>
    {
        public bool Equals(ScheduleResult? x, ScheduleResult? y) =>
            x is not null && y is not null && Colossim.Reports.ReportJson.Serialize(x) == Colossim.Reports.ReportJson.Serialize(y);

        public int GetHashCode(ScheduleResult obj) => 0;
    }
}
