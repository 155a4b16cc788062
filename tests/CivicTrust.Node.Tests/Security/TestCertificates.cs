using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CivicTrust.Node.Tests.Security;

/// <summary>A CA and the certificates it issues, made in memory as the cluster scripts make them with openssl.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name = "test-cluster-ca")
    {
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The CA's certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A member's certificate for <paramref name="url"/>, valid from <paramref name="from"/> to <paramref name="to"/>, with its key.</summary>
    public X509Certificate2 Member(Uri url, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={url.Port}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddUri(url);
        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(Authority, from ?? DateTimeOffset.UtcNow.AddMinutes(-5), to ?? DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }
}
