using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IgdLab.Device.Probe;

/// <summary>
/// Checks the server's TLS certificate on a <c>wss://</c> control channel. With roots given
/// (<see cref="ProbeUnitOptions.TrustedRoots"/>) the chain must end in one of them
/// (<see cref="X509ChainTrustMode.CustomRootTrust"/>: the system's store is not consulted), every certificate must be
/// within its validity period and the leaf must allow server authentication; without, the system's own verdict
/// (its trust store) stands. Either way the certificate must be issued for the host of the server's URL (an IP
/// address in its IP SANs, a name in its DNS SANs), as <see cref="SslStream"/> checks. Revocation is not checked
/// against custom roots: a lab or fleet CA of one's own rarely publishes a CRL. A refused certificate fails the
/// connection, and <see cref="TakeRejection"/> says why.
/// </summary>
internal sealed class ServerCertificateTrust(X509Certificate2Collection? roots)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private string? _rejection;

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>: true when the certificate is trusted and names the host.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Reject("the server sent no certificate");
        }

        using var leaf = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Reject($"the server's certificate ({leaf.Subject}) is not issued for the host of the prober's URL (no subject alternative name matches it)");
        }

        if (roots is null)
        {
            return errors == SslPolicyErrors.None
                || Reject($"the server's certificate ({leaf.Subject}) is not trusted by this system: {Describe(chain)}");
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (chain is not null)
        {
            // The intermediates the server sent along.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(leaf)
            || Reject($"the server's certificate ({leaf.Subject}) is not trusted: {Describe(custom)}; checked against the {roots.Count} trusted root certificate(s) given");
    }

    /// <summary>Why the last certificate was refused, once (null when none was, or it was said already).</summary>
    public string? TakeRejection() => Interlocked.Exchange(ref _rejection, null);

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "its chain could not be built"
            : string.Join("; ", chain.ChainStatus.Select(status => status.Status).Distinct().Select(status => $"{Explain(status)} ({status})"));

    private static string Explain(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.UntrustedRoot => "it does not chain to a trusted root",
        X509ChainStatusFlags.NotTimeValid => "it or its issuer is expired or not yet valid",
        X509ChainStatusFlags.NotValidForUsage => "it is not for server authentication",
        X509ChainStatusFlags.NotSignatureValid => "a signature in its chain does not verify",
        _ => "its chain is not valid",
    };

    private bool Reject(string reason)
    {
        Volatile.Write(ref _rejection, reason);
        return false;
    }
}
