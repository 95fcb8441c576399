namespace Colossim.Runs;

/// <summary>
/// Where Colossim keeps its data beside the user's: the one rule, so the run store, the dashboard, <c>colossim runs</c>
/// and the sweeps' tables all open the same SQLite file. The folder is <c>$COLOSSIM_HOME</c> when set, else
/// <c>$XDG_DATA_HOME/colossim</c>, else <c>~/.local/share/colossim</c> (on every platform, so a path in the docs is the
/// path on the machine). The database is <see cref="DatabaseFileName"/> in that folder; the report folders of runs the
/// dashboard starts are under <see cref="RunsFolderName"/>.
/// </summary>
public static class RunStoreLocation
{
    /// <summary>The environment variable that names Colossim's data folder (tests set it to a temporary folder).</summary>
    public const string HomeVariable = "COLOSSIM_HOME";

    /// <summary>The XDG variable consulted when <see cref="HomeVariable"/> is not set.</summary>
    public const string XdgDataHomeVariable = "XDG_DATA_HOME";

    /// <summary>The environment variable that turns off recording <c>colossim run</c> in the history when set to <c>1</c>.</summary>
    public const string NoHistoryVariable = "COLOSSIM_NO_HISTORY";

    /// <summary>The database's file name in the data folder.</summary>
    public const string DatabaseFileName = "colossim.db";

    /// <summary>The folder, under the data folder, that holds one report folder per dashboard run (named by run id).</summary>
    public const string RunsFolderName = "runs";

    /// <summary>
    /// The data folder as the environment gives it: <c>$COLOSSIM_HOME</c>, else <c>$XDG_DATA_HOME/colossim</c>, else
    /// <c>~/.local/share/colossim</c>. <paramref name="environment"/> reads a variable (default the process's); empty
    /// values count as unset. The folder is not created here.
    /// </summary>
    public static string Home(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (NonEmpty(environment(HomeVariable)) is { } home)
        {
            return Path.GetFullPath(home);
        }

        if (NonEmpty(environment(XdgDataHomeVariable)) is { } xdg)
        {
            return Path.GetFullPath(Path.Combine(xdg, "colossim"));
        }

        var user = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.GetFullPath(Path.Combine(user, ".local", "share", "colossim"));
    }

    /// <summary>The database file: <see cref="DatabaseFileName"/> in <see cref="Home"/>.</summary>
    public static string DatabasePath(Func<string, string?>? environment = null) => Path.Combine(Home(environment), DatabaseFileName);

    /// <summary>Whether the environment asks <c>colossim run</c> not to record its runs (<see cref="NoHistoryVariable"/> is <c>1</c> or <c>true</c>).</summary>
    public static bool HistoryDisabled(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return environment(NoHistoryVariable)?.Trim() is "1" or "true" or "TRUE" or "True";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
