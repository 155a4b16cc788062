using System.Runtime.InteropServices;

namespace CivicTrust.Node.Storage;

/// <summary>
/// fsync of a directory, so that a file created or renamed in it survives a power loss. .NET cannot open a directory
/// as a file, hence libc; DotNext's own snapshot writer does the same on Linux (docs/durability.md).
/// </summary>
internal static class DirectorySync
{
    /// <summary>Flushes <paramref name="path"/>'s entries to disk; does nothing off Linux.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(path, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            throw new IOException($"open({path}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"fsync({path}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
