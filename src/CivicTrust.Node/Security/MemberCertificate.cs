using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CivicTrust.Node.Security;

/// <summary>
/// This member's certificate, read again from its files when they change, so that it can be rotated without a restart:
/// write the new certificate and key over the old ones, and the next TLS handshake, served or made, shows the new one.
/// </summary>
/// <remarks>
/// The files are looked at no more than once a second, on a handshake. A new pair that does not load (the key written
/// but not yet the certificate, a key that does not match) or that the cluster's CA does not vouch for leaves the
/// current certificate in use, with a warning, until a pair that does is in place: a half-done rotation never takes a
/// member off the network.
/// </remarks>
public sealed class MemberCertificate
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly ClusterCertificateAuthority _authority;
    private readonly long _lookEveryMs;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private (DateTime Certificate, DateTime Key) _written;
    private long _lookedAt;

    /// <summary>Loads the pair.</summary>
    /// <param name="certificatePath">The certificate's PEM file.</param>
    /// <param name="keyPath">Its private key's PEM file.</param>
    /// <param name="authority">The CA a new pair must come from.</param>
    /// <param name="lookEvery">How often the files may be looked at; a second unless a test says otherwise.</param>
    /// <exception cref="CryptographicException">The files are not a certificate and its key.</exception>
    public MemberCertificate(string certificatePath, string keyPath, ClusterCertificateAuthority authority, TimeSpan? lookEvery = null)
    {
        (_certificatePath, _keyPath, _authority) = (certificatePath, keyPath, authority);
        _lookEveryMs = (long)(lookEvery ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
        _written = WrittenAt();
        _current = Load();
        _lookedAt = Environment.TickCount64;
    }

    /// <summary>Logs a rotation, or a pair that could not be taken; set once the host has a logger.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The certificate to show now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (Environment.TickCount64 - Volatile.Read(ref _lookedAt) >= _lookEveryMs)
            {
                Refresh();
            }

            return Volatile.Read(ref _current);
        }
    }

    private void Refresh()
    {
        lock (_gate)
        {
            _lookedAt = Environment.TickCount64;
            var written = WrittenAt();
            if (written == _written)
            {
                return;
            }

            try
            {
                var next = Load();
                if (_authority.WhyNotTrusted(next) is { } why)
                {
                    Logger?.LogWarning("The new certificate in {Path} is not used: the cluster's CA does not vouch for it ({Why}).", _certificatePath, why);
                    _written = written; // looked at again when the files change again
                    return;
                }

                _written = written;
                Logger?.LogInformation("Member certificate rotated: {Old} → {New} (valid until {NotAfter:u}).", _current.Thumbprint, next.Thumbprint, next.NotAfter.ToUniversalTime());
                Volatile.Write(ref _current, next);
            }
            catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
            {
                Logger?.LogWarning("The files {Certificate} and {Key} changed but do not load yet ({Error}); the current certificate stays.", _certificatePath, _keyPath, e.Message);
            }
        }
    }

    private X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);

    private (DateTime, DateTime) WrittenAt() => (File.GetLastWriteTimeUtc(_certificatePath), File.GetLastWriteTimeUtc(_keyPath));
}
