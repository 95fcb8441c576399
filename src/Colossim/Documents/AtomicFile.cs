namespace Colossim.Documents;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content: the text goes to a temporary
/// file in the same folder, which is then moved over the target. The folder is created if missing.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8, no byte-order mark) to <paramref name="path"/>. Returns
    /// <see langword="false"/> with the reason in <paramref name="error"/> when the folder or the file cannot be
    /// written (no permission, a file where a folder should be, a device, a FIFO or a socket, a full disk); nothing is left behind then.
    /// </summary>
    public static bool TryWrite(string path, string content, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        return TryWrite(path, new System.Text.UTF8Encoding(false).GetBytes(content), out error);
    }

    /// <summary>Writes <paramref name="content"/> (bytes as they are) to <paramref name="path"/>, as the text overload does.</summary>
    public static bool TryWrite(string path, byte[] content, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        string? temporary = null;
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                error = "it is a folder";
                return false;
            }

            // Moving a file over a device or FIFO replaces the node itself (as root, /dev/zero would become a file).
            if (SpecialFiles.DescribeOutput(full) is { } special)
            {
                error = $"it is {special}, not a regular file";
                return false;
            }

            var folder = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(folder);
            temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, full, overwrite: true);
            temporary = null;
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = e.Message;
            return false;
        }
        finally
        {
            if (temporary is not null)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: the write already failed and says why.
                }
            }
        }
    }
}
