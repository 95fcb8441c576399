namespace Colossim.Documents;

/// <summary>How serious a <see cref="Problem"/> is.</summary>
public enum Severity
{
    /// <summary>The input cannot be used; the command exits with code 2.</summary>
    Error,

    /// <summary>The input is usable but probably not what was meant (an unknown key, say).</summary>
    Warning,
}

/// <summary>One thing wrong with user input: where (file, line, path), what was expected and what was found.</summary>
/// <param name="Path">Where in the document: <c>workloads.serving[0].slo.ttft_p99</c>; empty for the whole document.</param>
/// <param name="Message">What was expected and what was found.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Line">1-based line in the file, when known.</param>
/// <param name="File">The file (or other source) the input came from, when known.</param>
public sealed record Problem(string Path, string Message, Severity Severity = Severity.Error, int? Line = null, string? File = null)
{
    /// <summary><c>file:line: path: message</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var where = File is null ? "" : Line is { } l ? $"{File}:{l}: " : $"{File}: ";
        if (File is null && Line is { } line)
        {
            where = $"line {line}: ";
        }

        var kind = Severity == Severity.Warning ? "warning: " : "";
        return Path.Length == 0 ? $"{where}{kind}{Message}" : $"{where}{kind}{Path}: {Message}";
    }
}

/// <summary>Collects every problem found in some input, so that all are reported at once rather than the first only.</summary>
public sealed class Problems : IReadOnlyList<Problem>
{
    private readonly List<Problem> _items = [];

    /// <summary>Creates an empty collection whose problems are attributed to <paramref name="file"/>.</summary>
    public Problems(string? file = null) => File = file;

    /// <summary>The file new problems are attributed to.</summary>
    public string? File { get; set; }

    /// <summary>
    /// Called by <see cref="MapReader.Finish"/> with each mapping's path and the keys its reader asked for, so that tests
    /// can check that a published schema names exactly the keys a loader accepts.
    /// </summary>
    internal Action<string, IReadOnlyCollection<string>>? KeysRead { get; set; }

    /// <summary>Whether any problem is an error.</summary>
    public bool HasErrors => _items.Exists(p => p.Severity == Severity.Error);

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public Problem this[int index] => _items[index];

    /// <summary>Records an error at <paramref name="path"/>.</summary>
    public void Error(string path, string message, int? line = null) => _items.Add(new Problem(path, message, Severity.Error, line, File));

    /// <summary>Records a warning at <paramref name="path"/>.</summary>
    public void Warning(string path, string message, int? line = null) => _items.Add(new Problem(path, message, Severity.Warning, line, File));

    /// <summary>Records a problem as it is.</summary>
    public void Add(Problem problem) => _items.Add(problem);

    /// <summary>Records every problem of <paramref name="others"/>.</summary>
    public void AddRange(IEnumerable<Problem> others) => _items.AddRange(others);

    /// <inheritdoc />
    public IEnumerator<Problem> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Thrown by a front end's helpers when input is unusable; carries every problem. Library code returns problems instead.</summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public InvalidInputException(IReadOnlyList<Problem> problems)
        : base(problems.Count == 0 ? "invalid input" : problems[0].ToString()) => Problems = problems;

    /// <summary>Creates the exception from one message about the whole input.</summary>
    public InvalidInputException(string message)
        : base(message) => Problems = [new Problem("", message)];

    /// <summary>Creates the exception (for serializers); prefer the other constructors.</summary>
    public InvalidInputException()
        : this("invalid input")
    {
    }

    /// <summary>Creates the exception wrapping another; prefer the other constructors.</summary>
    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException) => Problems = [new Problem("", message)];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<Problem> Problems { get; }
}

/// <summary>"Did you mean" suggestions: the known names closest to a misspelt one.</summary>
public static class Suggestions
{
    /// <summary>
    /// Up to <paramref name="max"/> candidates within a small edit distance of <paramref name="name"/> or containing it
    /// (<c>h100</c> finds <c>h100-sxm</c>): those containing it first, then the closest.
    /// </summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int max = 3)
    {
        var lowered = name.ToLowerInvariant();
        var threshold = Math.Max(2, lowered.Length / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(lowered, c.ToLowerInvariant(), threshold),
                Contains: lowered.Length > 0 && (c.Contains(lowered, StringComparison.OrdinalIgnoreCase) || (lowered.Length >= 3 && lowered.Contains(c, StringComparison.OrdinalIgnoreCase)))))
            .Where(x => x.Distance <= threshold || x.Contains)
            .OrderBy(x => x.Contains ? 0 : 1)
            .ThenBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToList();
    }

    /// <summary><c> (did you mean 'a' or 'b'?)</c>, or empty when nothing is close.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var close = Closest(name, candidates);
        return close.Count switch
        {
            0 => "",
            1 => $" (did you mean '{close[0]}'?)",
            _ => $" (did you mean {string.Join(", ", close.Take(close.Count - 1).Select(c => $"'{c}'"))} or '{close[^1]}'?)",
        };
    }

    /// <summary>Optimal-string-alignment edit distance, giving up early above <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
