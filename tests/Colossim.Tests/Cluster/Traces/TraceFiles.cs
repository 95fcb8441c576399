using Colossim.Documents;

namespace Colossim.Tests.Cluster.Traces;

/// <summary>The trace test files (TestData/traces, written for these tests in each format) and helpers for hostile files.</summary>
public static class TraceFiles
{
    /// <summary>The path of a file of <c>TestData/traces</c>.</summary>
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "traces", name);

    /// <summary>The problems as <c>file:line: path: message</c>, in order.</summary>
    public static string[] Messages(Problems problems) => [.. problems.Select(p => p.ToString())];

    /// <summary>Makes a named pipe at <paramref name="path"/>; false where the system has no <c>mkfifo</c>.</summary>
    public static bool MakeFifo(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    /// <summary>Makes a sparse file of <paramref name="length"/> bytes (nothing is written; refused from its length).</summary>
    public static string Sparse(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.SetLength(length);
        return path;
    }
}
