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

    public sealed class WithANodeInventory
    {
        private static NodeSpec Node(string id, int gpus, string? model, long cpu = 0, long mem = 0) => new(id, gpus, model) { CpuMilli = cpu, MemoryMib = mem };

        private static JobSpec Pod(string id, double submitS, int gpus, double runtimeS, long cpu = 0, long mem = 0, string[]? models = null, double fraction = 1, string tenant = "a") =>
            Job(id, submitS, gpus, runtimeS, gpus > 1 ? JobKind.Training : JobKind.Batch, tenant, fraction: fraction) with { CpuMilli = cpu, MemoryMib = mem, GpuModels = models ?? [] };

        [Fact]
        public void Places_a_job_only_on_nodes_of_its_gpu_models_while_others_take_any()
        {
            // Two T4s and two V100s. a holds both V100s until 100 s; b wants a V100 and waits although the T4s are free;
            // c takes any model and, being short, is backfilled onto a T4 at once.
            var shape = ClusterShape.FromNodes([Node("t4", 2, "T4"), Node("v100", 2, "V100")]);
            JobSpec[] jobs = [Pod("a", 0, 2, 100, models: ["V100"]), Pod("b", 1, 1, 10, models: ["V100"]), Pod("c", 2, 1, 10)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options("fifo-backfill"));

            Assert.Equal((0 + 99 + 0) / 3.0, result.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(110, result.Makespan.TotalSeconds, 9);
        }

        [Fact]
        public void Lets_a_nodes_free_cpu_bound_what_it_accepts_although_gpus_are_free()
        {
            // One node of 4 GPUs and 8 cores: a takes 6 cores, so b (4 cores) waits for a to end with 3 GPUs free.
            var shape = ClusterShape.FromNodes([Node("n", 4, "G2", cpu: 8_000, mem: 1_000_000)]);
            JobSpec[] jobs = [Pod("a", 0, 1, 100, cpu: 6_000), Pod("b", 1, 1, 10, cpu: 4_000)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options());

            Assert.Equal(99, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(3 * 99 / 3600.0, result.FragmentedGpuHours, 9);
        }

        [Fact]
        public void Lets_a_nodes_free_memory_bound_what_it_accepts()
        {
            var shape = ClusterShape.FromNodes([Node("n", 4, "G2", cpu: 64_000, mem: 16_384)]);
            JobSpec[] jobs = [Pod("a", 0, 1, 100, mem: 10_000), Pod("b", 1, 1, 10, mem: 8_192), Pod("c", 2, 1, 10, mem: 6_000)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options("fifo-backfill"));

            // b waits for a; c fits beside a and, being short, is backfilled at once.
            Assert.Equal((0 + 99 + 0) / 3.0, result.Queue.Mean.TotalSeconds, 9);
        }

        [Fact]
        public void Places_cpu_only_pods_on_nodes_without_gpus_first_and_makes_them_wait_for_cpu()
        {
            var shape = ClusterShape.FromNodes([Node("cpu", 0, null, cpu: 4_000, mem: 8_192), Node("gpu", 1, "T4", cpu: 4_000, mem: 8_192)]);
            JobSpec[] jobs = [Pod("x", 0, 0, 100, cpu: 3_000), Pod("g", 1, 1, 100, cpu: 3_000), Pod("y", 2, 0, 10, cpu: 3_000)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options());

            // x goes on the CPU node, so g finds the GPU node's cores free; y waits for x.
            Assert.Equal((0 + 0 + 98) / 3.0, result.Queue.Mean.TotalSeconds, 9);
            Assert.Equal((3, 0, 2), (result.Jobs.Completed, result.Jobs.CpuOnly, result.Nodes));
        }

        [Fact]
        public void Packs_fractional_pods_of_a_model_onto_one_gpu_of_that_model()
        {
            var shape = ClusterShape.FromNodes([Node("t4", 1, "T4"), Node("v100", 2, "V100")]);
            JobSpec[] jobs = [.. Enumerable.Range(0, 4).Select(i => Pod("h" + i, 0, 1, 100, models: ["V100"], fraction: 0.5))];

            var result = ClusterSimulation.Run(shape, [], jobs, Options());

            Assert.Equal(0, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(2 / 3.0, result.AllocatedUtilization, 9);
        }

        [Fact]
        public void Spreads_a_model_constrained_gang_job_over_nodes_of_its_models()
        {
            var shape = ClusterShape.FromNodes([Node("v0", 8, "V100"), Node("t", 8, "T4"), Node("v1", 8, "V100")]);
            JobSpec[] jobs = [Pod("big", 0, 16, 100, models: ["V100"]), Pod("any", 1, 8, 100)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options());

            Assert.Equal(0, result.Queue.P99.TotalSeconds, 9);
            Assert.Equal(2, result.Jobs.Completed);
        }

        [Fact]
        public void Rejects_jobs_no_node_could_ever_hold()
        {
            var shape = ClusterShape.FromNodes([Node("n", 8, "G2", cpu: 64_000, mem: 65_536)]);
            JobSpec[] jobs = [Pod("cores", 0, 1, 10, cpu: 96_000), Pod("memory", 0, 0, 10, mem: 100_000), Pod("model", 0, 1, 10, models: ["A100"]), Pod("ok", 0, 1, 10, cpu: 1_000)];

            var result = ClusterSimulation.Run(shape, [], jobs, Options());

            Assert.Equal((3, 1), (result.Jobs.Failed, result.Jobs.Completed));
        }

        [Fact]
        public void Ignores_constraints_on_a_cluster_without_an_inventory()
        {
            JobSpec[] jobs = [Pod("a", 0, 1, 100, cpu: 1_000_000, models: ["A100"]), Pod("cpu", 0, 0, 100, cpu: 1_000)];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], jobs, Options());

            Assert.Equal((2, 1, 0), (result.Jobs.Completed, result.Jobs.CpuOnly, result.Jobs.Failed));
        }

        [Fact]
        public void Refuses_an_elastic_deployment_with_constraints()
        {
            var job = Job("e", 0, 4, 10, JobKind.Inference, min: 1) with { GpuModels = ["T4"] };

            var e = Assert.Throws<ArgumentException>(() => ClusterSimulation.Run(ClusterShape.Uniform(4, 4), [], [job], Options()));

            Assert.StartsWith("job e is an elastic deployment with GPU model, CPU or memory constraints, which are not supported", e.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheWithdrawal
    {
        [Fact]
        public void Withdraws_a_job_not_started_within_its_longest_wait_and_counts_it_apart()
        {
            // One GPU: a holds it 0-100 s; b (wait at most 50 s) leaves at 51 s; c (no limit) starts at 100 s.
            JobSpec[] jobs = [Job("a", 0, 1, 100), Job("b", 1, 1, 10) with { MaxWait = Duration.FromSeconds(50) }, Job("c", 2, 1, 10)];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], jobs, Options());

            Assert.Equal((1, 2, 0, 0), (result.Jobs.Withdrawn, result.Jobs.Completed, result.Jobs.Queued, result.Jobs.NeverStarted));
            Assert.Equal((0 + 98) / 2.0, result.Queue.Mean.TotalSeconds, 9);
            Assert.Equal(110, result.Makespan.TotalSeconds, 9);
        }

        [Fact]
        public void Keeps_a_job_that_started_within_its_longest_wait()
        {
            JobSpec[] jobs = [Job("a", 0, 1, 10), Job("b", 1, 1, 100) with { MaxWait = Duration.FromSeconds(20) }];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], jobs, Options());

            Assert.Equal((0, 2), (result.Jobs.Withdrawn, result.Jobs.Completed));
        }

        [Fact]
        public void Counts_jobs_still_waiting_at_the_horizon_as_never_started()
        {
            JobSpec[] jobs = [Job("a", 0, 1, 1_000), Job("b", 1, 1, 10)];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), [], jobs, Options() with { Horizon = Duration.FromSeconds(500) });

            Assert.Equal((1, 1, 1), (result.Jobs.Running, result.Jobs.Queued, result.Jobs.NeverStarted));
        }
    }

    public sealed class TheShareWhileDemandExists
    {
        [Fact]
        public void Divides_a_tenants_gpu_time_by_the_time_it_had_jobs_waiting_or_running()
        {
            // a uses 2 of 4 GPUs in the first hour, b 2 in the second: each received a quarter of the two hours, half while it wanted GPUs.
            TenantSpec[] tenants = [new() { Name = "a", Share = 0.5 }, new() { Name = "b", Share = 0.5 }, new() { Name = "idle", Share = 0 }];
            JobSpec[] jobs = [Job("a", 0, 2, 3_600, tenant: "a"), Job("b", 3_600, 2, 3_600, tenant: "b")];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(4, 4), tenants, jobs, Options());

            Assert.Equal(0.25, result.Tenants[0].ReceivedShare, 9);
            Assert.Equal(0.5, result.Tenants[0].ReceivedShareWhileDemand!.Value, 9);
            Assert.Equal(0.5, result.Tenants[1].ReceivedShareWhileDemand!.Value, 9);
            Assert.Null(result.Tenants[2].ReceivedShareWhileDemand);
        }

        [Fact]
        public void Counts_the_time_a_tenants_job_waits_as_demand()
        {
            // One GPU: b's job waits an hour behind a's, then runs an hour: b had demand for two hours and got one.
            TenantSpec[] tenants = [new() { Name = "a", Share = 0.5 }, new() { Name = "b", Share = 0.5 }];
            JobSpec[] jobs = [Job("a", 0, 1, 3_600, tenant: "a"), Job("b", 0, 1, 3_600, tenant: "b")];

            var result = ClusterSimulation.Run(ClusterShape.Uniform(1, 1), tenants, jobs, Options());

            Assert.Equal(0.5, result.Tenants[1].ReceivedShareWhileDemand!.Value, 9);
            Assert.Equal(1.0, result.Tenants[0].ReceivedShareWhileDemand!.Value, 9);
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
        public void Pods_keep_every_nodes_cpu_memory_and_gpu_models_within_bounds_under_every_policy()
        {
            var shape = ClusterShape.FromNodes(
            [
                new NodeSpec("cpu", 0, null) { CpuMilli = 16_000, MemoryMib = 65_536 },
                new NodeSpec("t4", 2, "T4") { CpuMilli = 16_000, MemoryMib = 65_536 },
                new NodeSpec("v100", 8, "V100") { CpuMilli = 32_000, MemoryMib = 131_072 },
                new NodeSpec("g2", 8, "G2") { CpuMilli = 64_000, MemoryMib = 262_144 },
            ]);
            string[][] modelSets = [[], ["T4"], ["V100"], ["V100", "G2"]];
            var pods = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Double[0, 3_600], Gen.Double[10, 7_200], Gen.Int[0, 16_000], Gen.Int[0, 3], Gen.Int[0, 2])
                .Select(x =>
                {
                    var (sizeK, models, submit, runtime, cpu, fraction, tenant) = x;
                    var gpus = sizeK == 0 ? 0 : 1 << (sizeK - 1);
                    return new JobSpec
                    {
                        Id = "",
                        Tenant = Tenants[tenant],
                        Submit = Duration.FromSeconds(submit),
                        Gpus = gpus,
                        Runtime = Duration.FromSeconds(runtime),
                        Kind = gpus > 1 ? JobKind.Training : JobKind.Batch,
                        GpuFraction = gpus == 1 && fraction == 1 ? 0.3 : 1,
                        GpuModels = modelSets[models],
                        CpuMilli = cpu,
                        MemoryMib = cpu * 4,
                        MaxWait = fraction == 2 ? Duration.FromSeconds(600) : null,
                        Priority = tenant == 2 ? PriorityClass.Spot : PriorityClass.Guaranteed,
                    };
                })
                .Array[1, 40]
                .Select(a => a.Select((j, i) => j with { Id = "p" + i }).ToArray());
            Gen.Select(pods, Gen.Int[0, SchedulingPolicies.Names.Count - 1], Gen.Bool).Sample((jobs, policy, failures) =>
            {
                var options = new ClusterOptions { Policy = SchedulingPolicies.Names[policy], Failures = failures ? ClusterFailures.Llama3.Scaled(5_000) : null, Seed = 5 };
                string? broken = null;
                var result = ClusterSimulation.RunObserved(shape, Shares, jobs, options, (engine, _) => broken ??= engine.CheckInvariants());

                Assert.Null(broken);
                var j = result.Jobs;
                Assert.Equal(j.Submitted, j.Completed + j.Failed + j.Running + j.Queued + j.Withdrawn);
                Assert.InRange(result.AllocatedUtilization, 0, 1 + 1e-9);
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
