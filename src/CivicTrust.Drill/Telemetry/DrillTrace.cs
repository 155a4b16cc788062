using System.Diagnostics;

namespace CivicTrust.Drill.Telemetry;

/// <summary>
/// The live spans of one drill: the root <c>drill</c> opens when issuance starts, and each phase span
/// (<c>drill.issuance</c>, <c>drill.crash</c>, <c>drill.failover</c>, <c>drill.recovery</c>, <c>drill.verify</c>) is the
/// current activity while its phase runs, so the drill's sampled HTTP calls carry it as their parent and the nodes'
/// <c>document.issue</c> spans land in the drill's trace. The spans stay open until the run is judged:
/// <see cref="DrillTelemetry.Emit"/> then gives them the report's own timestamps and tags and ends them.
/// </summary>
public sealed class DrillTrace : IDisposable
{
    private readonly Dictionary<string, Activity> _phases = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _ended;

    /// <summary>Opens the root span (nothing when no one listens to <c>CivicTrust.Drill</c>).</summary>
    public DrillTrace()
    {
        Root = WithoutChangingCurrent(() => DrillTelemetry.Source.StartActivity("drill", ActivityKind.Internal, parentContext: default));
    }

    /// <summary>The root span, or <see langword="null"/> when no one listens.</summary>
    public Activity? Root { get; }

    /// <summary>The phase last entered (<c>drill.crash</c>, ...), whether or not anyone listens; for progress views.</summary>
    public string? CurrentPhase { get; private set; }

    /// <summary>Makes the phase span <paramref name="name"/> current until the scope ends (in this async flow only).</summary>
    public Scope Enter(string name)
    {
        var previous = Activity.Current;
        CurrentPhase = name;
        if (Phase(name) is { } phase)
        {
            Activity.Current = phase;
        }

        return new Scope(previous);
    }

    /// <summary>The phase span <paramref name="name"/>, opened now if its phase never ran live.</summary>
    public Activity? Phase(string name)
    {
        if (Root is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_phases.TryGetValue(name, out var phase) && !_ended)
            {
                phase = WithoutChangingCurrent(() => DrillTelemetry.Source.StartActivity(name, ActivityKind.Internal, Root.Context));
                if (phase is not null)
                {
                    _phases[name] = phase;
                }
            }

            return phase;
        }
    }

    /// <summary>Ends every span still open (phases first), with whatever times they have.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            foreach (var phase in _phases.Values)
            {
                phase.Stop();
            }
        }

        Root?.Stop();
    }

    // Starting an activity makes it current in the caller's flow; the trace decides itself when a span is current.
    private static Activity? WithoutChangingCurrent(Func<Activity?> start)
    {
        var previous = Activity.Current;
        var started = start();
        Activity.Current = previous;
        return started;
    }

    /// <summary>Restores the activity that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(Activity? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => Activity.Current = previous;
    }
}
