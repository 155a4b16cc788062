using System.Globalization;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// <c>vote-fence</c> in the data directory: the highest term a member that lost its disk may have voted in
/// (<see cref="RepairPlan.VoteTermFence"/>). It outlives the repair, because the term the member then follows can be
/// below the fence, and a restart must not forget it; once the member's own term has passed it, it is moot.
/// </summary>
public static class VoteFenceFile
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "vote-fence";

    /// <summary>The fence kept in <paramref name="dataDir"/>, 0 when there is none.</summary>
    /// <exception cref="InvalidOperationException">The file exists but does not hold a term: the fence is unknown.</exception>
    public static long Read(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var term)
            ? term
            : throw new InvalidOperationException(
                $"{path} holds '{text}', not a term: this member lost its disk once and the terms it may have voted in are unknown. " +
                "Replace the member (README, \"Replacing a damaged member\").");
    }

    /// <summary>Writes <paramref name="term"/> durably: file, then directory.</summary>
    public static void Write(string dataDir, long term)
    {
        var path = Path.Combine(dataDir, FileName);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(term.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(dataDir);
    }
}
