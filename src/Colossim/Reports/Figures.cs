using System.Globalization;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// How figures are written for people in every report (invariant culture, so a report reads the same on every
/// machine): whole numbers with thousands separators, quantities to four significant digits, big counts as
/// <c>15T</c>.
/// </summary>
public static class Figures
{
    /// <summary>A whole number with thousands separators: <c>100,000</c>.</summary>
    public static string Whole(double x) => Math.Round(x).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with at most three decimals: <c>1.25</c>.</summary>
    public static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A number in a .NET format: <c>Fixed(1.234, "0.0")</c> is <c>1.2</c>.</summary>
    public static string Fixed(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A share (0-1) as a percentage with at most two decimals: <c>0.6</c> is <c>60%</c>.</summary>
    public static string Percent(double x) => (x * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A big count in short form: 1.5e13 is <c>15T</c>, 3.16e11 is <c>316B</c>.</summary>
    public static string Big(double x) => x switch
    {
        >= 1e12 => Number(Math.Round(x / 1e12, 1)) + "T",
        >= 1e9 => Number(Math.Round(x / 1e9, 1)) + "B",
        >= 1e6 => Number(Math.Round(x / 1e6, 1)) + "M",
        >= 1e3 => Number(Math.Round(x / 1e3, 1)) + "k",
        _ => Number(x),
    };

    /// <summary><paramref name="x"/> rounded to four significant digits (276.48 is 276.5); 0, NaN and infinities unchanged.</summary>
    public static double Significant(double x)
    {
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }

        var scale = Math.Pow(10, 3 - Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }

    /// <summary>A compute rate to four significant digits: <c>98.9 EFLOPS</c>.</summary>
    public static string Show(FlopRate x) => new FlopRate(Significant(x.FlopsPerSecond)).ToDisplayString();

    /// <summary>A size to four significant digits: <c>8 PB</c>.</summary>
    public static string Show(Bytes x) => new Bytes(Significant(x.Value)).ToDisplayString();

    /// <summary>A bandwidth to four significant digits: <c>335 PB/s</c>.</summary>
    public static string Show(Bandwidth x) => new Bandwidth(Significant(x.BytesPerSecond)).ToDisplayString();

    /// <summary>A power to four significant digits: <c>139.4 MW</c>.</summary>
    public static string Show(Watts x) => new Watts(Significant(x.Value)).ToDisplayString();

    /// <summary>An energy to four significant digits, or <c>none</c> for zero.</summary>
    public static string Show(Energy x) => x.Joules == 0 ? "none" : new Energy(Significant(x.Joules)).ToDisplayString();

    /// <summary>An amount of money to four significant digits, or <c>-</c> for zero.</summary>
    public static string Show(Usd x) => x.Dollars == 0 ? "-" : new Usd(Significant(x.Dollars)).ToDisplayString();

    /// <summary>A network bandwidth in gigabits per second, four significant digits: <c>400 Gb/s</c>.</summary>
    public static string Gbps(Bandwidth x) => Number(Significant(x.GigabitsPerSecond)) + " Gb/s";
}
