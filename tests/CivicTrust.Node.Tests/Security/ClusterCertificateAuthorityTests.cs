using CivicTrust.Node.Security;

namespace CivicTrust.Node.Tests.Security;

public sealed class ClusterCertificateAuthorityTests : IDisposable
{
    private static readonly Uri Member = new("https://127.0.0.1:7001");
    private readonly TestCertificates _cluster = new();
    private readonly TestCertificates _other = new("another-ca");

    [Fact]
    public void A_member_certificate_of_the_clusters_ca_is_trusted_and_names_its_url()
    {
        using var certificate = _cluster.Member(Member);

        Assert.Null(new ClusterCertificateAuthority(_cluster.Authority).WhyNotTrusted(certificate));
        Assert.Equal([Member], ClusterCertificateAuthority.UrisOf(certificate));
    }

    [Fact]
    public void Another_cas_certificate_an_expired_one_and_one_not_yet_valid_are_refused_with_the_reason()
    {
        var authority = new ClusterCertificateAuthority(_cluster.Authority);
        using var foreign = _other.Member(Member);
        using var expired = _cluster.Member(Member, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        using var early = _cluster.Member(Member, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(10));

        Assert.NotNull(authority.WhyNotTrusted(foreign));
        Assert.Contains("NotTimeValid", authority.WhyNotTrusted(expired), StringComparison.Ordinal);
        Assert.Contains("NotTimeValid", authority.WhyNotTrusted(early), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ca_itself_is_no_member()
    {
        Assert.Empty(ClusterCertificateAuthority.UrisOf(_cluster.Authority));
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
    }
}
