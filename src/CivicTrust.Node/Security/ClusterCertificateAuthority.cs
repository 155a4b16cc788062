using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CivicTrust.Node.Security;

/// <summary>
/// The cluster's own certificate authority, the only one a member trusts: for the members it talks to (their server
/// certificates) and for the members that talk to it (their client certificates). The machine's trust store is not
/// consulted, so a certificate any public CA issued proves nothing here.
/// </summary>
public sealed class ClusterCertificateAuthority(X509Certificate2 authority)
{
    /// <summary>The CA's certificate.</summary>
    public X509Certificate2 Certificate => authority;

    /// <summary>Why <paramref name="certificate"/> is not one this CA issued and still valid, or <see langword="null"/> when it is.</summary>
    /// <remarks>Time validity is part of the chain: an expired or not yet valid certificate is refused.</remarks>
    public string? WhyNotTrusted(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // members are replaced by rotation, not CRLs
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        if (chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint)
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
        return problems.Count == 0 ? "not issued by the cluster's CA" : string.Join(", ", problems);
    }

    /// <summary>The check a member's outgoing connections make of the member they reach.</summary>
    public bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null
        && (errors & ~(SslPolicyErrors.RemoteCertificateChainErrors)) == SslPolicyErrors.None // the name must match the address
        && WhyNotTrusted(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())) is null;

    /// <summary>The URIs a certificate's subject alternative names carry (a member's certificate names its own URL).</summary>
    /// <remarks>.NET reads a SAN's DNS names and addresses but not its URIs, so those are read from its DER here
    /// (a URI is the GeneralName of context tag 6, an IA5String).</remarks>
    public static IReadOnlyList<Uri> UrisOf(X509Certificate2 certificate)
    {
        var uris = new List<Uri>();
        foreach (var san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            try
            {
                var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(UriTag)
                        && Uri.TryCreate(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag), UriKind.Absolute, out var uri))
                    {
                        uris.Add(uri);
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed SAN names no member.
            }
        }

        return uris;
    }

    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);
}
