using CivicTrust.Integration.Standalone;

namespace CivicTrust.Integration.Durability;

/// <summary>
/// A test too long for every run (minutes of repeated crash schedules): skipped unless <c>CIVICTRUST_SOAK=1</c>, so
/// <c>dotnet test</c> and CI stay fast while the soak command stays one line.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SoakFactAttribute : FactAttribute
{
    /// <summary>Variable that turns soak tests on.</summary>
    public const string Variable = "CIVICTRUST_SOAK";

    /// <summary>Skips the test unless <see cref="Variable"/> is <c>1</c>.</summary>
    public SoakFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"soak test: set {Variable}=1 to run it";
        }
    }

    /// <summary>The soak needs members with disks of their own (<see cref="LoopDisks"/>): skipped, saying why, elsewhere.</summary>
    public bool OwnDisks
    {
        get => field;
        set
        {
            field = value;
            if (value && Skip is null && LoopDisks.WhyNot is { } why)
            {
                Skip = why;
            }
        }
    }
}
