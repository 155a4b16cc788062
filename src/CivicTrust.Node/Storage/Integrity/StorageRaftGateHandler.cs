namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// The outgoing half of <see cref="StorageRaftGate"/>: a damaged member sends no Raft message (as a leader it must not
/// replicate from a log it cannot trust, and it steps down when no follower answers), and a repairing one asks for no
/// vote, so it can neither lead nor help elect anyone before it holds its entries again.
/// </summary>
public sealed class StorageRaftGateHandler(StorageIntegrity integrity) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var type = request.Headers.TryGetValues(StorageRaftGate.MessageTypeHeader, out var types) ? types.FirstOrDefault() : null;
        var term = request.Headers.TryGetValues(StorageRaftGate.TermHeader, out var terms) ? terms.FirstOrDefault() : null;
        return StorageRaftGate.Allows(integrity.State, type, term, integrity.VoteTermFence)
            ? base.SendAsync(request, cancellationToken)
            : Task.FromException<HttpResponseMessage>(new HttpRequestException($"Not sent: this member's storage is {integrity.State.ToString().ToLowerInvariant()}."));
    }
}
