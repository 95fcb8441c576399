using System.Runtime.InteropServices;

namespace Colossim.Documents;

/// <summary>
/// Tells a named pipe (FIFO) or socket from a file before it is opened: opening a FIFO for reading waits until some
/// process writes to it, so reading one would hang the command. Uses the stat call of .NET's own native shim on Unix;
/// elsewhere (or if the shim is missing) nothing is special.
/// </summary>
internal static class SpecialFiles
{
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int Socket = 0xC000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;

    /// <summary>"a named pipe (FIFO)" or "a socket" when <paramref name="path"/> is one, else <see langword="null"/>.</summary>
    public static string? Describe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            if (Stat(path, out var status) != 0)
            {
                return null;
            }

            return (status.Mode & TypeMask) switch
            {
                Fifo => "a named pipe (FIFO)",
                Socket => "a socket",
                _ => null,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// "a device", "a named pipe (FIFO)" or "a socket" when <paramref name="path"/> is one (a file an output must not
    /// replace or write into, such as <c>/dev/null</c>), else <see langword="null"/>.
    /// </summary>
    public static string? DescribeOutput(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            if (Stat(path, out var status) != 0)
            {
                return null;
            }

            return (status.Mode & TypeMask) is CharacterDevice or BlockDevice ? "a device" : Describe(path);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport, which would need unsafe code in the whole library for one call.
#pragma warning disable SYSLIB1054
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out NativeFileStatus status);
#pragma warning restore SYSLIB1054

    // The first fields of the shim's FileStatus (flags, then the mode with its S_IFMT bits); room for the rest.
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct NativeFileStatus
    {
        public int Flags;
        public int Mode;
    }
}
