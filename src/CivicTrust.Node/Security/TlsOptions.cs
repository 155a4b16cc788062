namespace CivicTrust.Node.Security;

/// <summary>
/// The node's <c>Tls</c> section, loaded: this member's certificate and key, and the cluster's CA. With it, the node
/// serves HTTPS only, every connection between members is mutual TLS, and a Raft message is taken only from a client
/// certificate the CA issued to a member (<see cref="MemberCertificateCheck"/>).
/// </summary>
/// <param name="Certificate">This member's certificate, with its private key: its server certificate, and the client
/// certificate it shows the members it calls; read again when its files change (rotation).</param>
/// <param name="Authority">The cluster's CA.</param>
/// <param name="AllowPlainHttp">Whether plain HTTP URLs may be served beside HTTPS (<c>Tls:AllowPlainHttp</c>).</param>
public sealed record TlsOptions(MemberCertificate Certificate, ClusterCertificateAuthority Authority, bool AllowPlainHttp)
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Tls";
}
