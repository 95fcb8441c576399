using System.Text.Json;
using Colossim.Reports;
using Colossim.Tests.Cli;
using Colossim.Units;

namespace Colossim.Tests.Reports;

public sealed class ChromeTraceTests
{
    private static ChromeTrace Sample()
    {
        var trace = new ChromeTrace();
        trace.NameProcess(1, "stage 0", 0);
        trace.NameThread(1, 2, "communication");
        trace.Complete("F0", "forward", Duration.FromMilliseconds(1.5), Duration.FromMicroseconds(250), 1, 1, [new("micro_batch", "0")]);
        trace.Complete("send", "p2p", Duration.FromSeconds(2), Duration.Zero, 1, 2);
        return trace;
    }

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_complete_events_in_microseconds_after_the_names_of_processes_and_threads()
        {
            using var doc = JsonDocument.Parse(Sample().ToJson());
            var root = doc.RootElement;
            var events = root.GetProperty("traceEvents").EnumerateArray().ToList();

            Assert.Equal("ms", root.GetProperty("displayTimeUnit").GetString());
            Assert.Equal(
                ["M process_name 1", "M process_sort_index 1", "M thread_name 1", "X F0 1", "X send 1"],
                events.Select(e => $"{e.GetProperty("ph").GetString()} {e.GetProperty("name").GetString()} {e.GetProperty("pid").GetInt32()}"));
            Assert.Equal("stage 0", events[0].GetProperty("args").GetProperty("name").GetString());
            Assert.Equal(0, events[1].GetProperty("args").GetProperty("sort_index").GetInt32());
            Assert.Equal((2, "communication"), (events[2].GetProperty("tid").GetInt32(), events[2].GetProperty("args").GetProperty("name").GetString()));
            var forward = events[3];
            Assert.Equal(("forward", 1500.0, 250.0, 1, "0"), (forward.GetProperty("cat").GetString(), forward.GetProperty("ts").GetDouble(), forward.GetProperty("dur").GetDouble(), forward.GetProperty("tid").GetInt32(), forward.GetProperty("args").GetProperty("micro_batch").GetString()));
            Assert.Equal((2e6, 0.0), (events[4].GetProperty("ts").GetDouble(), events[4].GetProperty("dur").GetDouble()));
            Assert.False(events[4].TryGetProperty("args", out _));
        }

        [Fact]
        public void Writes_an_empty_list_of_events_for_an_empty_trace()
        {
            Assert.Equal("""{"displayTimeUnit":"ms","traceEvents":[]}""", new ChromeTrace().ToJson());
        }
    }

    public sealed class TheCompleteMethod
    {
        [Fact]
        public void Refuses_a_negative_duration()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChromeTrace().Complete("x", "c", Duration.Zero, Duration.FromSeconds(-1), 1, 1));

            Assert.StartsWith("expected a finite start and duration of zero or more, found 0 s and -1 s", e.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheTryWriteMethod
    {
        [Fact]
        public void Writes_the_json_to_the_file_creating_its_folder()
        {
            using var temp = new TempFolder();
            var path = Path.Combine(temp.Path, "traces", "step.json");

            Assert.True(Sample().TryWrite(path, out var error), error);

            Assert.Equal(Sample().ToJson(), File.ReadAllText(path));
            Assert.Equal(["traces/step.json"], temp.Files().Select(f => f.Replace('\\', '/')));
        }

        [Fact]
        public void Says_why_when_the_place_is_a_folder_and_leaves_nothing_behind()
        {
            using var temp = new TempFolder();

            Assert.False(Sample().TryWrite(temp.Path, out var error));

            Assert.Equal("it is a folder", error);
            Assert.Empty(temp.Files());
        }
    }
}
