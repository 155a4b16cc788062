using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Durability;

/// <summary>A fact that needs members with disks of their own (<see cref="LoopDisks"/>); skipped, saying why, elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LoopDiskFactAttribute : FactAttribute
{
    /// <summary>Skips the fact unless <see cref="LoopDisks.WhyNot"/> is <see langword="null"/>.</summary>
    public LoopDiskFactAttribute()
    {
        if (LoopDisks.WhyNot is { } why)
        {
            Skip = why;
        }
    }
}
