using System.Text;
using System.Text.Json;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// A timeline in the Chrome Trace Event Format, which ui.perfetto.dev and chrome://tracing open: a JSON object with
/// <c>traceEvents</c> (complete events, <c>"ph": "X"</c>, with name, category, start and length in microseconds, process
/// and thread; metadata events, <c>"ph": "M"</c>, naming processes and threads and ordering them) and
/// <c>"displayTimeUnit": "ms"</c>. Collect the events, then <see cref="WriteTo"/> a stream or <see cref="TryWrite"/> a
/// file. Generic: processes and threads are whatever the caller makes them (pipeline stages, replicas, GPUs).
/// </summary>
public sealed class ChromeTrace
{
    private readonly List<TraceEvent> _events = [];
    private readonly List<(int Pid, int? Tid, string Name, int? Sort)> _names = [];

    /// <summary>The complete events added, in order.</summary>
    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>Names process <paramref name="pid"/> (shown as a track group), ordered by <paramref name="sortIndex"/> when given.</summary>
    public void NameProcess(int pid, string name, int? sortIndex = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _names.Add((pid, null, name, sortIndex));
    }

    /// <summary>Names thread <paramref name="tid"/> of process <paramref name="pid"/> (one track), ordered by <paramref name="sortIndex"/> when given.</summary>
    public void NameThread(int pid, int tid, string name, int? sortIndex = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _names.Add((pid, tid, name, sortIndex));
    }

    /// <summary>Adds a complete event: <paramref name="name"/> on thread <paramref name="tid"/> of process <paramref name="pid"/> from <paramref name="start"/> (from the trace's zero) for <paramref name="duration"/> (zero or more).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The start or the duration is negative or not finite.</exception>
    public void Complete(string name, string category, Duration start, Duration duration, int pid, int tid, IReadOnlyList<KeyValuePair<string, string>>? args = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(category);
        if (!double.IsFinite(start.TotalSeconds) || start.TotalSeconds < 0 || !double.IsFinite(duration.TotalSeconds) || duration.TotalSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), $"expected a finite start and duration of zero or more, found {start.TotalSeconds} s and {duration.TotalSeconds} s");
        }

        _events.Add(new TraceEvent(name, category, start, duration, pid, tid, args ?? []));
    }

    /// <summary>Writes the trace as JSON (UTF-8) to <paramref name="stream"/>, event by event.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartArray("traceEvents");
        foreach (var (pid, tid, name, sort) in _names)
        {
            Metadata(json, tid is null ? "process_name" : "thread_name", pid, tid, "name", name);
            if (sort is { } index)
            {
                Metadata(json, tid is null ? "process_sort_index" : "thread_sort_index", pid, tid, "sort_index", index);
            }
        }

        foreach (var e in _events)
        {
            json.WriteStartObject();
            json.WriteString("name", e.Name);
            json.WriteString("cat", e.Category);
            json.WriteString("ph", "X");
            json.WriteNumber("ts", e.Start.TotalSeconds * 1e6);
            json.WriteNumber("dur", e.Duration.TotalSeconds * 1e6);
            json.WriteNumber("pid", e.Pid);
            json.WriteNumber("tid", e.Tid);
            if (e.Args.Count > 0)
            {
                json.WriteStartObject("args");
                foreach (var (key, value) in e.Args)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>The trace as JSON text.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Writes the trace to <paramref name="path"/> through <see cref="AtomicFile"/> (a reader sees the old file or the
    /// whole trace). <see langword="false"/> with the reason in <paramref name="error"/> when it cannot be written.
    /// </summary>
    public bool TryWrite(string path, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        return AtomicFile.TryWrite(path, ToJson(), out error);
    }

    private static void Metadata<T>(Utf8JsonWriter json, string name, int pid, int? tid, string key, T value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", pid);
        if (tid is { } t)
        {
            json.WriteNumber("tid", t);
        }

        json.WriteStartObject("args");
        if (value is int number)
        {
            json.WriteNumber(key, number);
        }
        else
        {
            json.WriteString(key, value?.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>A complete event of a <see cref="ChromeTrace"/>.</summary>
/// <param name="Name">What happened (the label on the timeline).</param>
/// <param name="Category">Its category (<c>cat</c>; Perfetto filters and colours by it).</param>
/// <param name="Start">Start, from the trace's zero.</param>
/// <param name="Duration">Length, zero or more.</param>
/// <param name="Pid">Process (track group).</param>
/// <param name="Tid">Thread (track) inside the process.</param>
/// <param name="Args">Extra fields shown when the event is selected, in order.</param>
public sealed record TraceEvent(string Name, string Category, Duration Start, Duration Duration, int Pid, int Tid, IReadOnlyList<KeyValuePair<string, string>> Args);
