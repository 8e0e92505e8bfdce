using System.Net;
using System.Net.WebSockets;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests.Control;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ControlChannelTests : IAsyncDisposable
{
    private static readonly byte[] KeyA = Encoding.UTF8.GetBytes("secret-a");
    private static readonly byte[] KeyB = Encoding.UTF8.GetBytes("secret-b");

    private readonly IPAddress _wan = LoopbackAddresses.Next();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [Test]
    public async Task Authenticate_RightKey_WelcomesAndAcknowledgesReports()
    {
        var server = await StartServerAsync();
        var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var (client, answer) = await AuthenticateAsync(server, "a", KeyA);
        var healthy = ServerEvents.Next<ProbeCompleted>(server, e => e.Result.Outcome == ProbeOutcome.Ok);

        await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));

        Assert.That(answer, Is.EqualTo(new WelcomeMessage("a", 200)));
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(1)));
        await healthy;
        var device = server.GetDevice("a")!;
        Assert.That(device.Endpoint, Is.EqualTo(listener.EndPoint.ToString()));
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.Connected, Is.True);
    }

    [Test]
    public async Task Probe_TargetRefuses_InstructionArrivesAndTheNewReportRecovers()
    {
        var server = await StartServerAsync();
        var listener = HandshakeListener.Tcp("a", KeyA, _wan);
        var (client, _) = await AuthenticateAsync(server, "a", KeyA);
        var healthy = ServerEvents.Next<ProbeCompleted>(server, e => e.Result.Outcome == ProbeOutcome.Ok);
        await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));
        await healthy;

        await listener.DisposeAsync();
        var instruction = await client.ReceiveAsync<RemapInstruction>();
        var moved = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var recovered = ServerEvents.Next<DeviceRecovered>(server);
        await client.SendAsync(new ReportMessage(2, Mapping(moved.EndPoint), instruction.InstructionId));

        // A probe in the middle of its handshake when the listener closes meets a closed connection rather than a refusal
        // (seen once in a full run); either is a broken mapping.
        Assert.That(instruction.Reason, Does.StartWith("refused").Or.StartWith("handshake-failure"));
        var episode = (await recovered).Episode;
        Assert.That(episode.Cause, Is.EqualTo(ProbeOutcome.Refused).Or.EqualTo(ProbeOutcome.HandshakeFailure));
        Assert.That(episode.Instructions, Is.EqualTo(1));
        Assert.That(episode.RecoveredAt, Is.GreaterThanOrEqualTo(episode.ReportedAt!.Value));
        var device = server.GetDevice("a")!;
        Assert.That(device.Endpoint, Is.EqualTo(moved.EndPoint.ToString()));
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
    }

    [Test]
    public async Task Authenticate_WrongKey_RejectedAndNothingChanges()
    {
        var server = await StartServerAsync();
        var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var (owner, _) = await AuthenticateAsync(server, "a", KeyA);
        await owner.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));
        await owner.ReceiveAsync<ReportAck>();
        var before = server.GetDevice("a")!;

        var (intruder, answer) = await AuthenticateAsync(server, "a", KeyB);

        Assert.That(answer, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.AuthenticationFailed));
        Assert.That(await intruder.ReceiveAsync(), Is.Null, "closed after the error");
        Assert.That(intruder.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        var after = server.GetDevice("a")!;
        Assert.That(after.Endpoint, Is.EqualTo(before.Endpoint));
        Assert.That(after.Connected, Is.True, "the owner's channel is untouched");
        await owner.SendAsync(new GatewaySignal(GatewaySignalKinds.Rebooted));
        Assert.That(server.GetDevice("a")!.Counters.Reports, Is.EqualTo(1));
    }

    [Test]
    public async Task RevokeDevice_ClosesItsChannel_RefusesItUntilAKeyComesBack()
    {
        var server = await StartServerAsync();
        var (client, _) = await AuthenticateAsync(server, "a", KeyA);

        Assert.That(server.RevokeDevice("a"), Is.True);

        var error = await client.ReceiveAsync();
        Assert.That(error, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.AuthenticationFailed));
        Assert.That(await client.ReceiveAsync(), Is.Null, "closed after the error");
        var (_, refused) = await AuthenticateAsync(server, "a", KeyA);
        Assert.That(refused, Is.TypeOf<ControlError>(), "the old key no longer authenticates");
        var (_, emptyKey) = await AuthenticateAsync(server, "a", []);
        Assert.That(emptyKey, Is.TypeOf<ControlError>(), "a revoked key is stored empty, and a proof over an empty key is no proof");
        Assert.That(server.GetHistory("a").Select(entry => entry.Kind), Does.Contain("key-revoked"));
        Assert.That(server.RevokeDevice("nobody"), Is.False);

        server.RegisterDevice("a", KeyB);
        var (_, welcome) = await AuthenticateAsync(server, "a", KeyB);
        Assert.That(welcome, Is.TypeOf<WelcomeMessage>(), "a new key brings the device back");
    }

    [Test]
    public async Task Authenticate_FailingTooOften_TheAddressIsRefusedWith429AndRetryAfter()
    {
        var server = await StartServerAsync(new ProberOptions { AuthenticationFailureLimit = 2 });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (_, answer) = await AuthenticateAsync(server, "a", KeyB);
            Assert.That(answer, Is.TypeOf<ControlError>());
        }

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ControlProtocol.SubProtocol);
        socket.Options.CollectHttpResponseDetails = true;
        Assert.That(async () => await socket.ConnectAsync(server.ControlUrl, CancellationToken.None), Throws.InstanceOf<WebSocketException>());

        Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(int.Parse(socket.HttpResponseHeaders!["Retry-After"].Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
    }

    [Test]
    public async Task Authenticate_UnknownDevice_Rejected()
    {
        var server = await StartServerAsync();

        var (_, answer) = await AuthenticateAsync(server, "stranger", KeyA);

        Assert.That(answer, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.AuthenticationFailed));
        Assert.That(server.GetDevice("stranger"), Is.Null);
    }

    [Test]
    public async Task Report_OnAnotherDevicesChannel_OnlyChangesThatDevice()
    {
        var server = await StartServerAsync();
        var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var (a, _) = await AuthenticateAsync(server, "a", KeyA);

        await a.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));
        await a.ReceiveAsync<ReportAck>();
        var (_, asB) = await AuthenticateAsync(server, "b", KeyA);

        Assert.That(server.GetDevice("b")!.Endpoint, Is.Null, "a's channel speaks only for a");
        Assert.That(asB, Is.TypeOf<ControlError>(), "a's key does not open b's channel");
    }

    [Test]
    public async Task Receive_GarbageFrames_ErrorAndTheChannelCarriesOn()
    {
        var server = await StartServerAsync();
        var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var (client, _) = await AuthenticateAsync(server, "a", KeyA);

        await client.SendRawAsync("{ this is not json"u8.ToArray());
        var notJson = await client.ReceiveAsync();
        await client.SendRawAsync("""{"type":"launch-missiles"}"""u8.ToArray());
        var unknownType = await client.ReceiveAsync();
        await client.SendRawAsync([1, 2, 3], WebSocketMessageType.Binary);
        var binary = await client.ReceiveAsync();
        await client.SendAsync(new WelcomeMessage("a", 1));
        var wrongDirection = await client.ReceiveAsync();
        await client.SendRawAsync("""{"type":"report","seq":1,"mapping":{"externalAddress":"127.0.0.2","externalPort":20000,"protocol":"SCTP","internalAddress":"127.0.0.3","internalPort":80,"leaseSeconds":0}}"""u8.ToArray());
        var unknownProtocol = await client.ReceiveAsync();
        await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint) with { ExternalAddress = "gateway" }));
        var badReport = await client.ReceiveAsync();
        await client.SendAsync(new ReportMessage(2, Mapping(listener.EndPoint)));

        Assert.That(new[] { notJson, unknownType, binary, wrongDirection, unknownProtocol }, Has.All.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.BadMessage));
        Assert.That(((ControlError)unknownProtocol!).Message, Does.Contain("protocol 'SCTP' is not TCP or UDP"));
        Assert.That(badReport, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.BadReport));
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(2)));
    }

    [Test]
    public async Task Receive_OversizedFrame_ErrorCloseAndTheServerServesOn()
    {
        var server = await StartServerAsync();
        var (client, _) = await AuthenticateAsync(server, "a", KeyA);
        var closed = ServerEvents.Next<ChannelChanged>(server, e => !e.Connected);

        await client.SendRawAsync(Encoding.UTF8.GetBytes(new string(' ', ControlProtocol.MaxMessageBytes + 10)));

        var error = await client.ReceiveAsync();
        Assert.That(error, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.BadMessage));
        Assert.That(((ControlError)error!).Message, Does.Contain("larger"));
        Assert.That(await client.ReceiveAsync(), Is.Null);
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await closed;
        Assert.That(server.GetDevice("a")!.Connected, Is.False);
        var (_, again) = await AuthenticateAsync(server, "a", KeyA);
        Assert.That(again, Is.TypeOf<WelcomeMessage>());
    }

    [Test]
    public async Task Receive_FirstFrameNotAuth_ErrorAndClose()
    {
        var server = await StartServerAsync();
        var client = Track(await ControlTestClient.ConnectAsync(server.ControlUrl));
        await client.ReceiveAsync<ChallengeMessage>();

        await client.SendAsync(new GatewaySignal(GatewaySignalKinds.Rebooted));

        Assert.That(await client.ReceiveAsync(), Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.BadMessage));
        Assert.That(await client.ReceiveAsync(), Is.Null);
    }

    [Test]
    public async Task Authenticate_NeverAnswered_ClosedAfterTheTimeout()
    {
        var server = await StartServerAsync(new ProberOptions { AuthenticationTimeout = TimeSpan.FromMilliseconds(300) });
        var client = Track(await ControlTestClient.ConnectAsync(server.ControlUrl));
        await client.ReceiveAsync<ChallengeMessage>();

        var error = await client.ReceiveAsync();

        Assert.That(error, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.AuthenticationFailed));
        Assert.That(((ControlError)error!).Message, Does.Contain("no auth"));
        Assert.That(await client.ReceiveAsync(), Is.Null);
    }

    [Test]
    public void Connect_WithoutTheSubprotocol_Refused()
    {
        var server = StartServerAsync().GetAwaiter().GetResult();

        Assert.ThrowsAsync<WebSocketException>(() => ControlTestClient.ConnectAsync(server.ControlUrl, subProtocol: null));
    }

    [Test]
    public async Task Authenticate_SecondChannel_ReplacesTheFirst()
    {
        var server = await StartServerAsync();
        var (first, _) = await AuthenticateAsync(server, "a", KeyA);

        var (_, welcome) = await AuthenticateAsync(server, "a", KeyA);

        Assert.That(welcome, Is.TypeOf<WelcomeMessage>());
        Assert.That(await first.ReceiveAsync(), Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.Replaced));
        Assert.That(await first.ReceiveAsync(), Is.Null);
        Assert.That(server.GetDevice("a")!.Connected, Is.True);
    }

    [Test]
    public async Task GatewaySignal_ProbesTheDeviceAtOnce()
    {
        var server = await StartServerAsync(new ProberOptions { ProbeInterval = TimeSpan.FromMinutes(10) });
        var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
        var (client, _) = await AuthenticateAsync(server, "a", KeyA);
        var first = ServerEvents.Next<ProbeCompleted>(server);
        await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));
        await first;
        var second = ServerEvents.Next<ProbeCompleted>(server);

        await client.SendAsync(new GatewaySignal(GatewaySignalKinds.ExternalAddressChanged, _wan.ToString()));

        Assert.That((await second).Result.Outcome, Is.EqualTo(ProbeOutcome.Ok), "well before the 10-minute interval");
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Restart_SameDatabase_ResumesProbingBeforeAnyReport(string store)
    {
        var path = Path.Combine(Path.GetTempPath(), $"igdlab-prober-{Guid.NewGuid():N}.db");
        var database = store == "postgres" ? await PostgresTestServer.CreateDatabaseAsync() : path;
        try
        {
            var listener = Track(HandshakeListener.Tcp("a", KeyA, _wan));
            var options = new ProberOptions { DatabasePath = database };
            await using (var first = await StartServerAsync(options, track: false))
            {
                var (client, _) = await AuthenticateAsync(first, "a", KeyA);
                await client.SendAsync(new ReportMessage(1, Mapping(listener.EndPoint)));
                await client.ReceiveAsync<ReportAck>();
                await client.DisposeAsync();
            }

            var second = new ProberServer(Options(options) with { DeviceKeys = new Dictionary<string, byte[]>() });
            _cleanup.Add(second);
            var probed = ServerEvents.Next<ProbeCompleted>(second);
            await second.StartAsync();

            var probe = await probed;
            Assert.That(probe.Result.Outcome, Is.EqualTo(ProbeOutcome.Ok));
            Assert.That(probe.Target, Is.EqualTo(listener.EndPoint));
            Assert.That(second.GetDevice("a")!.State, Is.EqualTo(DeviceState.Offline));
            var (_, welcome) = await AuthenticateAsync(second, "a", KeyA);
            Assert.That(welcome, Is.TypeOf<WelcomeMessage>(), "the key was stored too");
        }
        finally
        {
            await DisposeAsync();
            _cleanup.Clear();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static MappingReport Mapping(IPEndPoint external) =>
        new(external.Address.ToString(), external.Port, MappingProtocol.Tcp, "127.0.0.1", 8080, 0);

    private static ProberOptions Options(ProberOptions? options) => (options ?? new ProberOptions()) with
    {
        ListenAddress = LoopbackAddresses.Next(),
        ProbeFrom = LoopbackAddresses.Next(),
        ProbeInterval = options?.ProbeInterval is { } interval && interval != ProberDefaults.ProbeInterval ? interval : TimeSpan.FromMilliseconds(200),
        DeviceKeys = new Dictionary<string, byte[]> { ["a"] = KeyA, ["b"] = KeyB },
    };

    private async Task<ProberServer> StartServerAsync(ProberOptions? options = null, bool track = true)
    {
        var server = new ProberServer(Options(options));
        if (track)
        {
            _cleanup.Add(server);
        }

        await server.StartAsync();
        return server;
    }

    private async Task<(ControlTestClient Client, ControlMessage? Answer)> AuthenticateAsync(ProberServer server, string deviceId, byte[] key)
    {
        var (client, answer) = await ControlTestClient.AuthenticateAsync(server.ControlUrl, deviceId, key);
        _cleanup.Add(client);
        return (client, answer);
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }
}
