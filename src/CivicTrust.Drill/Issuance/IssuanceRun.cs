using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill.Issuance;

/// <summary>
/// One run of the <see cref="IssuanceLoad"/> in the background: started before the fault, running through it, and
/// stopped at the drill's deadline. What it did not get acknowledged stays "submitted" in the ledger, for the in-flight
/// tracker to settle.
/// </summary>
public sealed class IssuanceRun(IssuanceLoad load, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private long _endedTs;

    /// <summary>The load's counters, live.</summary>
    public IssuanceLoad Load => load;

    /// <summary>When issuance started (Unix ms); <see langword="null"/> before.</summary>
    public long? StartedTs { get; private set; }

    /// <summary>When the load ended, done or stopped (Unix ms); 0 while it runs.</summary>
    public long EndedTs => Volatile.Read(ref _endedTs);

    /// <summary>Starts sending <paramref name="documents"/>; returns at once.</summary>
    /// <exception cref="InvalidOperationException">Issuance has already started.</exception>
    public void Start(IReadOnlyList<DrillDocument> documents)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("Issuance has already started.");
        }

        StartedTs = time.GetUtcNow().ToUnixTimeMilliseconds();
        _running = Task.Run(async () =>
        {
            try
            {
                await load.RunAsync(documents, _stop.Token);
            }
            finally
            {
                Volatile.Write(ref _endedTs, time.GetUtcNow().ToUnixTimeMilliseconds());
            }
        });
    }

    /// <summary>Waits until <paramref name="count"/> documents are acknowledged.</summary>
    /// <exception cref="TimeoutException">Not enough acknowledgements in time, or the load ended first: the cluster is not serving.</exception>
    public async Task WaitUntilAcknowledgedAsync(int count, TimeSpan timeout, CancellationToken token)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (load.Acknowledged < count)
        {
            if (time.GetUtcNow() >= deadline || _running is { IsCompleted: true })
            {
                throw new TimeoutException($"Only {load.Acknowledged} of {count} documents were acknowledged before the crash was due; is the cluster serving?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), time, token);
        }
    }

    /// <summary>
    /// Gives the load until <paramref name="deadline"/> to finish (it retries through the failover), then stops it;
    /// a failure of the load itself becomes an error of the run.
    /// </summary>
    public async Task FinishAsync(DateTimeOffset deadline, List<string> errors)
    {
        if (_running is null)
        {
            return;
        }

        var remaining = deadline - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.WhenAny(_running, Task.Delay(remaining, time));
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The type and the method that threw: a report cannot hold the stack, and the message alone did not say
            // where a bare "Transport endpoint is not connected" came from.
            errors.Add($"Issuance failed: {e.GetType().Name} in {e.TargetSite?.DeclaringType?.Name}.{e.TargetSite?.Name}: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
