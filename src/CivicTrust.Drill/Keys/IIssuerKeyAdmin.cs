using CivicTrust.Contracts;

namespace CivicTrust.Drill.Keys;

/// <summary>
/// The admin side of issuer keys, member by member (<c>/admin/issuer-keys</c>, with the admin key): admit a key, revoke
/// it, and ask a member which keys it knows from its own applied state. Retries are the caller's: a 503 is returned,
/// not retried, so the schedule decides where to send the same request next.
/// </summary>
public interface IIssuerKeyAdmin
{
    /// <summary>How keys are administered, for the report (e.g. "/admin/issuer-keys with the admin key").</summary>
    string Description { get; }

    /// <summary><c>POST /admin/issuer-keys</c> to <paramref name="member"/>: 201 admitted, 200 already active, 409 revoked or another issuer's.</summary>
    /// <exception cref="Cluster.NodeUnreachableException">The member did not answer.</exception>
    Task<AdminAnswer<IssuerKeyResponse>> AddAsync(Uri member, AddIssuerKeyRequest request, CancellationToken token);

    /// <summary><c>POST /admin/issuer-keys/{keySha256}/revoke</c> to <paramref name="member"/>: 200 with the revocation's index, 404 for an unknown key.</summary>
    /// <exception cref="Cluster.NodeUnreachableException">The member did not answer.</exception>
    Task<AdminAnswer<IssuerKeyResponse>> RevokeAsync(Uri member, string keySha256, CancellationToken token);

    /// <summary><c>GET /admin/issuer-keys</c> of <paramref name="member"/>: the keys it knows, never forwarded.</summary>
    /// <exception cref="Cluster.NodeUnreachableException">The member did not answer.</exception>
    Task<AdminAnswer<IssuerKeyListResponse>> ListAsync(Uri member, CancellationToken token);
}
