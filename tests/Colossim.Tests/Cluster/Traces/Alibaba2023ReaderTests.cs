using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class Alibaba2023ReaderTests
{
    private const string Header = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";

    public sealed class TheReadMethod
    {
        private static JobTrace ReadGood()
        {
            var problems = new Problems();
            var trace = Alibaba2023Reader.Read(TestData("alibaba-2023-pods.csv"), problems, TestData("alibaba-2023-nodes.csv"));
            Assert.Empty(Messages(problems));
            return trace!;
        }

        [Fact]
        public void Sorts_the_pods_by_creation_keeping_the_file_order_of_ties()
        {
            var trace = ReadGood();

            Assert.Equal(["pod-a", "pod-f", "pod-b", "pod-c", "pod-d", "pod-e"], trace.Jobs.Select(j => j.Id));
            Assert.Equal([0, 50, 100, 200, 200, 400], trace.Jobs.Select(j => j.Submit.TotalSeconds));
        }

        [Fact]
        public void Maps_gpu_milli_to_the_fraction_of_a_one_gpu_pod()
        {
            var b = ReadGood().Jobs.Single(j => j.Id == "pod-b");

            Assert.Equal(1, b.Gpus);
            Assert.Equal(0.46, b.GpuFraction, 12);
            Assert.Equal(JobKind.Batch, b.Kind);
        }

        [Fact]
        public void Takes_the_run_time_from_scheduling_to_deletion_for_running_pods_too_and_the_pods_life_when_pending()
        {
            var jobs = ReadGood().Jobs.ToDictionary(j => j.Id);

            Assert.Equal(Duration.FromSeconds(590), jobs["pod-b"].Runtime);
            Assert.Equal(Duration.FromSeconds(940), jobs["pod-c"].Runtime);
            Assert.Equal(Duration.FromSeconds(5000), jobs["pod-a"].Runtime);
            Assert.Equal(Duration.FromSeconds(50), jobs["pod-e"].Runtime);
            Assert.Equal(Duration.FromSeconds(110), jobs["pod-b"].TraceScheduled);
            Assert.Null(jobs["pod-e"].TraceScheduled);
        }

        [Fact]
        public void Gives_a_running_pod_without_a_deletion_time_no_run_time()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", Header + "p1,1000,1024,1,1000,,LS,Running,0,,5\n");
            var problems = new Problems();

            var job = Alibaba2023Reader.Read(file, problems)!.Jobs.Single();

            Assert.Empty(problems);
            Assert.Null(job.Runtime);
            Assert.Null(job.MaxWait);
        }

        [Fact]
        public void Takes_the_longest_wait_from_creation_to_deletion()
        {
            var jobs = ReadGood().Jobs.ToDictionary(j => j.Id);

            Assert.Equal(Duration.FromSeconds(50), jobs["pod-e"].MaxWait);
            Assert.Equal(Duration.FromSeconds(600), jobs["pod-b"].MaxWait);
        }

        [Fact]
        public void Reads_each_pods_cpu_and_memory_request()
        {
            var jobs = ReadGood().Jobs.ToDictionary(j => j.Id);

            Assert.Equal((88_000L, 327_680L), (jobs["pod-c"].CpuMilli, jobs["pod-c"].MemoryMib));
            Assert.Equal((4_000L, 8_192L), (jobs["pod-d"].CpuMilli, jobs["pod-d"].MemoryMib));
        }

        [Fact]
        public void Reads_a_pod_list_without_cpu_and_memory_columns_as_no_request()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", "name,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np,1,1000,,LS,Succeeded,0,10,0\n");
            var problems = new Problems();

            var job = Alibaba2023Reader.Read(file, problems)!.Jobs.Single();

            Assert.Empty(problems);
            Assert.Equal((0L, 0L), (job.CpuMilli, job.MemoryMib));
        }

        [Fact]
        public void Reports_bad_cpu_and_memory_values_of_pods_and_nodes()
        {
            using var temp = new TempDirectory();
            var pods = temp.Write("pods.csv", Header
                + "p1,-1,1024,1,1000,,LS,Running,0,10,0\n"
                + "p2,NaN,1024,1,1000,,LS,Running,0,10,0\n"
                + "p3,1000,1e308,1,1000,,LS,Running,0,10,0\n"
                + "p4,1.5,1024,1,1000,,LS,Running,0,10,0\n"
                + "p5,1000,lots,1,1000,,LS,Running,0,10,0\n");
            var nodes = temp.Write("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,-8000,1,8,G2\nn1,1,2000000000,8,G2\n");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(pods, problems, nodes));
            Assert.Equal(
            [
                $"{pods}:2: cpu_milli: expected a whole number between 0 and 1,000,000,000, found '-1'",
                $"{pods}:4: memory_mib: expected a whole number between 0 and 1,073,741,824, found '1e308'",
                $"{pods}:5: cpu_milli: expected a whole number between 0 and 1,000,000,000, found '1.5'",
                $"{pods}:6: memory_mib: expected a whole number between 0 and 1,073,741,824, found 'lots'",
                $"{nodes}:2: cpu_milli: expected a whole number between 0 and 1,000,000,000, found '-8000'",
                $"{nodes}:3: memory_mib: expected a whole number between 0 and 1,073,741,824, found '2000000000'",
            ], Messages(problems));
        }

        [Fact]
        public void Maps_qos_to_tenant_and_priority_and_phase_to_outcome()
        {
            var jobs = ReadGood().Jobs.ToDictionary(j => j.Id);

            Assert.Equal(("BE", PriorityClass.Spot, TraceOutcome.Succeeded), (jobs["pod-d"].Tenant, jobs["pod-d"].Priority, jobs["pod-d"].Outcome!.Value));
            Assert.Equal(("Burstable", PriorityClass.Guaranteed, TraceOutcome.Failed), (jobs["pod-c"].Tenant, jobs["pod-c"].Priority, jobs["pod-c"].Outcome!.Value));
            Assert.Equal(("LS", TraceOutcome.Running), (jobs["pod-a"].Tenant, jobs["pod-a"].Outcome!.Value));
            Assert.Equal(TraceOutcome.Pending, jobs["pod-e"].Outcome);
        }

        [Fact]
        public void Makes_multi_gpu_pods_gang_jobs_with_their_gpu_models()
        {
            var c = ReadGood().Jobs.Single(j => j.Id == "pod-c");

            Assert.Equal((8, JobKind.Training), (c.Gpus, c.Kind));
            Assert.Equal(["V100M16", "V100M32"], c.GpuModels);
            Assert.Empty(ReadGood().Jobs.Single(j => j.Id == "pod-a").GpuModels);
        }

        [Fact]
        public void Lists_the_qos_classes_as_tenants_with_equal_shares()
        {
            var tenants = ReadGood().Tenants;

            Assert.Equal(["BE", "Burstable", "Guaranteed", "LS"], tenants.Select(t => t.Name));
            Assert.All(tenants, t => Assert.Equal(0.25, t.Share, 12));
        }

        [Fact]
        public void Reads_the_node_list_with_its_gpu_models()
        {
            var nodes = ReadGood().Nodes;

            Assert.Equal(5, nodes.Count);
            Assert.Equal(new NodeSpec("node-1", 8, "V100M32") { CpuMilli = 96_000, MemoryMib = 786_432 }, nodes[1]);
            Assert.Equal(new NodeSpec("node-3", 0, null) { CpuMilli = 32_000, MemoryMib = 262_144 }, nodes[3]);
        }

        [Fact]
        public void Reads_without_a_node_list()
        {
            var problems = new Problems();

            var trace = Alibaba2023Reader.Read(TestData("alibaba-2023-pods.csv"), problems);

            Assert.Empty(problems);
            Assert.Empty(trace!.Nodes);
        }

        [Fact]
        public void Reports_every_bad_row_with_its_file_line_and_column()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", Header
                + "p1,1,1,two,1000,,LS,Running,0,10,0\n"
                + "p2,1,1,1,1000,,Burstible,Running,0,10,0\n"
                + "p3,1,1,1,1000,,LS,Running,-5,10,0\n"
                + "p4,1,1,1,1000,,LS,Running,100,10,50\n"
                + "p5,1,1,1,1000,,LS,Running,0,10\n"
                + "p1,1,1,1,1000,,LS,Running,0,10,0\n"
                + "p7,1,1,1,1000,,LS,Failed,0,10,\n"
                + "p8,1,1,1,1001,,LS,Runing,0,10,5\n"
                + "p9,1,1,1,1000,,LS,Succeeded,0,3,5\n");
            var problems = new Problems();

            var trace = Alibaba2023Reader.Read(file, problems);

            Assert.Null(trace);
            Assert.Equal(
            [
                $"{file}:2: num_gpu: expected a whole number between 0 and 1,000,000, found 'two'",
                $"{file}:3: qos: expected one of LS, BE, Burstable, Guaranteed, found 'Burstible' (did you mean 'Burstable'?)",
                $"{file}:4: creation_time: expected a time in seconds from the start of the trace (0 or more), found '-5'",
                $"{file}:5: scheduled_time: expected a time at or after creation_time (100), found '50'",
                $"{file}:6: expected 11 fields as in the header, found 10",
                $"{file}:7: name: the pod 'p1' is already listed at line 2",
                $"{file}:8: scheduled_time: expected the time a Failed pod was scheduled, found an empty field",
                $"{file}:9: gpu_milli: expected a whole number between 0 and 1,000, found '1001'",
                $"{file}:9: pod_phase: expected one of Running, Succeeded, Failed, Pending, found 'Runing' (did you mean 'Running'?)",
                $"{file}:10: deletion_time: expected a time at or after scheduled_time (5), found '3'",
            ], Messages(problems));
        }

        [Fact]
        public void Lists_twenty_bad_rows_and_counts_the_rest()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", Header + string.Concat(Enumerable.Range(0, 25).Select(i => $"p{i},1,1,x,1000,,LS,Running,0,10,0\n")));
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(file, problems));
            Assert.Equal(21, problems.Count);
            Assert.Equal($"{file}: 5 more problems in rows are not listed", problems[^1].ToString());
        }

        [Fact]
        public void Names_the_missing_columns_of_a_header()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", "name,num_gpu,gpu_milli,qos,pod_phase,creation_time,deletion_time\np,1,1000,LS,Running,0,1\n");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(file, problems));
            Assert.Equal([$"{file}:1: expected an Alibaba 2023 pod list with the columns name,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time in its header; missing gpu_spec, scheduled_time"], Messages(problems));
        }

        [Fact]
        public void Reports_a_bad_node_row_with_the_node_file()
        {
            using var temp = new TempDirectory();
            var nodes = temp.Write("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,1,1,8,G2\nn1,1,1,eight,G2\nn0,1,1,8,G2\n");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(TestData("alibaba-2023-pods.csv"), problems, nodes));
            Assert.Equal([$"{nodes}:3: gpu: expected a whole number between 0 and 1,024, found 'eight'", $"{nodes}:4: sn: the node 'n0' is already listed at line 2"], Messages(problems));
        }

        [Fact]
        public void Refuses_an_empty_file()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("pods.csv", "\n\n");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(file, problems));
            Assert.Equal([$"{file}: the file is empty; expected an Alibaba 2023 pod list with a header row"], Messages(problems));
        }

        [SkippableFact]
        public void Refuses_dev_zero_as_a_device_without_reading_it()
        {
            Skip.IfNot(File.Exists("/dev/zero"));
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read("/dev/zero", problems));
            Assert.Equal(["/dev/zero: expected a file, found a device"], Messages(problems));
        }

        [Fact]
        public void Refuses_a_directory_a_missing_file_and_binary_data()
        {
            using var temp = new TempDirectory();
            var binary = temp.Write("pods.csv", [0x6E, 0x00, 0x0A]);
            var notUtf8 = temp.Write("latin1.csv", [0x6E, 0xE9, 0x0A]);
            var missing = Path.Combine(temp.Path, "missing.csv");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(temp.Path, problems));
            Assert.Null(Alibaba2023Reader.Read(missing, problems));
            Assert.Null(Alibaba2023Reader.Read(binary, problems));
            Assert.Null(Alibaba2023Reader.Read(notUtf8, problems));
            Assert.Equal(
            [
                $"{temp.Path}: expected a file, found a directory",
                $"{missing}: the file does not exist",
                $"{binary}: expected text, found binary data (a NUL byte)",
                $"{notUtf8}: expected text, found bytes that are not UTF-8 (binary data?)",
            ], Messages(problems));
        }

        [SkippableFact]
        public void Refuses_a_named_pipe_without_waiting_for_a_writer()
        {
            using var temp = new TempDirectory();
            var fifo = Path.Combine(temp.Path, "pods.csv");
            Skip.IfNot(MakeFifo(fifo), "mkfifo is not available");
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(fifo, problems));
            Assert.Equal([$"{fifo}: expected a file, found a named pipe (FIFO)"], Messages(problems));
        }

        [Fact]
        public void Refuses_a_file_over_the_limit_from_its_length()
        {
            using var temp = new TempDirectory();
            var huge = Sparse(Path.Combine(temp.Path, "pods.csv"), JobTraces.MaxBytes + (1 << 20));
            var problems = new Problems();

            Assert.Null(Alibaba2023Reader.Read(huge, problems));
            Assert.Equal([$"{huge}: the file is 513 MiB, larger than the 512 MiB accepted"], Messages(problems));
        }
    }
}
