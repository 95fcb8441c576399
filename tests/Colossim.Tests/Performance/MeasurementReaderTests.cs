using Colossim.Documents;
using Colossim.Performance;

namespace Colossim.Tests.Performance;

public sealed class MeasurementReaderTests
{
    public sealed class TheReadFileMethod
    {
        [Fact]
        public void Stops_reading_a_device_past_the_limit()
        {
            var problems = new Problems();

            var records = MeasurementReader.ReadFile("/dev/zero", problems);

            Assert.Empty(records);
            Assert.Equal(["/dev/zero: the file is larger than the 64 MiB accepted"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Refuses_binary_data()
        {
            var path = Path.Combine(Path.GetTempPath(), $"colossim-{Guid.NewGuid():N}.jsonl");
            File.WriteAllBytes(path, [0x7b, 0x00, 0x7d, 0x0a]);
            try
            {
                var problems = new Problems();

                var records = MeasurementReader.ReadFile(path, problems);

                Assert.Empty(records);
                Assert.Equal([$"{path}: expected text, found binary data (a NUL byte)"], problems.Select(p => p.ToString()));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Refuses_a_vidur_csv_that_is_not_utf8()
        {
            var path = Path.Combine(Path.GetTempPath(), $"colossim-{Guid.NewGuid():N}.csv");
            File.WriteAllBytes(path, [0xff, 0xfe, 0xfd, 0x0a]);
            try
            {
                var problems = new Problems();

                var rows = VidurCsv.ReadFile(path, problems);

                Assert.Empty(rows);
                Assert.Equal([$"{path}: expected text, found bytes that are not UTF-8 (binary data?)"], problems.Select(p => p.ToString()));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [SkippableFact]
        public void Refuses_a_named_pipe_without_waiting_for_a_writer()
        {
            Skip.If(OperatingSystem.IsWindows(), "named pipes are a Unix idea");
            using var temp = new Colossim.Tests.Cli.TempFolder();
            var fifo = Path.Combine(temp.Path, "m.jsonl");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            var problems = new Problems();

            var records = MeasurementReader.ReadFile(fifo, problems);

            Assert.Empty(records);
            Assert.Equal([$"{fifo}: expected a file, found a named pipe (FIFO)"], problems.Select(p => p.ToString()));
        }
    }
}
