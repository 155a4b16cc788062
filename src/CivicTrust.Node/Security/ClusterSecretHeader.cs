namespace CivicTrust.Node.Security;

/// <summary>Adds the cluster secret to every Raft message this member sends (see <see cref="ClusterSecretCheck"/>).</summary>
public sealed class ClusterSecretHeader(ClusterSecret secret) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ClusterSecret.HeaderName);
        request.Headers.TryAddWithoutValidation(ClusterSecret.HeaderName, secret.Value);
        return base.SendAsync(request, cancellationToken);
    }
}
