using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>Leave-one-out check of GEMM interpolation: every measured GEMM is predicted from a model built without it.</summary>
public static class GemmLeaveOneOut
{
    /// <summary>
    /// Errors by group: <c>interior</c> (M inside the measured range of its shape), <c>edge</c> (M at an end of it, so
    /// extrapolated), <c>new shape</c> (the only measurement of its N x K, so carried over from other shapes), and <c>all</c>.
    /// Duplicate measurements of the same shape are all left out together.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ErrorSummary>> Run(GpuSpec gpu, CalibrationSet set)
    {
        var cases = new List<(string Group, ValidationCase Case)>();
        foreach (var measured in set.Gemms.GroupBy(g => (g.M, g.N, g.K, g.Dtype)))
        {
            var key = measured.Key;
            var truth = measured.Any(g => g.GpuOnly) ? measured.Where(g => g.GpuOnly).Average(g => g.Seconds) : measured.Average(g => g.Seconds);
            var rest = set.Gemms.Where(g => (g.M, g.N, g.K, g.Dtype) != key).ToList();
            var sameShape = rest.Where(g => g.N == key.N && g.K == key.K && g.Dtype == key.Dtype).Select(g => g.M).ToList();
            var group = sameShape.Count == 0 ? "new shape" : key.M < sameShape.Min() || key.M > sameShape.Max() ? "edge" : "interior";
            var model = KernelModel.Create(gpu, set.WithGemms(rest));
            var predicted = model.Gemm(key.M, key.N, key.K, key.Dtype).Seconds;
            cases.Add((group, new ValidationCase(0, "gemm", null, $"{key.M}x{key.N}x{key.K}", Duration.FromSeconds(truth), Duration.FromSeconds(predicted))));
        }

        return [.. cases.GroupBy(c => c.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, ErrorSummary.Of(g.Select(c => c.Case)))),
            KeyValuePair.Create("all", ErrorSummary.Of(cases.Select(c => c.Case)))];
    }
}
