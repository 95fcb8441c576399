namespace Colossim.Documents;

/// <summary>
/// The data files shipped inside the library (<c>data/catalog</c>, <c>data/calibration</c>, <c>data/facility</c>,
/// embedded by Colossim.csproj under their path below <c>data/</c>), so the library works from any directory.
/// </summary>
internal static class ShippedData
{
    /// <summary>Every shipped file below <paramref name="folder"/> (<c>catalog</c>), by name (<c>catalog/gpus.yaml</c>), in ordinal order.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Files(string folder)
    {
        var assembly = typeof(ShippedData).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            yield return (name, buffer.ToArray());
        }
    }
}
