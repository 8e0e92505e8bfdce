using System.Net;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests;

/// <summary><see cref="ProberServer"/> with <see cref="ProberOptions.TlsCertificate"/>: the API over https, the control channel over wss.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProberServerTlsTests : IAsyncDisposable
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret-a");

    private readonly TestCertificates _certificates = TestCertificates.Create(IPAddress.Loopback);
    private readonly IPAddress _wan = LoopbackAddresses.Next();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        _certificates.Dispose();
    }

    [Test]
    public async Task StartAsync_TlsCertificate_ServesHttpsAndWss()
    {
        var server = await StartServerAsync();

        Assert.That(server.BaseUrl.Scheme, Is.EqualTo("https"));
        Assert.That(server.ControlUrl, Is.EqualTo(new Uri($"wss://127.0.0.1:{server.BaseUrl.Port}/control")));
        using var http = TestCertificates.HttpClientTrusting(_certificates.Authority);
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "health")));
        Assert.That(health.RootElement.GetProperty("status").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Authenticate_OverWssTrustingTheCa_ReportIsAcknowledgedAndARefusedProbeBringsAnInstruction()
    {
        var server = await StartServerAsync();
        Assert.That(server.ControlUrl.Scheme, Is.EqualTo("wss"));
        var listener = HandshakeListener.Tcp("a", Key, _wan);
        var (client, answer) = await ControlTestClient.AuthenticateAsync(server.ControlUrl, "a", Key, TestCertificates.Roots(_certificates.Authority));
        _cleanup.Add(client);
        var healthy = ServerEvents.Next<ProbeCompleted>(server, e => e.Result.Outcome == ProbeOutcome.Ok);

        await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));

        Assert.That(answer, Is.EqualTo(new WelcomeMessage("a", 200)));
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(1)));
        await healthy;
        Assert.That(server.GetDevice("a")!.Connected, Is.True);

        await listener.DisposeAsync();
        var instruction = await client.ReceiveAsync<RemapInstruction>();
        var moved = Track(HandshakeListener.Tcp("a", Key, _wan));
        var recovered = ServerEvents.Next<DeviceRecovered>(server);
        await client.SendAsync(new ReportMessage(2, Mapping(moved.EndPoint), instruction.InstructionId));

        Assert.That(instruction.Reason, Does.StartWith("refused"));
        Assert.That((await recovered).Episode.Instructions, Is.EqualTo(1));
        Assert.That(server.GetDevice("a")!.Endpoint, Is.EqualTo(moved.EndPoint.ToString()));
    }

    [Test]
    public async Task Connect_OverWssTrustingAnotherCa_FailsAndNoChannelOpens()
    {
        var server = await StartServerAsync();

        var thrown = Assert.ThrowsAsync<WebSocketException>(
            async () => await ControlTestClient.ConnectAsync(server.ControlUrl, trustedRoots: TestCertificates.Roots(_certificates.Stranger)));

        Assert.That(thrown!.GetBaseException(), Is.InstanceOf<AuthenticationException>());
        await AssertNoChannelAsync(server);
    }

    [Test]
    public async Task Connect_PlainWsToTheTlsPort_FailsAndNoChannelOpens()
    {
        var server = await StartServerAsync();
        var plain = new UriBuilder(server.ControlUrl) { Scheme = "ws" }.Uri;

        Assert.ThrowsAsync<WebSocketException>(async () => await ControlTestClient.ConnectAsync(plain));

        await AssertNoChannelAsync(server);
    }

    private async Task AssertNoChannelAsync(ProberServer server)
    {
        // What an operator sees: the device is registered and has no open channel.
        using var http = TestCertificates.HttpClientTrusting(_certificates.Authority);
        using var devices = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "devices")));
        var device = devices.RootElement.EnumerateArray().Single();
        Assert.That(device.GetProperty("id").GetString(), Is.EqualTo("a"));
        Assert.That(device.GetProperty("connected").GetBoolean(), Is.False);
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "health")));
        Assert.That(health.RootElement.GetProperty("channels").GetInt32(), Is.Zero);
    }

    private static MappingReport Mapping(IPEndPoint external) =>
        new(external.Address.ToString(), external.Port, MappingProtocol.Tcp, "127.0.0.1", 8080, 0);

    private async Task<ProberServer> StartServerAsync()
    {
        var server = new ProberServer(new ProberOptions
        {
            ListenAddress = IPAddress.Loopback,
            ProbeFrom = LoopbackAddresses.Next(),
            ProbeInterval = TimeSpan.FromMilliseconds(200),
            TlsCertificate = _certificates.Server,
            DeviceKeys = new Dictionary<string, byte[]> { ["a"] = Key },
        });
        _cleanup.Add(server);
        await server.StartAsync();
        return server;
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }
}
