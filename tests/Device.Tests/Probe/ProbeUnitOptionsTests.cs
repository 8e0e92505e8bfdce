using System.Net;
using IgdLab.Device.Probe;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Probe;

public sealed class ProbeUnitOptionsTests
{
    [TestCase("http://127.0.0.1:8080", "ws://127.0.0.1:8080/control")]
    [TestCase("http://127.0.0.1:8080/", "ws://127.0.0.1:8080/control")]
    [TestCase("https://prober.example/watchdog/", "wss://prober.example/watchdog/control")]
    [TestCase("ws://127.0.0.1:9000/control", "ws://127.0.0.1:9000/control")]
    [TestCase("wss://127.0.0.1/control/", "wss://127.0.0.1/control")]
    public void ControlUri_AnyAcceptedScheme_IsTheWebSocketControlPath(string server, string expected)
    {
        var options = Valid() with { Server = new Uri(server) };
        Assert.That(options.ControlUri, Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public void Validate_Defaults_HasNoProblems() => Assert.That(Valid().Validate(), Is.Empty);

    [TestCase("https://127.0.0.1:1/")]
    [TestCase("wss://127.0.0.1:1/control")]
    public void Validate_TlsServerWithTrustedRoots_HasNoProblems(string server)
    {
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var options = Valid() with { Server = new Uri(server), TrustedRoots = TestCertificates.Roots(certificates.Authority) };

        Assert.That(options.Validate(), Is.Empty);
    }

    [TestCase("http://127.0.0.1:1/")]
    [TestCase("ws://127.0.0.1:1/")]
    public void Validate_TrustedRootsForAPlainServer_SaysTheyNeedTls(string server)
    {
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var options = Valid() with { Server = new Uri(server), TrustedRoots = TestCertificates.Roots(certificates.Authority) };

        Assert.That(options.Validate(), Is.EqualTo(new[] { $"TrustedRoots apply only to an https or wss Server, not '{server}'" }));
    }

    [Test]
    public void Validate_TlsServerWithAnEmptyTrustedRootsCollection_SaysSo()
    {
        var options = Valid() with { Server = new Uri("https://127.0.0.1:1/"), TrustedRoots = [] };

        Assert.That(options.Validate(), Has.One.Contains("TrustedRoots must hold at least one certificate"));
    }

    [Test]
    public void Validate_EverythingWrong_ListsEveryProblem()
    {
        var options = Valid() with
        {
            Server = new Uri("ftp://127.0.0.1/"),
            DeviceId = "two words",
            Key = ReadOnlyMemory<byte>.Empty,
            LocalAddress = IPAddress.Any,
            MinReconnectDelay = TimeSpan.FromSeconds(10),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
            AuthenticationFailureDelay = TimeSpan.Zero,
            ReconnectJitter = 1.5,
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            KeepAliveInterval = TimeSpan.FromSeconds(-1),
            KeepAliveTimeout = TimeSpan.FromSeconds(-1),
        };

        var problems = options.Validate();

        Assert.That(problems, Has.Count.EqualTo(10));
        Assert.That(string.Join("\n", problems), Does.Contain("ftp://").And.Contain("'two words'").And.Contain("MaxReconnectDelay"));
    }

    [Test]
    public void EffectiveSeed_NoSeed_IsStablePerDeviceAndDiffersBetweenDevices()
    {
        var seed = Valid().EffectiveSeed;
        Assert.That(new ProbeUnitOptions { Server = new Uri("ws://127.0.0.9/"), DeviceId = "nas-1", Key = new byte[] { 9 } }.EffectiveSeed, Is.EqualTo(seed));
        Assert.That(Valid().EffectiveSeed, Is.Not.EqualTo((Valid() with { DeviceId = "nas-2" }).EffectiveSeed));
        Assert.That((Valid() with { Seed = 5 }).EffectiveSeed, Is.EqualTo(5));
    }

    private static ProbeUnitOptions Valid() => new() { Server = new Uri("http://127.0.0.1:8080/"), DeviceId = "nas-1", Key = new byte[] { 1, 2, 3 } };
}
