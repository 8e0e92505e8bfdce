using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IgdLab.TestUtilities;

/// <summary>
/// Certificates made in the test, for TLS on loopback: a CA, a server certificate it issued for one IP address (an IP
/// SAN, with server authentication among its usages), and a stranger CA that issued nothing the server uses. ECDSA
/// P-256 keys (fast to make); valid from an hour ago for a day.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 stranger)
    {
        Authority = authority;
        Server = server;
        Stranger = stranger;
    }

    /// <summary>The CA, with its key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate, issued by <see cref="Authority"/>, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A CA that has nothing to do with <see cref="Server"/>, with its key.</summary>
    public X509Certificate2 Stranger { get; }

    /// <summary>A CA and the server certificate it issues for <paramref name="serverAddress"/>, and a stranger CA.</summary>
    public static TestCertificates Create(IPAddress serverAddress)
    {
        var authority = CreateAuthority("CN=IgdLab test CA");
        var server = Issue(authority, serverAddress);
        return new TestCertificates(authority, server, CreateAuthority("CN=IgdLab stranger CA"));
    }

    /// <summary>A self-signed server certificate for <paramref name="address"/> (its own root), with its key.</summary>
    public static X509Certificate2 SelfSigned(IPAddress address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(key, address);
        var (notBefore, notAfter) = Validity();
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>The certificate as PEM text (no key).</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM text.</summary>
    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no ECDSA private key")).ExportPkcs8PrivateKeyPem();

    /// <summary>Only the public part of <paramref name="certificate"/>, as a device that trusts it holds it.</summary>
    public static X509Certificate2Collection Roots(X509Certificate2 certificate) =>
        [X509CertificateLoader.LoadCertificate(certificate.RawData)];

    /// <summary>An HTTP client that trusts <paramref name="root"/> alone (and checks the host name as usual).</summary>
    public static HttpClient HttpClientTrusting(X509Certificate2 root)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(Roots(root));
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> as PEM to <c>NAME.pem</c> in <paramref name="folder"/> and, when it has one,
    /// its key to <c>NAME.key</c>; returns both paths (the key's even when nothing was written there).
    /// </summary>
    public static (string Certificate, string Key) WritePem(TempFolder folder, string name, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(certificate);
        var certificatePath = folder.Write($"{name}.pem", CertificatePem(certificate));
        var keyPath = certificate.HasPrivateKey ? folder.Write($"{name}.key", KeyPem(certificate)) : folder.Combine($"{name}.key");
        return (certificatePath, keyPath);
    }

    /// <summary>Disposes the certificates and their keys.</summary>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Stranger.Dispose();
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var (notBefore, notAfter) = Validity();
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, IPAddress address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(key, address);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // Within its authority's validity: the authority's end is rounded down to the second, so a certificate made a
        // moment later with its own "now + 1 day" could end after it, which CertificateRequest refuses (seen in CI).
        var (notBefore, _) = Validity();
        var notAfter = new DateTimeOffset(authority.NotAfter).AddMinutes(-1);
        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    private static CertificateRequest ServerRequest(ECDsa key, IPAddress address)
    {
        var request = new CertificateRequest($"CN=igdlab prober {address}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity()
    {
        var now = TimeProvider.System.GetUtcNow();
        return (now.AddHours(-1), now.AddDays(1));
    }
}
