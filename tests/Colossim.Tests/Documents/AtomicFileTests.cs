using Colossim.Documents;

namespace Colossim.Tests.Documents;

public sealed class AtomicFileTests
{
    public sealed class TryWrite
    {
        [Fact]
        public void Writes_the_whole_content_and_leaves_no_temporary_file()
        {
            var folder = Directory.CreateTempSubdirectory("colossim-atomic-").FullName;
            var target = Path.Combine(folder, "out.json");

            Assert.True(AtomicFile.TryWrite(target, "{}\n", out var error), error);

            Assert.Equal("{}\n", File.ReadAllText(target));
            Assert.Equal([target], Directory.GetFiles(folder));
        }

        [Fact]
        public void Refuses_a_folder()
        {
            var folder = Directory.CreateTempSubdirectory("colossim-atomic-").FullName;

            Assert.False(AtomicFile.TryWrite(folder, "x", out var error));
            Assert.Equal("it is a folder", error);
        }

        [SkippableFact]
        public void Refuses_a_fifo_and_leaves_it_a_fifo()
        {
            Skip.If(OperatingSystem.IsWindows(), "FIFOs are a Unix thing");
            var folder = Directory.CreateTempSubdirectory("colossim-atomic-").FullName;
            var fifo = Path.Combine(folder, "pipe");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            Assert.False(AtomicFile.TryWrite(fifo, "x", out var error));

            Assert.Equal("it is a named pipe (FIFO), not a regular file", error);
            Assert.Equal("fifo", FileType(fifo));
        }

        private static string FileType(string path)
        {
            using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
            var output = stat.StandardOutput.ReadToEnd().Trim();
            stat.WaitForExit();
            return output;
        }
    }
}
