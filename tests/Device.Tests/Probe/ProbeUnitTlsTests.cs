using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IgdLab.Contracts.Control;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Soap;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Probe;

/// <summary>
/// <see cref="ProbeUnit"/> on a wss:// control channel: the server's certificate is checked against
/// <see cref="ProbeUnitOptions.TrustedRoots"/> (or the system's store), a refused one fails the attempt with a reason
/// and the reconnect backoff goes on.
/// </summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProbeUnitTlsTests
{
    private const string DeviceId = "nas-tls";
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("tls key");
    private static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IPAddress _deviceAddress = LoopbackAddresses.Next();
    private readonly TestCertificates _certificates = TestCertificates.Create(IPAddress.Loopback);
    private readonly ProbeUnitLog _log = new();
    private ControlTestServer? _server;

    [TearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificates.Dispose();
    }

    [Test]
    public async Task Start_WssTrustingTheCa_IsWelcomedReportsAndAnswersAnInstruction()
    {
        var server = await StartServerAsync(_certificates.Server);
        await using var unit = Create(server, TestCertificates.Roots(_certificates.Authority), _ => Task.FromResult(Mapping(32000)));
        var connected = Raised(handler => unit.Connected += handler);
        var acknowledged = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.ReportAcknowledged += sequence => acknowledged.TrySetResult(sequence);
        unit.Report(Mapping(31000));

        unit.Start();

        await connected.WaitAsync(Patience);
        Assert.That(server.Url.Scheme, Is.EqualTo("https"));
        Assert.That(unit.Options.ControlUri.Scheme, Is.EqualTo("wss"));
        var report = await server.WaitForAsync<ReportMessage>();
        Assert.That(await acknowledged.Task.WaitAsync(Patience), Is.EqualTo(report.Sequence));
        Assert.That(server.Connections.Single().Authenticated, Is.True);

        await server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-1", "refused"));

        var answer = await server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-1");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32000));
    }

    [Test]
    public async Task Start_WssTrustingTheServersSelfSignedCertificate_IsWelcomed()
    {
        using var selfSigned = TestCertificates.SelfSigned(IPAddress.Loopback);
        var server = await StartServerAsync(selfSigned);
        await using var unit = Create(server, TestCertificates.Roots(selfSigned));
        var connected = Raised(handler => unit.Connected += handler);

        unit.Start();

        await connected.WaitAsync(Patience);
        Assert.That(server.Connections.Single().Authenticated, Is.True);
    }

    [Test]
    public async Task Start_WssTrustingAnotherCa_IsRefusedSaysWhyAndBacksOff()
    {
        var server = await StartServerAsync(_certificates.Server);
        await using var unit = Create(server, TestCertificates.Roots(_certificates.Stranger));

        unit.Start();

        var first = await _log.NextAsync();
        Assert.That(first, Does.Contain("is not trusted").And.Contain("CN=igdlab prober 127.0.0.1").And.Contain("reconnecting in"));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Reconnecting));
        Assert.That(unit.LastError, Does.Contain("is not trusted"));
        Assert.That(unit.FailedAttempts, Is.EqualTo(1));
        Assert.That(unit.RetryDelay, Is.InRange(MinDelay / 2, MinDelay));

        _time.Advance(MinDelay);

        Assert.That(await _log.NextAsync(), Does.Contain("is not trusted"));
        Assert.That(unit.FailedAttempts, Is.EqualTo(2));
        Assert.That(unit.RetryDelay, Is.GreaterThan(MinDelay).And.LessThanOrEqualTo(2 * MinDelay), "the backoff doubled");
        Assert.That(unit.Connections, Is.Zero);
        Assert.That(server.Connections, Is.Empty, "no attempt reached the control channel");
    }

    [Test]
    public async Task Start_WssWithoutTrustedRoots_TheSystemStoreRefusesATestCa()
    {
        var server = await StartServerAsync(_certificates.Server);
        await using var unit = Create(server, trustedRoots: null);

        unit.Start();

        Assert.That(await _log.NextAsync(), Does.Contain("is not trusted by this system"));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Reconnecting));
        Assert.That(server.Connections, Is.Empty);
    }

    [Test]
    public async Task Start_WssCertificateIssuedForAnotherAddress_IsRefusedForItsName()
    {
        using var elsewhere = TestCertificates.Create(IPAddress.Parse("127.0.0.2"));
        var server = await StartServerAsync(elsewhere.Server);
        await using var unit = Create(server, TestCertificates.Roots(elsewhere.Authority));

        unit.Start();

        Assert.That(await _log.NextAsync(), Does.Contain("is not issued for the host of the prober's URL"));
        Assert.That(server.Connections, Is.Empty);
    }

    private async Task<ControlTestServer> StartServerAsync(X509Certificate2 certificate)
    {
        _server = await ControlTestServer.StartAsync(IPAddress.Loopback, certificate);
        _server.AddDevice(DeviceId, Key);
        return _server;
    }

    private ProbeUnit Create(ControlTestServer server, X509Certificate2Collection? trustedRoots, Func<CancellationToken, Task<MappingResult>>? remap = null) =>
        new(Options(server.Url, trustedRoots), remap ?? (_ => throw new InvalidOperationException("no remap expected")), _time, _log);

    private ProbeUnitOptions Options(Uri server, X509Certificate2Collection? trustedRoots) => new()
    {
        Server = server,
        DeviceId = DeviceId,
        Key = Key,
        LocalAddress = _deviceAddress,
        TrustedRoots = trustedRoots,
        MinReconnectDelay = MinDelay,
        MaxReconnectDelay = TimeSpan.FromSeconds(8),
        ConnectTimeout = TimeSpan.FromHours(1),
        Seed = 7,
    };

    private MappingResult Mapping(int externalPort) => new()
    {
        ExternalAddress = IPAddress.Parse("127.70.250.2"),
        ExternalPort = externalPort,
        Protocol = MappingProtocol.Tcp,
        InternalEndPoint = new IPEndPoint(_deviceAddress, 20000),
        LeaseSeconds = 3600,
    };

    private static Task Raised(Action<Action> subscribe)
    {
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe(() => raised.TrySetResult());
        return raised.Task;
    }
}
