using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CivicTrust.Node.Security;

/// <summary>
/// Reads the <c>Tls</c> section: <c>Tls:CertificatePath</c>, <c>Tls:KeyPath</c> and <c>Tls:CaPath</c> (PEM files), all
/// three or none. Every fault stops the node at start with what to fix: a certificate the CA did not issue, one that
/// has expired, a private key other users may read.
/// </summary>
public static class TlsConfiguration
{
    private const UnixFileMode OthersMayRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The loaded options, or <see langword="null"/> when the section names no files (plain HTTP).</summary>
    /// <exception cref="InvalidOperationException">The section is incomplete, a file is missing, unreadable or not trusted.</exception>
    public static TlsOptions? Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(TlsOptions.SectionName);
        string?[] paths = [section["CertificatePath"], section["KeyPath"], section["CaPath"]];
        if (paths.All(string.IsNullOrEmpty))
        {
            return null;
        }

        if (paths.Any(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException("Tls: give Tls:CertificatePath, Tls:KeyPath and Tls:CaPath together (PEM files: this member's certificate, its private key, the cluster's CA).");
        }

        var (certificatePath, keyPath, caPath) = (paths[0]!, paths[1]!, paths[2]!);
        foreach (var (path, name) in new[] { (certificatePath, "CertificatePath"), (keyPath, "KeyPath"), (caPath, "CaPath") })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Tls:{name}: no file at '{path}'.");
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & OthersMayRead) != 0)
        {
            throw new InvalidOperationException($"Tls:KeyPath: '{keyPath}' may be read by other users; make it readable by the node's user only (chmod 600).");
        }

        ClusterCertificateAuthority ca;
        MemberCertificate certificate;
        try
        {
            ca = new ClusterCertificateAuthority(X509CertificateLoader.LoadCertificateFromFile(caPath));
            certificate = new MemberCertificate(certificatePath, keyPath, ca);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Tls: the certificate, key or CA could not be read, or the key is not the certificate's: {e.Message}", e);
        }

        if (ca.WhyNotTrusted(certificate.Current) is { } why)
        {
            throw new InvalidOperationException($"Tls:CertificatePath: this member's certificate is not one the cluster's CA vouches for now ({why}).");
        }

        var allowPlain = section["AllowPlainHttp"] switch
        {
            null or "" => false,
            { } value when bool.TryParse(value, out var flag) => flag,
            { } value => throw new InvalidOperationException($"Tls:AllowPlainHttp must be true or false, not '{value}'."),
        };
        return new TlsOptions(certificate, ca, allowPlain);
    }

    /// <summary>Refuses plain HTTP URLs on a node with TLS, unless <see cref="TlsOptions.AllowPlainHttp"/>.</summary>
    /// <exception cref="InvalidOperationException">A URL the node would serve is <c>http://</c>.</exception>
    public static void RefusePlainHttp(this TlsOptions tls, IEnumerable<string> urls)
    {
        if (!tls.AllowPlainHttp && urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) is { } plain)
        {
            throw new InvalidOperationException($"Tls: the node would serve '{plain}' in clear text beside HTTPS; serve https:// URLs only, or set Tls:AllowPlainHttp true.");
        }
    }
}
