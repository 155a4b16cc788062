namespace CivicTrust.Integration.Standalone;

/// <summary>
/// Whether this machine can give each node a disk of its own (an ext4 image on a loop device) and cut its power:
/// root, the loop driver, and e2fsprogs, util-linux and chattr on the path. CI runs as root; elsewhere the tests that
/// need it are skipped and say why.
/// </summary>
public static class LoopDisks
{
    private static readonly string[] Tools = ["losetup", "mkfs.ext4", "mount", "umount", "mountpoint", "chattr"];

    /// <summary>Why the power-loss tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? WhyNot { get; } = Check();

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "power-loss tests need root on Linux (loop devices and mounts)";
        }

        if (!File.Exists("/dev/loop-control"))
        {
            return "power-loss tests need the loop device driver (/dev/loop-control is missing)";
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/sbin").Append("/usr/sbin");
        var missing = Tools.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        return missing.Count == 0 ? null : $"power-loss tests need {string.Join(", ", missing)} (e2fsprogs, util-linux)";
    }
}
