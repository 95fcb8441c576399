using System.Globalization;
using System.Text.Json;
using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads Microsoft Philly's job log (<c>philly-traces/trace-data/cluster_job_log</c>: a JSON list of jobs, each with
/// <c>jobid</c>, <c>user</c>, <c>vc</c>, <c>status</c> (<c>Pass</c>, <c>Killed</c>, <c>Failed</c>),
/// <c>submitted_time</c> and <c>attempts</c> [{<c>start_time</c>, <c>end_time</c>, <c>detail</c> [{<c>ip</c>,
/// <c>gpus</c>}]}]) and, when given, its machine list (<c>cluster_machine_list</c>: <c>machineId,number of GPUs,single
/// GPU mem</c>).
/// </summary>
/// <remarks>
/// Mapping (docs/traces.md): a job's tenant is its virtual cluster (<c>vc</c>); its GPUs are the most any attempt
/// held (the GPUs listed in the attempt's <c>detail</c>); it was scheduled at its first attempt's start; its run time
/// is the sum of its attempts' durations (the time it held GPUs); a last attempt without an end means it was still
/// running. A job without an attempt names no GPUs and is left out, with one warning counting them. <c>Pass</c> is
/// succeeded, <c>Killed</c> and <c>Failed</c> failed. Times are the trace's local wall clock; only differences are used.
/// </remarks>
public static class PhillyReader
{
    private static readonly string[] Statuses = ["Pass", "Killed", "Failed"];

    /// <summary>Reads the job log at <paramref name="path"/> (and machine list at <paramref name="nodesPath"/>); <see langword="null"/> when either cannot be used.</summary>
    public static JobTrace? Read(string path, Problems problems, string? nodesPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new RowProblems(problems, path);
        var jobs = TraceInput.Read(path, problems, JobTraces.MaxBytes) is { } bytes ? Parse(bytes, rows) : null;
        IReadOnlyList<NodeSpec>? nodes = [];
        if (nodesPath is not null)
        {
            nodes = TraceInput.Read(nodesPath, problems, JobTraces.MaxBytes) is { } nodeBytes ? ParseMachines(nodeBytes, new RowProblems(problems, nodesPath)) : null;
        }

        return jobs is null || nodes is null ? null : TraceBuilder.Build(jobs, nodes);
    }

    private static List<RawJob>? Parse(byte[] bytes, RowProblems rows)
    {
        var jobs = new List<RawJob>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var noAttempt = 0;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var line = 1;
        var counted = 0;
        try
        {
            if (!reader.Read())
            {
                rows.FileError("the file is empty; expected Philly's cluster_job_log, a JSON list of jobs");
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                rows.FileError($"expected Philly's cluster_job_log, a JSON list of jobs, found {reader.TokenType switch { JsonTokenType.StartObject => "an object", _ => "a single value" }}", 1);
                return null;
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
                using var element = JsonDocument.ParseValue(ref reader);
                var path = $"[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                if (Job(element.RootElement, path, line, rows, ids, ref noAttempt) is { } job)
                {
                    jobs.Add(job);
                }
            }

            // Nothing may follow the list (the reader throws if something does).
            _ = reader.Read();
        }
        catch (JsonException e)
        {
            rows.FileError($"invalid JSON: {Clean(e.Message)}", e.LineNumber is { } at ? (int)at + 1 : line);
            return null;
        }

        if (noAttempt > 0)
        {
            rows.Warning($"{TraceInput.Count(noAttempt)} jobs have no scheduling attempt (so no GPU count) and are left out");
        }

        rows.Finish();
        return rows.Errors > 0 ? null : jobs;
    }

