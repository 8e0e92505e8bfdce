using System.Security.Cryptography.X509Certificates;

namespace IgdLab.Prober;

/// <summary>What a certificate needs to serve TLS: its private key, and server authentication among its usages.</summary>
internal static class ServerCertificateRules
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Every reason <paramref name="certificate"/> cannot serve TLS; empty when it can.</summary>
    public static IEnumerable<string> Problems(X509Certificate2 certificate, string name)
    {
        if (!certificate.HasPrivateKey)
        {
            yield return $"{name} ({certificate.Subject}) has no private key";
        }

        // Kestrel refuses such a certificate when it starts listening; said here, it is one more problem in the list.
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        if (usages is not null && usages.Count > 0 && !usages.Cast<System.Security.Cryptography.Oid>().Any(usage => usage.Value == ServerAuthentication))
        {
            yield return $"{name} ({certificate.Subject}) is not for server authentication (its extended key usage leaves it out)";
        }
    }
}
