using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Colossim.Cli;

/// <summary>
/// The one way option and argument values are converted: installed on every option and argument of the command tree
/// when it is built (<see cref="Install"/>), so that a value the parser cannot convert gives one line saying what was
/// expected and what was found (<c>--tp: expected a whole number, found '1e30'</c>), never a .NET type name. Whole numbers (<see cref="int"/>, <see cref="long"/>), numbers
/// (<see cref="double"/>: finite only, invariant culture), enums (by name, any case) and their nullable forms are
/// covered; strings and flags need no conversion. A symbol with its own <c>CustomParser</c> keeps it.
/// </summary>
internal static class OptionValues
{
    /// <summary>Installs the converting parser on every option and argument of <paramref name="command"/> and its subcommands whose type needs one.</summary>
    /// <exception cref="InvalidOperationException">An option or argument has a type that needs a parser and is not listed here (a new enum: add it).</exception>
    public static void Install(Command command)
    {
        // A switch over the types the command line uses, not MakeGenericMethod: the native build has no code for a
        // generic method it did not see called.
        foreach (var option in command.Options)
        {
            _ = option switch
            {
                Option<int> o => Install(o),
                Option<int?> o => Install(o),
                Option<long> o => Install(o),
                Option<long?> o => Install(o),
                Option<double> o => Install(o),
                Option<double?> o => Install(o),
                Option<OutputFormat> o => Install(o),
                _ when NeedsParser(option.ValueType) => throw Unlisted(option.Name, option.ValueType),
                _ => false,
            };
        }

        foreach (var argument in command.Arguments)
        {
            _ = argument switch
            {
                Argument<int> a => Install(a),
                Argument<long> a => Install(a),
                Argument<double> a => Install(a),
                _ when NeedsParser(argument.ValueType) => throw Unlisted(argument.Name, argument.ValueType),
                _ => false,
            };
        }

        foreach (var subcommand in command.Subcommands)
        {
            Install(subcommand);
        }
    }

    /// <summary>
    /// Converts the last token of <paramref name="result"/> to <typeparamref name="T"/>, or adds one error line naming
    /// <paramref name="name"/>, what was expected and what was found, and returns the default.
    /// </summary>
    internal static T? Parse<T>(ArgumentResult result, string name)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (TryConvert(type, token, out var value, out var expected))
        {
            return (T)value;
        }

        result.AddError($"{name}: expected {expected}, found '{token}'");
        return default;
    }

    /// <summary>
    /// Converts <paramref name="token"/> to <paramref name="type"/> (int, long, double or an enum); otherwise says what was
    /// expected, in words.
    /// </summary>
    internal static bool TryConvert(Type type, string token, out object value, out string expected)
    {
        var invariant = CultureInfo.InvariantCulture;
        value = 0;
        if (type == typeof(int))
        {
            if (int.TryParse(token, NumberStyles.AllowLeadingSign, invariant, out var n))
            {
                value = n;
                expected = "";
                return true;
            }

            expected = WholeNumber(token, int.MinValue, int.MaxValue);
            return false;
        }

        if (type == typeof(long))
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, invariant, out var n))
            {
                value = n;
                expected = "";
                return true;
            }

            expected = WholeNumber(token, long.MinValue, long.MaxValue);
            return false;
        }

        if (type == typeof(double))
        {
            expected = "a finite number";
            if (double.TryParse(token, NumberStyles.Float, invariant, out var x) && double.IsFinite(x))
            {
                value = x;
                return true;
            }

            return false;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            expected = Words(names.Select(n => n.ToLowerInvariant()).ToList());
            var name = names.FirstOrDefault(n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
            if (name is not null)
            {
                value = Enum.Parse(type, name);
                return true;
            }

            return false;
        }

        throw new ArgumentException($"no conversion for {type.Name}", nameof(type));
    }

    /// <summary>Writes a parser's message on one line: the lines of a list (<c>Must be one of:</c>, <c>Did you mean</c>) joined with commas.</summary>
    internal static string OneLine(string message)
    {
        var lines = message.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        return lines.Count <= 1 ? message.Trim() : $"{lines[0]} {string.Join(", ", lines.Skip(1))}";
    }

    private static bool NeedsParser(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double) || underlying.IsEnum;
    }

    private static bool Install<T>(Option<T> option)
    {
        option.CustomParser ??= result => Parse<T>(result, option.Name);
        return true;
    }

    private static bool Install<T>(Argument<T> argument)
    {
        argument.CustomParser ??= result => Parse<T>(result, argument.Name);
        return true;
    }

    private static InvalidOperationException Unlisted(string name, Type type) =>
        new($"{name}: OptionValues.Install has no case for {type.Name}; add one");

    // "a whole number", with the type's range when the token is a whole number too large for it.
    private static string WholeNumber(string token, long min, long max) =>
        BigInteger.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"a whole number between {min.ToString("N0", CultureInfo.InvariantCulture)} and {max.ToString("N0", CultureInfo.InvariantCulture)}"
            : "a whole number";

    private static string Words(List<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
