using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using IgdLab.Contracts.Control;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Soap;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Probe;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProbeUnitTests
{
    private const string DeviceId = "nas-1";
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("correct horse battery staple");
    private static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan AuthDelay = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IPAddress _deviceAddress = LoopbackAddresses.Next();
    private readonly ConcurrentQueue<string> _events = new();
    private ControlTestServer _server = null!;
    private Func<CancellationToken, Task<MappingResult>> _remap = _ => throw new InvalidOperationException("no remap expected");

    [SetUp]
    public async Task StartAsync()
    {
        _server = await ControlTestServer.StartAsync(LoopbackAddresses.Next());
        _server.AddDevice(DeviceId, Key);
    }

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Start_RightKey_IsWelcomedAndRaisesConnected()
    {
        await using var unit = Create();
        unit.Start();

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        var connection = _server.Connections.Single();
        Assert.That(connection.Authenticated, Is.True);
        Assert.That(connection.DeviceId, Is.EqualTo(DeviceId));
        Assert.That(unit.Connections, Is.EqualTo(1));
        Assert.That(_events, Is.EqualTo(new[] { "connected" }));
    }

    [Test]
    public async Task Start_LocalAddress_ServerSeesTheDeviceAddress()
    {
        await using var unit = Create();
        unit.Start();

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        Assert.That(_server.Connections.Single().RemoteAddress, Is.EqualTo(_deviceAddress));
    }

    [Test]
    public async Task Report_BeforeConnecting_IsSentAfterWelcome()
    {
        await using var unit = Create();
        Assert.That(unit.Report(Mapping(31000)), Is.True);
        unit.Start();

        var report = await _server.WaitForAsync<ReportMessage>();
        Assert.That(report.Mapping, Is.EqualTo(new MappingReport("127.70.250.2", 31000, MappingProtocol.Tcp, _deviceAddress.ToString(), 20000, 3600)));
        Assert.That(report.InstructionId, Is.Null);
    }

    [Test]
    public async Task Report_SeveralWhileDisconnected_OnlyTheLatestIsSent()
    {
        await using var unit = Create();
        unit.Report(Mapping(31010));
        unit.Report(Mapping(31011));
        unit.Start();

        var report = await _server.WaitForAsync<ReportMessage>();
        Assert.That(report.Mapping.ExternalPort, Is.EqualTo(31011));
        Assert.That(_server.Received.OfType<ReportMessage>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Report_WhileConnected_IsSentAndAcknowledged()
    {
        await using var unit = Create();
        var acknowledged = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.ReportAcknowledged += s => acknowledged.TrySetResult(s);
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");

        unit.Report(Mapping(31001));

        var report = await _server.WaitForAsync<ReportMessage>();
        Assert.That(report.Mapping.ExternalPort, Is.EqualTo(31001));
        Assert.That(await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(report.Sequence));
    }

    [Test]
    public async Task Report_NoExternalAddress_IsRefused()
    {
        await using var unit = Create();
        Assert.That(unit.Report(Mapping(31002) with { ExternalAddress = null }), Is.False);
        Assert.That(unit.LatestReport, Is.Null);
    }

    [Test]
    public async Task ServerDropsTheConnection_ReconnectsAfterTheMinimumDelayAndReportsAgain()
    {
        await using var unit = Create();
        unit.Report(Mapping(31003));
        unit.Start();
        var first = await _server.WaitForAsync<ReportMessage>();

        _server.Connections.Single().Abort();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        Assert.That(unit.RetryDelay, Is.LessThanOrEqualTo(MinDelay).And.GreaterThanOrEqualTo(MinDelay / 2));
        _time.Advance(MinDelay);

        var again = await _server.WaitForAsync<ReportMessage>(r => r.Sequence != first.Sequence);
        Assert.That(again.Mapping, Is.EqualTo(first.Mapping));
        Assert.That(again.Sequence, Is.GreaterThan(first.Sequence));
        Assert.That(_server.Connections, Has.Count.EqualTo(2));
        Assert.That(_events, Is.EqualTo(new[] { "connected", "disconnected", "connected" }));
    }

    [Test]
    public async Task ServerDownAndBack_BacksOffWhileDownAndReportsAfterItReturns()
    {
        await using var unit = Create();
        unit.Report(Mapping(31004));
        unit.Start();
        var first = await _server.WaitForAsync<ReportMessage>();

        await _server.StopAsync();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        _time.Advance(MinDelay);
        await Eventually.HoldsAsync(() => unit.FailedAttempts == 2 && unit.State == ProbeUnitState.Reconnecting, "the attempt while the server is down failed");
        Assert.That(unit.RetryDelay, Is.GreaterThan(MinDelay).And.LessThanOrEqualTo(2 * MinDelay), "the second delay doubled");
        Assert.That(unit.LastError, Is.Not.Null);

        await _server.RestartAsync();
        _time.Advance(2 * MinDelay);

        var again = await _server.WaitForAsync<ReportMessage>(r => r.Sequence != first.Sequence);
        Assert.That(again.Mapping, Is.EqualTo(first.Mapping));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Connected));
        Assert.That(unit.FailedAttempts, Is.Zero);
    }

    [Test]
    public async Task ServerGone_WithAnotherInstanceGiven_ReconnectsThereAndReportsAgain()
    {
        await using var other = await ControlTestServer.StartAsync(LoopbackAddresses.Next());
        other.AddDevice(DeviceId, Key);
        await using var unit = Create(options => options with { AlternateServers = [other.Url] });
        unit.Report(Mapping(31005));
        unit.Start();
        var first = await _server.WaitForAsync<ReportMessage>();

        await _server.StopAsync();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        Assert.That(unit.ControlUri.Port, Is.EqualTo(other.EndPoint.Port), "the next attempt goes to the other instance");
        _time.Advance(MinDelay);

        var again = await other.WaitForAsync<ReportMessage>();
        Assert.That(again.Mapping, Is.EqualTo(first.Mapping));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Connected));
        Assert.That(unit.FailedAttempts, Is.Zero, "the first attempt at the other instance succeeded");
    }

    [Test]
    public void Options_AnAlternateServerThatIsNotAUrlOfTheProber_IsRefused()
    {
        var options = Options() with { AlternateServers = [new Uri("ftp://127.0.0.1/")] };

        Assert.That(options.Validate(), Has.One.EqualTo("Server 'ftp://127.0.0.1/' must be an absolute http, https, ws or wss URL"));
    }

    [Test]
    public async Task Instruction_RunsTheRemap_AndTheReportCarriesTheInstructionId()
    {
        var remaps = RemapsTo(32000);
        await using var unit = Create();
        var instructions = new ConcurrentQueue<RemapInstruction>();
        unit.InstructionReceived += instructions.Enqueue;
        unit.Report(Mapping(31005));
        unit.Start();
        await _server.WaitForAsync<ReportMessage>();

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-1", "refused"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-1");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32000));
        Assert.That(remaps.Value, Is.EqualTo(1));
        Assert.That(instructions.Single().Reason, Is.EqualTo("refused"));
        Assert.That(unit.LatestReport!.ExternalPort, Is.EqualTo(32000));
    }

    [Test]
    public async Task Instruction_AboutAMappingAlreadyReplaced_ReportsTheCurrentOneWithoutRemapping()
    {
        // The device remapped on a gateway event while the server's probe of the old endpoint was failing: tearing the
        // new mapping down would only cause another outage.
        await using var unit = Create();
        unit.Report(Mapping(31005));
        unit.Start();
        await _server.WaitForAsync<ReportMessage>();
        unit.Report(Mapping(31006));
        await _server.WaitForAsync<ReportMessage>(r => r.Mapping.ExternalPort == 31006);

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-9", "refused", "127.70.250.2:31005"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-9");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(31006));
        Assert.That(unit.LatestReport!.ExternalPort, Is.EqualTo(31006));
    }

    [Test]
    public async Task Instruction_AboutTheCurrentMapping_Remaps()
    {
        var remaps = RemapsTo(32002);
        await using var unit = Create();
        unit.Report(Mapping(31007));
        unit.Start();
        await _server.WaitForAsync<ReportMessage>();

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-10", "wrong-device", "127.70.250.2:31007"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-10");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32002));
        Assert.That(remaps.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task Instruction_CrossingAReportOfAMappingRestoredSince_ReportsItWithoutRemapping()
    {
        // The device restored its mapping on its own, on the same endpoint, while the server's instruction about the
        // old one was on its way: remapping now would tear the fresh mapping down for nothing.
        await using var unit = Create();
        unit.Report(Mapping(31020));
        unit.Start();
        var judged = await _server.WaitForAsync<ReportMessage>();
        unit.Report(Mapping(31020));
        var restored = await _server.WaitForAsync<ReportMessage>(r => r.Sequence > judged.Sequence);

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-11", "refused", "127.70.250.2:31020", judged.Sequence));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-11");
        Assert.That(answer.Mapping, Is.EqualTo(restored.Mapping));
        Assert.That(_server.Received.OfType<RemapFailed>(), Is.Empty, "no remap was tried");
    }

    [Test]
    public async Task Instruction_NamingTheLatestReport_Remaps()
    {
        var remaps = RemapsTo(32021);
        await using var unit = Create();
        unit.Report(Mapping(31021));
        unit.Start();
        var judged = await _server.WaitForAsync<ReportMessage>();

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-12", "refused", "127.70.250.2:31021", judged.Sequence));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-12");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32021));
        Assert.That(remaps.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task Instruction_RemapFails_SendsRemapFailedWithTheError()
    {
        _remap = _ => throw new UpnpErrorException(501, "ActionFailed", "AddPortMapping");
        await using var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");

        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-2", "timeout"));

        var failed = await _server.WaitForAsync<RemapFailed>();
        Assert.That(failed.InstructionId, Is.EqualTo("i-2"));
        Assert.That(failed.Error, Does.Contain("UPnP error 501"));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Connected));
    }

    [Test]
    public async Task Instruction_AnswerLostWithTheChannel_IsResentWithTheInstructionIdAfterReconnecting()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _remap = async _ =>
        {
            await release.Task;
            return Mapping(32001);
        };
        await using var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-3", "refused"));
        await Eventually.HoldsAsync(() => _events.Contains("instruction i-3"), "the instruction arrived");

        _server.Connections.Single().Abort();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        release.SetResult();
        await Eventually.HoldsAsync(() => unit.LatestReport?.ExternalPort == 32001, "the remap finished");
        _time.Advance(MinDelay);

        var answer = await _server.WaitForAsync<ReportMessage>();
        Assert.That(answer.InstructionId, Is.EqualTo("i-3"));
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32001));
    }

    [Test]
    public async Task Instruction_AnswerAcknowledged_IsResentAsAPlainReportAfterReconnecting()
    {
        _remap = _ => Task.FromResult(Mapping(32002));
        await using var unit = Create();
        var acknowledged = new ConcurrentQueue<long>();
        unit.ReportAcknowledged += acknowledged.Enqueue;
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-4", "refused"));
        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-4");
        await Eventually.HoldsAsync(() => acknowledged.Contains(answer.Sequence), "the answer was acknowledged");

        _server.Connections.Single().Abort();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        _time.Advance(MinDelay);

        var again = await _server.WaitForAsync<ReportMessage>(r => r.Sequence != answer.Sequence);
        Assert.That(again.InstructionId, Is.Null);
        Assert.That(again.Mapping.ExternalPort, Is.EqualTo(32002));
    }

    [Test]
    public async Task WrongKey_WaitsTheLongDelayAndSaysSo()
    {
        _server.AddDevice(DeviceId, Encoding.UTF8.GetBytes("another key"));
        await using var unit = Create();
        var rejected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.AuthenticationFailed += m => rejected.TrySetResult(m);
        unit.Start();

        Assert.That(await rejected.Task.WaitAsync(TimeSpan.FromSeconds(10)), Does.Contain("rejected device nas-1"));
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.AuthenticationFailed, "the unit reports the failure");
        Assert.That(unit.RetryDelay, Is.GreaterThanOrEqualTo(AuthDelay / 2), "not the fast reconnect backoff");
        Assert.That(unit.LastError, Does.Contain("unknown device or wrong proof"));

        // The fast backoff's longest step passes without a new attempt: only the long delay's timer is pending.
        _time.Advance(MaxDelay);
        Assert.That(_server.Connections, Has.Count.EqualTo(1));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.AuthenticationFailed));

        _server.AddDevice(DeviceId, Key);
        _time.Advance(AuthDelay);
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit retried after the long delay");
        Assert.That(_server.Connections, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task StopIfKeyNeverAccepted_WrongKeyAtStart_StopsInsteadOfRetryingForever()
    {
        _server.AddDevice(DeviceId, Encoding.UTF8.GetBytes("another key"));
        await using var unit = Create(o => o with { StopIfKeyNeverAccepted = true });
        var states = new ConcurrentQueue<ProbeUnitState>();
        unit.AuthenticationFailed += _ => states.Enqueue(unit.State);
        unit.Start();

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.KeyRejected, "the unit gave up");
        Assert.That(states, Is.EqualTo(new[] { ProbeUnitState.KeyRejected }), "raised once, with the final state already set");
        Assert.That(unit.LastError, Does.Contain("unknown device or wrong proof"));

        _server.AddDevice(DeviceId, Key);
        _time.Advance(AuthDelay * 2);
        Assert.That(_server.Connections, Has.Count.EqualTo(1), "no attempt after giving up");
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.KeyRejected));
    }

    [Test]
    public async Task StopIfKeyNeverAccepted_KeyRotatedAfterAWelcome_KeepsRetryingSlowly()
    {
        await using var unit = Create(o => o with { StopIfKeyNeverAccepted = true });
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");

        _server.AddDevice(DeviceId, Encoding.UTF8.GetBytes("rotated key"));
        _server.Connections.Single().Abort();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the drop");
        _time.Advance(MinDelay);

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.AuthenticationFailed, "the rotated key was rejected");
        Assert.That(unit.RetryDelay, Is.GreaterThanOrEqualTo(AuthDelay / 2), "the long delay, not giving up");
        _server.AddDevice(DeviceId, Key);
        _time.Advance(AuthDelay);
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit retried after the long delay");
    }

    [Test]
    public async Task Replaced_WaitsTheLongDelayInsteadOfTakingTurnsWithTheOtherChannel()
    {
        await using var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        var connection = _server.ConnectionOf(DeviceId)!;

        await connection.SendAsync(new ControlError(ControlErrorCodes.Replaced, "a newer channel took over"));
        await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced");

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the unit noticed the close");
        Assert.That(unit.RetryDelay, Is.GreaterThanOrEqualTo(AuthDelay / 2));
        Assert.That(unit.LastError, Does.Contain("replaced"));
        Assert.That(_events, Does.Contain("disconnected"));
    }

    [Test]
    public async Task UnknownDevice_IsRejectedLikeAWrongKey()
    {
        await using var unit = Create(o => o with { DeviceId = "stranger" });
        unit.Start();

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.AuthenticationFailed, "the unit reports the failure");
        Assert.That(_server.Connections.Single().Authenticated, Is.False);
    }

    [Test]
    public async Task GarbageAndOversizedFrames_AreIgnored_AndTheChannelStaysUsable()
    {
        _remap = _ => Task.FromResult(Mapping(32003));
        await using var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");
        var connection = _server.ConnectionOf(DeviceId)!;

        await connection.SendRawAsync("not json at all"u8.ToArray());
        await connection.SendRawAsync("{}"u8.ToArray());
        await connection.SendRawAsync("{\"type\":\"self-destruct\"}"u8.ToArray());
        await connection.SendRawAsync("{\"type\":\"remap\",\"instructionId\":5}"u8.ToArray());
        await connection.SendRawAsync([1, 2, 3], WebSocketMessageType.Binary);
        await connection.SendRawAsync(Encoding.UTF8.GetBytes("{\"type\":\"ack\",\"sequence\":1,\"pad\":\"" + new string('x', ControlProtocol.MaxMessageBytes) + "\"}"));
        await connection.SendAsync(new ChallengeMessage("00112233445566778899aabbccddeeff"));
        await connection.SendAsync(new RemapInstruction("i-5", "after the garbage"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-5");
        Assert.That(answer.Mapping.ExternalPort, Is.EqualTo(32003));
        Assert.That(unit.RejectedFrames, Is.EqualTo(6));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Connected));
        Assert.That(_server.Connections, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GarbageInsteadOfAChallenge_FailsTheAttemptAndRetriesWithBackoff()
    {
        _server.GarbageChallenge = true;
        await using var unit = Create();
        unit.Start();

        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Reconnecting, "the attempt failed");
        Assert.That(unit.LastError, Does.Contain("nonce is not 32 hex digits"));

        _server.GarbageChallenge = false;
        _time.Advance(MinDelay);
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the next attempt succeeded");
    }

    [Test]
    public async Task SignalAsync_Connected_SendsTheGatewaySignal()
    {
        await using var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");

        Assert.That(await unit.SignalAsync(GatewaySignalKinds.Rebooted, "7"), Is.True);

        var signal = await _server.WaitForAsync<GatewaySignal>();
        Assert.That(signal, Is.EqualTo(new GatewaySignal(GatewaySignalKinds.Rebooted, "7")));
    }

    [Test]
    public async Task SignalAsync_NotConnected_ReturnsFalse()
    {
        await using var unit = Create();
        Assert.That(await unit.SignalAsync(GatewaySignalKinds.Rebooted, "7"), Is.False);
    }

    [Test]
    public async Task DisposeAsync_Connected_ClosesTheChannelCleanly()
    {
        var unit = Create();
        unit.Start();
        await Eventually.HoldsAsync(() => unit.State == ProbeUnitState.Connected, "the unit is connected");

        await unit.DisposeAsync();

        var connection = _server.Connections.Single();
        await connection.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(connection.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        Assert.That(unit.State, Is.EqualTo(ProbeUnitState.Stopped));
        Assert.That(_events, Does.Not.Contain("disconnected"), "stopping is not a drop");
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = Options() with { MinReconnectDelay = TimeSpan.Zero, DeviceId = "has space" };
        var error = Assert.Throws<ArgumentException>(() => new ProbeUnit(options, _remap, _time));
        Assert.That(error!.Message, Does.Contain("MinReconnectDelay").And.Contain("DeviceId"));
    }

    private ProbeUnit Create(Func<ProbeUnitOptions, ProbeUnitOptions>? configure = null)
    {
        var unit = new ProbeUnit((configure ?? (o => o))(Options()), ct => _remap(ct), _time);
        unit.Connected += () => _events.Enqueue("connected");
        unit.Disconnected += _ => _events.Enqueue("disconnected");
        unit.InstructionReceived += i => _events.Enqueue($"instruction {i.InstructionId}");
        return unit;
    }

    private ProbeUnitOptions Options() => new()
    {
        Server = _server.Url,
        DeviceId = DeviceId,
        Key = Key,
        LocalAddress = _deviceAddress,
        MinReconnectDelay = MinDelay,
        MaxReconnectDelay = MaxDelay,
        AuthenticationFailureDelay = AuthDelay,
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

    // Every remap from now on maps external port <paramref name="port"/>; the box counts them.
    private StrongBox<int> RemapsTo(int port)
    {
        var remaps = new StrongBox<int>();
        _remap = _ =>
        {
            Interlocked.Increment(ref remaps.Value);
            return Task.FromResult(Mapping(port));
        };
        return remaps;
    }
}
