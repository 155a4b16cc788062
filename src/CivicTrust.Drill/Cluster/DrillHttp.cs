using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CivicTrust.Drill.Cluster;

/// <summary>The HTTP client a drill reaches the members with.</summary>
public static class DrillHttp
{
    /// <summary>
    /// A client for one drill: refused connections fail fast, and each request carries its own deadline. With
    /// <paramref name="clusterCa"/>, HTTPS members are trusted when that CA issued their certificate for the address
    /// called, and no other CA is (the cluster's own CA, as <c>--ca-cert</c> gives it); without it, the machine's.
    /// </summary>
    public static HttpClient Create(X509Certificate2? clusterCa = null, TimeSpan? timeout = null) => new(Trusting(new SocketsHttpHandler
    {
        // Connection refused from a dead node must come back at once, not after the default connect timeout.
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = 256,
    }, clusterCa))
    {
        Timeout = timeout ?? Timeout.InfiniteTimeSpan, // by default each request carries its own deadline (DrillOptions.RequestTimeout)
    };

    /// <summary>Reads the cluster's CA certificate (PEM or DER) from <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">There is no certificate at <paramref name="path"/>.</exception>
    public static X509Certificate2 LoadAuthority(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"'{path}' is not a readable CA certificate: {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Makes <paramref name="handler"/> trust HTTPS members only when <paramref name="clusterCa"/> issued their certificate for the address called; unchanged without it.</summary>
    public static SocketsHttpHandler Trusting(SocketsHttpHandler handler, X509Certificate2? clusterCa)
    {
        if (clusterCa is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && IssuedBy(certificate, clusterCa);
        }

        return handler;
    }

    // The machine's trust store plays no part: only the cluster's CA vouches for a member.
    private static bool IssuedBy(X509Certificate certificate, X509Certificate2 clusterCa)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var served = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(served);
    }
}
