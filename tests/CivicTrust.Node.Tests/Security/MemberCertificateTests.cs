using System.Security.Cryptography.X509Certificates;
using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class MemberCertificateTests : IDisposable
{
    private static readonly Uri Url = new("https://127.0.0.1:7001");
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-rotation-").FullName;
    private readonly TestCertificates _cluster = new();
    private readonly TestCertificates _other = new("another-ca");
    private int _writes;

    private string CertificatePath => Path.Combine(_directory, "member.crt");

    private string KeyPath => Path.Combine(_directory, "member.key");

    // Writes the pair with a write time of its own: a rotation within the file system's time resolution still shows.
    private void Write(X509Certificate2 certificate, bool keyOnly = false)
    {
        var at = DateTime.UtcNow.AddSeconds(++_writes);
        File.WriteAllText(KeyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.SetLastWriteTimeUtc(KeyPath, at);
        if (!keyOnly)
        {
            File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
            File.SetLastWriteTimeUtc(CertificatePath, at);
        }
    }

    [Fact]
    public void A_new_pair_from_the_clusters_ca_is_taken_and_a_half_written_or_foreign_one_is_not()
    {
        using var first = _cluster.Member(Url);
        Write(first);
        var member = new MemberCertificate(CertificatePath, KeyPath, new ClusterCertificateAuthority(_cluster.Authority), TimeSpan.Zero);
        Assert.Equal(first.Thumbprint, member.Current.Thumbprint);

        using var second = _cluster.Member(Url);
        Write(second, keyOnly: true); // the key is new, the certificate not yet: they do not match
        Assert.Equal(first.Thumbprint, member.Current.Thumbprint);
        Write(second);
        Assert.Equal(second.Thumbprint, member.Current.Thumbprint);

        using var foreign = _other.Member(Url);
        Write(foreign);
        Assert.Equal(second.Thumbprint, member.Current.Thumbprint);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
