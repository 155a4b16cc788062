namespace CivicTrust.Contracts;

/// <summary>
/// The default and the accepted range of every numeric drill setting, in one place: the drill's options, its CLI
/// (validation and help) and the AppHost's <c>Run drill…</c> dialog all read them here. They live with the contract
/// because the AppHost starts the drill runner as a resource and cannot reference its code.
/// </summary>
public static class DrillSettingDefaults
{
    /// <summary>Documents a drill issues (<c>--documents</c>).</summary>
    public const int Documents = 500;

    /// <summary>What <c>--documents</c> accepts.</summary>
    public static readonly SettingRange DocumentsRange = new(1, 1_000_000);

    /// <summary>Seconds allowed for failover and recovery (<c>--timeout</c>).</summary>
    public const int TimeoutSeconds = 30;

    /// <summary>What <c>--timeout</c> accepts.</summary>
    public static readonly SettingRange TimeoutSecondsRange = new(1, 3600);

    /// <summary>Requests in flight at once (<c>--concurrency</c>).</summary>
    public const int Concurrency = 32;

    /// <summary>What <c>--concurrency</c> accepts.</summary>
    public static readonly SettingRange ConcurrencyRange = new(1, 1024);

    /// <summary>
    /// Documents started per second (<c>--rate</c>). Paced so that the fault lands mid-flight: an unpaced load of 500
    /// documents finishes in a fraction of a second, before any leader can be killed.
    /// </summary>
    public const int Rate = 250;

    /// <summary>What <c>--rate</c> accepts.</summary>
    public static readonly SettingRange RateRange = new(1, 100_000);

    /// <summary>Seconds a pause or partition lasts (<c>--fault-duration</c>).</summary>
    public const int FaultDurationSeconds = 5;

    /// <summary>What <c>--fault-duration</c> accepts.</summary>
    public static readonly SettingRange FaultDurationSecondsRange = new(1, 600);

    /// <summary>Drills back to back (<c>--iterations</c>).</summary>
    public const int Iterations = 1;

    /// <summary>What <c>--iterations</c> accepts.</summary>
    public static readonly SettingRange IterationsRange = new(1, 1000);
}
