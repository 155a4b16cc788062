using System.Security.Cryptography.X509Certificates;
using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class TlsConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civictrust-tls-").FullName;
    private readonly TestCertificates _cluster = new();

    private (string Certificate, string Key, string Ca) Write(X509Certificate2 member, UnixFileMode keyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var paths = (Path.Combine(_directory, "member.crt"), Path.Combine(_directory, "member.key"), Path.Combine(_directory, "ca.crt"));
        File.WriteAllText(paths.Item1, member.ExportCertificatePem());
        File.WriteAllText(paths.Item2, member.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(paths.Item2, keyMode);
        }

        File.WriteAllText(paths.Item3, _cluster.Authority.ExportCertificatePem());
        return paths;
    }

    private static Microsoft.Extensions.Configuration.ConfigurationManager Config((string Certificate, string Key, string Ca) paths, params (string, string)[] more) =>
        TestConfiguration.Of([("Tls:CertificatePath", paths.Certificate), ("Tls:KeyPath", paths.Key), ("Tls:CaPath", paths.Ca), .. more]);

    [Fact]
    public void No_tls_section_means_plain_http_and_a_whole_one_loads_the_members_certificate()
    {
        Assert.Null(TlsConfiguration.Bind(TestConfiguration.Of()));

        using var member = _cluster.Member(new Uri("https://127.0.0.1:7001"));
        var tls = TlsConfiguration.Bind(Config(Write(member)));

        Assert.Equal(member.Thumbprint, tls!.Certificate.Current.Thumbprint);
        Assert.True(tls.Certificate.Current.HasPrivateKey);
        Assert.False(tls.AllowPlainHttp);
        Assert.Throws<InvalidOperationException>(() => tls.RefusePlainHttp(["https://127.0.0.1:7001", "http://127.0.0.1:7002"]));
        tls.RefusePlainHttp(["https://127.0.0.1:7001"]);
    }

    [Fact]
    public void A_key_others_may_read_a_part_of_the_section_and_an_expired_certificate_stop_the_node_with_what_to_fix()
    {
        using var member = _cluster.Member(new Uri("https://127.0.0.1:7001"));
        var readable = Assert.Throws<InvalidOperationException>(() => TlsConfiguration.Bind(Config(Write(member, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead))));
        Assert.Contains("chmod 600", readable.Message, StringComparison.Ordinal);

        var partial = Assert.Throws<InvalidOperationException>(() => TlsConfiguration.Bind(TestConfiguration.Of(("Tls:CertificatePath", "member.crt"))));
        Assert.Contains("together", partial.Message, StringComparison.Ordinal);

        using var expired = _cluster.Member(new Uri("https://127.0.0.1:7001"), DateTimeOffset.UtcNow.AddDays(-9), DateTimeOffset.UtcNow.AddDays(-1));
        var stale = Assert.Throws<InvalidOperationException>(() => TlsConfiguration.Bind(Config(Write(expired))));
        Assert.Contains("NotTimeValid", stale.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
