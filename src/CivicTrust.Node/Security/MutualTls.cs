using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CivicTrust.Node.Security;

/// <summary>Both ends of mutual TLS between members: what the node serves, and how it calls the other members.</summary>
public static class MutualTls
{
    /// <summary>
    /// Serves this member's certificate and asks every client for one. A client certificate is checked against the
    /// cluster's CA during the handshake, so one from another CA, or an expired one, is refused with a TLS alert; a
    /// client without one may connect (the document API's clients have none), and the members' paths refuse it
    /// (<see cref="MemberCertificateCheck"/>).
    /// </summary>
    public static void Serve(HttpsConnectionAdapterOptions https, TlsOptions tls)
    {
        https.ServerCertificateSelector = (_, _) => tls.Certificate.Current;
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (certificate, _, _) => tls.Authority.WhyNotTrusted(certificate) is null;
        https.CheckCertificateRevocation = false; // the cluster's CA publishes no revocation list; rotation replaces certificates
    }

    /// <summary>
    /// Makes <paramref name="handler"/> call members as a member: it shows this member's certificate and trusts only a
    /// server certificate the cluster's CA issued for the address it called. Without TLS, the handler as it is.
    /// </summary>
    public static SocketsHttpHandler Call(SocketsHttpHandler handler, TlsOptions? tls)
    {
        if (tls is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate.Current;
            handler.SslOptions.RemoteCertificateValidationCallback = tls.Authority.ValidateServer;
        }

        return handler;
    }
}
