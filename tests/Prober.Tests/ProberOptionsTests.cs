using System.Net;
using System.Security.Cryptography.X509Certificates;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests;

public sealed class ProberOptionsTests
{
    [Test]
    public void Validate_Defaults_NoProblems()
    {
        Assert.That(new ProberOptions().Validate(), Is.Empty);
    }

    [Test]
    public void Validate_ManyBadValues_ReportsEveryOne()
    {
        var options = new ProberOptions
        {
            ListenPort = 70000,
            ProbeInterval = TimeSpan.Zero,
            ProbeTimeout = TimeSpan.FromSeconds(-1),
            MaxConcurrentProbes = 0,
            TimeoutConfirmations = -1,
            RemapBackoffMin = TimeSpan.FromSeconds(10),
            RemapBackoffMax = TimeSpan.FromSeconds(1),
            DatabasePath = " ",
            DeviceKeys = new Dictionary<string, byte[]> { ["has space"] = [1], ["empty"] = [] },
            ControlKeepAlive = TimeSpan.FromSeconds(-1),
        };

        var problems = options.Validate();

        Assert.That(problems, Has.Count.EqualTo(10));
        Assert.That(problems, Has.Some.Contains("ControlKeepAlive must not be negative"));
        Assert.That(problems, Has.Some.Contains("ListenPort").And.Some.Contains("ProbeInterval").And.Some.Contains("ProbeTimeout")
            .And.Some.Contains("MaxConcurrentProbes").And.Some.Contains("TimeoutConfirmations").And.Some.Contains("RemapBackoffMax")
            .And.Some.Contains("DatabasePath").And.Some.Contains("has space").And.Some.Contains("'empty' has an empty key"));
    }

    [Test]
    public void ProberServer_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = new ProberOptions { ListenAddress = IPAddress.Loopback, ProbeInterval = TimeSpan.Zero, MaxConcurrentProbes = 0 };

        var thrown = Assert.Throws<ArgumentException>(() => _ = new ProberServer(options));

        Assert.That(thrown!.Message, Does.Contain("ProbeInterval").And.Contain("MaxConcurrentProbes"));
    }

    [Test]
    public void Validate_TlsCertificateWithItsKey_NoProblems()
    {
        using var certificates = TestCertificates.Create(IPAddress.Loopback);

        Assert.That(new ProberOptions { TlsCertificate = certificates.Server }.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_TlsCertificateWithoutItsKey_SaysSo()
    {
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificates.Server.RawData);

        Assert.That(new ProberOptions { TlsCertificate = publicOnly }.Validate(), Is.EqualTo(new[] { $"TlsCertificate ({publicOnly.Subject}) has no private key" }));
    }

    [Test]
    public void Validate_TlsCertificateForClientsOnly_SaysItIsNotForServers()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("CN=client", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var client = request.CreateSelfSigned(now.AddHours(-1), now.AddHours(1));

        Assert.That(new ProberOptions { TlsCertificate = client }.Validate(), Has.One.Contains("is not for server authentication"));
    }
}
