using System.Text;

namespace Tessera.Client.Files;

/// <summary>
/// Writes files readable by the service user only, atomically: the content goes to a temporary file created with
/// mode 0600 and is renamed into place, so a crash never leaves a half-written key or token behind.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    public static void Write(string path, string content) => Write(path, Encoding.UTF8.GetBytes(content));

    public static void Write(string path, byte[] content, UnixFileMode mode = OwnerOnly)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Creates the directory with mode 0700, or narrows an existing one to it.</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        if (File.GetUnixFileMode(path) != OwnerOnlyDirectory)
        {
            File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
    }
}
