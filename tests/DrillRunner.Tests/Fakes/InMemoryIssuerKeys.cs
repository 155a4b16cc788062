using System.Net;
using CivicTrust.Contracts;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>
/// The run-time issuer keys of <see cref="InMemoryCluster"/>, kept as a node keeps them: admitted and revoked by log
/// entries (each takes an index), a revoked key never active again, and a knob that breaks the guarantee.
/// </summary>
public sealed class InMemoryIssuerKeys(Func<long> appendEntry)
{
    private readonly Lock _gate = new();
    private readonly List<IssuerKeyResponse> _keys = [];

    /// <summary>A broken cluster: a revoked key still writes.</summary>
    public bool AcceptRevoked { get; set; }

    /// <summary>Every key, in the order it was admitted.</summary>
    public IReadOnlyList<IssuerKeyResponse> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _keys];
            }
        }
    }

    /// <summary>Whether a write with the key whose hash is <paramref name="keySha256"/> is taken.</summary>
    public bool Accepts(string keySha256)
    {
        lock (_gate)
        {
            return Find(keySha256) is { } key && (key.State == IssuerKeyStateNames.Active || AcceptRevoked);
        }
    }

    /// <summary><c>POST /admin/issuer-keys</c>: 201 admitted, 200 already active for the issuer, 409 revoked or another issuer's.</summary>
    public (HttpStatusCode Status, IssuerKeyResponse? Key) Admit(string issuer, string keySha256)
    {
        lock (_gate)
        {
            if (Find(keySha256) is { } known)
            {
                return known.State == IssuerKeyStateNames.Active && known.Issuer == issuer ? (HttpStatusCode.OK, known) : (HttpStatusCode.Conflict, null);
            }

            var admitted = new IssuerKeyResponse(keySha256, issuer, IssuerKeyStateNames.Active, false, appendEntry(), 0);
            _keys.Add(admitted);
            return (HttpStatusCode.Created, admitted);
        }
    }

    /// <summary><c>POST /admin/issuer-keys/{hash}/revoke</c>: 200 with the revocation's index (the same one again when repeated), 404 for an unknown key.</summary>
    public (HttpStatusCode Status, IssuerKeyResponse? Key) Revoke(string keySha256)
    {
        lock (_gate)
        {
            if (Find(keySha256) is not { } known)
            {
                return (HttpStatusCode.NotFound, null);
            }

            if (known.State == IssuerKeyStateNames.Revoked)
            {
                return (HttpStatusCode.OK, known);
            }

            var revoked = known with { State = IssuerKeyStateNames.Revoked, RevokedIndex = appendEntry() };
            _keys[_keys.IndexOf(known)] = revoked;
            return (HttpStatusCode.OK, revoked);
        }
    }

    private IssuerKeyResponse? Find(string keySha256) => _keys.FirstOrDefault(k => k.KeySha256 == keySha256);
}
