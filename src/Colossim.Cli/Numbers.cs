using System.Globalization;

namespace Colossim.Cli;

/// <summary>Invariant number formatting for tables.</summary>
internal static class Numbers
{
    /// <summary>A whole number with thousands separators: <c>100,000</c>.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number in a .NET format: <c>F(1.234, "0.0")</c> is <c>1.2</c>.</summary>
    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