    private static RawJob? Job(JsonElement job, string path, int line, RowProblems rows, Dictionary<string, int> ids, ref int noAttempt)
    {
        if (job.ValueKind != JsonValueKind.Object)
        {
            rows.Error(line, path, $"expected a job object, found {Describe(job)}");
            return null;
        }

        var id = Text(job, "jobid", path, line, rows);
        var vc = Text(job, "vc", path, line, rows);
        var statusText = Text(job, "status", path, line, rows);
        var submittedText = Text(job, "submitted_time", path, line, rows);
        if (id is null || vc is null || statusText is null || submittedText is null)
        {
            return null;
        }

        if (!ids.TryAdd(id, line))
        {
            rows.Error(line, $"{path}.jobid", $"the job '{id}' is already listed at line {ids[id]}");
            return null;
        }

        var status = Alibaba2023Reader.Pick(rows, line, $"{path}.status", statusText, Statuses);
        var submitted = rows.Timestamp(line, $"{path}.submitted_time", submittedText);
        if (!job.TryGetProperty("attempts", out var attempts) || attempts.ValueKind == JsonValueKind.Null)
        {
            rows.Error(line, $"{path}.attempts", "expected a list of attempts (possibly empty), found none");
            return null;
        }

        if (attempts.ValueKind != JsonValueKind.Array)
        {
            rows.Error(line, $"{path}.attempts", $"expected a list of attempts, found {Describe(attempts)}");
            return null;
        }

        var gpus = 0;
        double? first = null, last = null;
        var run = 0.0;
        var running = false;
        var ok = status is not null && submitted is not null;
        var n = 0;
        foreach (var attempt in attempts.EnumerateArray())
        {
            var at = $"{path}.attempts[{n.ToString(CultureInfo.InvariantCulture)}]";
            n++;
            if (attempt.ValueKind != JsonValueKind.Object)
            {
                rows.Error(line, at, $"expected an attempt object, found {Describe(attempt)}");
                ok = false;
                continue;
            }

            var begin = Time(attempt, "start_time", at, line, rows, ref ok);
            var end = Time(attempt, "end_time", at, line, rows, ref ok);
            if (begin is { } b)
            {
                first = first is null ? b : Math.Min(first.Value, b);
            }

            running = end is null;
            if (end is { } e)
            {
                last = last is null ? e : Math.Max(last.Value, e);
            }

            if (begin is { } b2 && end is { } e2)
            {
                if (e2 < b2)
                {
                    rows.Error(line, $"{at}.end_time", $"expected a time at or after start_time, found {TraceInput.Show(attempt.GetProperty("end_time").GetString() ?? "")}");
                    ok = false;
                }

                run += e2 - b2;
            }

            var held = 0;
            if (attempt.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Array)
            {
                foreach (var d in detail.EnumerateArray())
                {
                    if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("gpus", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        held += list.GetArrayLength();
                    }
                }
            }

            gpus = Math.Max(gpus, held);
        }

        if (ok && first < submitted)
        {
            rows.Error(line, $"{path}.attempts[0].start_time", $"expected a time at or after submitted_time ({submittedText})");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        if (n == 0 || gpus == 0)
        {
            noAttempt++;
            return null;
        }

        return new RawJob
        {
            Id = id,
            Tenant = vc,
            Submit = submitted!.Value,
            Scheduled = first,
            End = last,
            RunSeconds = first is null ? null : run,
            Gpus = Math.Min(gpus, JobTraces.MaxGpusPerJob),
            Fraction = 1,
            Outcome = running ? TraceOutcome.Running : status == "Pass" ? TraceOutcome.Succeeded : TraceOutcome.Failed,
            Models = [],
        };
    }

    private static string? Text(JsonElement job, string key, string path, int line, RowProblems rows)
    {
        if (!job.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            rows.Error(line, $"{path}.{key}", "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            rows.Error(line, $"{path}.{key}", $"expected text, found {Describe(value)}");
            return null;
        }

        return value.GetString()!.Trim();
    }

    // A time of an attempt: absent, null or "None" is no time (a logging gap, or still running for the last end).
    private static double? Time(JsonElement attempt, string key, string path, int line, RowProblems rows, ref bool ok)
    {
        if (!attempt.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TraceInput.IsEmpty(value.GetString()!))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            rows.Error(line, $"{path}.{key}", $"expected a date and time like 2017-10-07 01:12:09, found {Describe(value)}");
            ok = false;
            return null;
        }

        var seconds = rows.Timestamp(line, $"{path}.{key}", value.GetString()!);
        ok &= seconds is not null;
        return seconds;
    }

    private static List<NodeSpec>? ParseMachines(byte[] bytes, RowProblems rows)
    {
        var nodes = new List<NodeSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = true;
        foreach (var (line, text) in TraceInput.Lines(bytes))
        {
            var fields = TraceInput.Split(text);
            if (first)
            {
                first = false;
                if (fields.Length >= 2 && !int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    continue; // the header
                }
            }

            if (fields.Length < 2)
            {
                rows.Error(line, "", $"expected machineId,number of GPUs,single GPU mem, found {fields.Length} field");
                continue;
            }

            var id = fields[0].Trim();
            if (id.Length == 0 || !names.TryAdd(id, line))
            {
                rows.Error(line, "machineId", id.Length == 0 ? "expected a machine id, found an empty field" : $"the machine '{id}' is already listed at line {names[id]}");
                continue;
            }

            var gpus = rows.Whole(line, "number of GPUs", fields[1], 0, JobTraces.MaxGpusPerNode);
            var memory = fields.Length > 2 ? fields[2].Trim() : "";
            if (gpus is not null)
            {
                nodes.Add(new NodeSpec(id, (int)gpus.Value, memory.Length == 0 ? null : memory));
            }
        }

        rows.Finish();
        return rows.Errors > 0 ? null : nodes;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => TraceInput.Show(value.GetString()!),
        JsonValueKind.Null => "nothing (null)",
        _ => TraceInput.Show(value.GetRawText()),
    };

    // System.Text.Json's messages end with "LineNumber: 3 | BytePositionInLine: 4."; the line is said already.
    private static string Clean(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at >= 0 ? message[..at].TrimEnd() : message;
    }
}
