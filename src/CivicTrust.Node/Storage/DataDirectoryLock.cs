namespace CivicTrust.Node.Storage;

/// <summary>
/// Holds an exclusive lock on the data directory for the life of the process. DotNext's WAL takes no lock of its
/// own, and two processes appending to one log would corrupt it silently. The operating system drops the lock when
/// the process dies, even on SIGKILL, so a crashed node restarts without manual cleanup.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private const string LockFileName = ".lock";
    private const string OwnerFileName = ".lock.owner";

    private readonly FileStream _lock;

    private DataDirectoryLock(FileStream lockStream) => _lock = lockStream;

    /// <summary>Creates the directory if needed and locks it.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the directory.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var lockPath = Path.Combine(directory, LockFileName);
        var ownerPath = Path.Combine(directory, OwnerFileName);
        try
        {
            // FileShare.None is an exclusive flock() on Unix and a sharing-mode lock on Windows.
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(ownerPath, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new DataDirectoryLock(stream);
        }
        catch (IOException e)
        {
            var owner = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "unknown";
            throw new InvalidOperationException(
                $"The data directory '{directory}' is in use by another CivicTrust node process (pid {owner}). " +
                "One process per data directory: stop that process or give this one its own Cluster:DataDir.", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
