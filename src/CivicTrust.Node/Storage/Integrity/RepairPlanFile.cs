using System.Text.Json;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// <c>repair.json</c> in the data directory: the repair a member is in. Written (and flushed, directory included)
/// before the damaged data is moved, so a crash at any moment of a repair comes back to the same repair, with the
/// same vote fence; removed once the member holds its entries again.
/// </summary>
public static class RepairPlanFile
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "repair.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The plan in <paramref name="dataDir"/>, or <see langword="null"/> when the member is not repairing.</summary>
    /// <exception cref="InvalidOperationException">The file exists but cannot be read: the vote fence it holds is unknown.</exception>
    public static RepairPlan? Read(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RepairPlan>(File.ReadAllBytes(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidOperationException(
                $"{path} cannot be read ({e.Message}): this member was repairing and the index it must catch up to before it may vote is unknown. " +
                "Replace the member (README, \"Replacing a damaged member\").", e);
        }
    }

    /// <summary>Writes <paramref name="plan"/> durably: file, then directory.</summary>
    public static void Write(string dataDir, RepairPlan plan)
    {
        var path = Path.Combine(dataDir, FileName);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, plan, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(dataDir);
    }

    /// <summary>Removes the plan durably: the repair is over.</summary>
    public static void Delete(string dataDir)
    {
        File.Delete(Path.Combine(dataDir, FileName));
        DirectorySync.Flush(dataDir);
    }
}
