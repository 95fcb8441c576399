namespace Colossim.Cli;

/// <summary>The exit codes every command uses.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but failed (a run that did not complete, a check that did not pass, an internal error).</summary>
    public const int Failed = 1;

    /// <summary>The input was bad: a flag, a scenario, a name. Every problem is printed; no stack trace.</summary>
    public const int BadInput = 2;

    /// <summary>The run was cancelled (Ctrl-C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
