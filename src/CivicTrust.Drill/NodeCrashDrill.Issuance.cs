using CivicTrust.Drill.Cluster;

namespace CivicTrust.Drill;

/// <summary>Phase <c>drill.issuance</c>: the paced load of unique documents that runs through the fault, and its end.</summary>
public sealed partial class NodeCrashDrill
{
    /// <summary>Starts issuing <paramref name="documentCount"/> unique documents in the background; keeps going through the crash.</summary>
    public Task StartIssuanceAsync(int documentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documentCount, 1);
        if (_issuance is not null)
        {
            throw new InvalidOperationException("Issuance has already started.");
        }

        var documents = Enumerable.Range(0, documentCount).Select(i => DrillDocument.Create(RunId, i, "load")).ToList();
        _startedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // The load task starts inside the issuance span, so its sampled requests are that span's children.
        using var issuance = Trace.Enter("drill.issuance");
        _issuance = Task.Run(async () =>
        {
            try
            {
                await _load.RunAsync(documents, _stopIssuance.Token);
            }
            finally
            {
                _issuanceEndedTs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> documents are acknowledged (the moment to crash the leader).</summary>
    /// <exception cref="TimeoutException">Not enough acknowledgements in time: the cluster is not serving.</exception>
    public async Task WaitUntilAcknowledgedAsync(int count, TimeSpan timeout, CancellationToken token = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (_load.Acknowledged < count)
        {
            if (_time.GetUtcNow() >= deadline || _issuance is { IsCompleted: true })
            {
                throw new TimeoutException($"Only {_load.Acknowledged} of {count} documents were acknowledged before the crash was due; is the cluster serving?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), _time, token);
        }
    }

    // The load retries through the failover; give it until the deadline, then stop it: what it did not get
    // acknowledged stays "submitted" in the ledger and the in-flight tracker settles it.
    private async Task FinishIssuanceAsync(DateTimeOffset deadline, List<string> errors)
    {
        if (_issuance is null)
        {
            return;
        }

        var remaining = deadline - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.WhenAny(_issuance, Task.Delay(remaining, _time));
        }

        await _stopIssuance.CancelAsync();
        try
        {
            await _issuance;
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
}
