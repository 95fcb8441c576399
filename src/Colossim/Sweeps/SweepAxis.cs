using System.Globalization;
using Colossim.Documents;

namespace Colossim.Sweeps;

/// <summary>
/// One varied scenario value: the path of the value in the scenario document (<c>sites[0].gpus.count</c>) and the
/// values it takes, as the text a scenario would hold (<c>8</c>, <c>h100-sxm</c>, <c>2s</c>), in order.
/// </summary>
/// <param name="Key">The value's path in the scenario document, as <c>colossim check</c> names it.</param>
/// <param name="Values">The values, at least one, in the order given (a range: from its start up).</param>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Reads one <c>--vary</c>: <c>KEY=V1,V2,…</c> (a list of values as a scenario would write them) or
    /// <c>KEY=START:STOP:STEP</c> (numbers from START to STOP inclusive in steps of STEP, at most
    /// <paramref name="maxValues"/> of them). Adds a problem under <paramref name="option"/> and gives
    /// <see langword="null"/> when the text is not one of those.
    /// </summary>
    public static SweepAxis? Parse(string text, Problems problems, long maxValues, string option = "--vary")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            problems.Error(option, $"expected KEY=V1,V2,... or KEY=START:STOP:STEP (KEY a scenario path such as sites[0].gpus.count), found '{Shorten(text)}'");
            return null;
        }

        var key = text[..eq].Trim();
        var rest = text[(eq + 1)..].Trim();
        if (!ScenarioOverrides.TryParsePath(key, out _, out var pathError))
        {
            problems.Error(option, $"{pathError}, found '{Shorten(key)}'");
            return null;
        }

        if (rest.Length == 0)
        {
            problems.Error(option, $"expected at least one value after '{key}=', found nothing");
            return null;
        }

        if (!rest.Contains(',', StringComparison.Ordinal) && rest.Count(c => c == ':') == 2)
        {
            return Range(key, rest, problems, maxValues, option);
        }

        var values = rest.Split(',').Select(v => v.Trim()).ToList();
        if (values.Any(v => v.Length == 0))
        {
            problems.Error(option, $"{key}: expected values separated by commas, found an empty value in '{Shorten(rest)}'");
            return null;
        }

        if (values.Count > maxValues)
        {
            problems.Error(option, $"{key}: {values.Count:N0} values; a sweep has at most {maxValues:N0} points");
            return null;
        }

        var repeated = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            problems.Error(option, $"{key}: expected distinct values, found '{Shorten(repeated.Key)}' twice");
            return null;
        }

        return new SweepAxis(key, values);
    }

    private static SweepAxis? Range(string key, string text, Problems problems, long maxValues, string option)
    {
        var parts = text.Split(':');
        var numbers = new decimal[3];
        for (var i = 0; i < 3; i++)
        {
            if (!decimal.TryParse(parts[i].Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out numbers[i]))
            {
                problems.Error(option, $"{key}: expected a range START:STOP:STEP of plain numbers (such as 8:64:8), found '{Shorten(text)}'");
                return null;
            }
        }

        var (start, stop, step) = (numbers[0], numbers[1], numbers[2]);
        if (step <= 0)
        {
            problems.Error(option, $"{key}: expected a step above 0 in START:STOP:STEP, found {Format(step)}");
            return null;
        }

        if (stop < start)
        {
            problems.Error(option, $"{key}: the range {Shorten(text)} is empty (STOP {Format(stop)} is below START {Format(start)})");
            return null;
        }

        var count = decimal.Floor((stop - start) / step) + 1;
        if (count > maxValues)
        {
            problems.Error(option, $"{key}: the range {Shorten(text)} has {count.ToString("N0", CultureInfo.InvariantCulture)} values; a sweep has at most {maxValues:N0} points");
            return null;
        }

        var values = new List<string>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            values.Add(Format(start + (i * step)));
        }

        return new SweepAxis(key, values);
    }

    private static string Format(decimal x) => (x / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
