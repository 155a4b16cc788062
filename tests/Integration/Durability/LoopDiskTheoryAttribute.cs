using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Durability;

/// <summary>A theory that needs members with disks of their own (<see cref="LoopDisks"/>); skipped, saying why, elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LoopDiskTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless <see cref="LoopDisks.WhyNot"/> is <see langword="null"/>.</summary>
    public LoopDiskTheoryAttribute()
    {
        if (LoopDisks.WhyNot is { } why)
        {
            Skip = why;
        }
    }
}
