using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.Prober.Watchdog;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Watchdog;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WatchdogEngineTests : IDisposable
{
    private static readonly byte[] KeyA = Encoding.UTF8.GetBytes("key-a");
    private static readonly byte[] KeyB = Encoding.UTF8.GetBytes("key-b");
    private static readonly MappingReport MappingA = new("127.0.0.2", 20000, MappingProtocol.Tcp, "127.0.0.5", 8080, 0);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedProbeConnector _connector;
    private readonly ConcurrentQueue<WatchdogEvent> _events = new();
    private readonly List<WatchdogEngine> _engines = [];

    public WatchdogEngineTests()
    {
        _connector = new ScriptedProbeConnector(_time);
    }

    public void Dispose()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }
    }

    [Test]
    public void HandleReport_ReachableMapping_ProbesAtOnceAndTurnsHealthy()
    {
        var (engine, channel) = StartWithDevice();

        var answer = engine.HandleReport("a", channel, new ReportMessage(7, MappingA));

        Assert.That(answer, Is.EqualTo(new ReportAck(7)));
        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(1));
        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.Endpoint, Is.EqualTo("127.0.0.2:20000"));
        Assert.That(device.LastProbe!.Outcome, Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public void HandleReport_BadMapping_AnswersBadReportAndStoresNothing()
    {
        var (engine, channel) = StartWithDevice();

        var answer = engine.HandleReport("a", channel, new ReportMessage(1, MappingA with { ExternalPort = 70000 }));

        Assert.That(answer, Is.TypeOf<ControlError>().With.Property(nameof(ControlError.Code)).EqualTo(ControlErrorCodes.BadReport));
        Assert.That(engine.Snapshot("a")!.Endpoint, Is.Null);
        Assert.That(_connector.Calls, Is.Empty);
    }

    [Test]
    public void Probe_Refused_SendsInstructionAtOnce()
    {
        var (engine, channel) = StartReported();
        _connector.Answer("a", ProbeOutcome.Refused);

        AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
        Assert.That(channel.Instructions[0].Reason, Does.StartWith("refused"));
        Assert.That(channel.Instructions[0].Endpoint, Is.EqualTo("127.0.0.2:20000"), "the endpoint whose probe failed");
        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(2), "the report's probe and one scheduled probe; no confirmation");
        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Remapping));
        Assert.That(device.Episode!.DetectionLatency, Is.EqualTo(TimeSpan.Zero));
        Assert.That(_events.OfType<InstructionSent>().Single().Instruction, Is.EqualTo(channel.Instructions[0]));
    }

    [TestCase(ProbeOutcome.WrongDevice)]
    [TestCase(ProbeOutcome.HandshakeFailure)]
    public void Probe_AnotherAnswer_SendsInstructionWithoutConfirming(ProbeOutcome outcome)
    {
        var (_, channel) = StartReported();
        _connector.Answer("a", outcome);

        AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
        Assert.That(_events.OfType<FailureDetected>().Single().Outcome, Is.EqualTo(outcome));
    }

    [Test]
    public void Probe_Timeout_ConfirmsBeforeActing()
    {
        var (engine, channel) = StartReported(new ProberOptions { TimeoutConfirmations = 2, ProbeTimeout = TimeSpan.FromMilliseconds(300) });
        _connector.Answer("a", null);
        AdvanceUntil(() => !_events.OfType<FaultSuspected>().Any());
        var suspectedAt = _events.OfType<FaultSuspected>().Single().At;

        AdvanceBy(TimeSpan.FromMilliseconds(580));
        Assert.That(channel.Instructions, Is.Empty, "two timeouts of three");
        Assert.That(engine.Snapshot("a")!.State, Is.EqualTo(DeviceState.Suspect));

        AdvanceBy(TimeSpan.FromMilliseconds(40));
        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
        var detected = _events.OfType<FailureDetected>().Single();
        Assert.That(detected.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
        Assert.That(detected.At - suspectedAt, Is.EqualTo(TimeSpan.FromMilliseconds(600)).Within(TimeSpan.FromMilliseconds(20)));
        Assert.That(_events.OfType<ProbeCompleted>().Select(e => e.Attempt).TakeLast(3), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Probe_TimeoutThenOk_ClearsSuspicionWithoutInstruction()
    {
        var (engine, channel) = StartReported(new ProberOptions { ProbeTimeout = TimeSpan.FromMilliseconds(300) });
        _connector.AnswerNext("a", null, ProbeOutcome.Ok);

        AdvanceUntil(() => !_events.OfType<FaultSuspected>().Any());

        Assert.That(channel.Instructions, Is.Empty);
        Assert.That(_events.OfType<FailureDetected>(), Is.Empty);
        Assert.That(_events.OfType<ProbeCompleted>().Select(e => e.Attempt).TakeLast(2), Is.EqualTo(new[] { 1, 2 }));
        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.Episode, Is.Null);
        Assert.That(device.Counters.Verdicts, Is.Zero);
    }

    [Test]
    public void Probe_TimeoutWithoutConfirmations_ActsOnTheFirst()
    {
        var (_, channel) = StartReported(new ProberOptions { TimeoutConfirmations = 0, ProbeTimeout = TimeSpan.FromMilliseconds(300) });
        _connector.AnswerNext("a", null, ProbeOutcome.Ok);

        AdvanceUntil(() => channel.Instructions.Count == 0);

        Assert.That(_events.OfType<FailureDetected>().Single().Outcome, Is.EqualTo(ProbeOutcome.Timeout));
    }

    /// <summary>
    /// The real socket connector and a fake that never completes (and ignores cancellation) are timed out by the same
    /// deadline, on the server's clock, with the same result. The socket connector runs on the wall clock on purpose:
    /// when it kept its own timeout (the engine tested for its type), nothing ended its probe on the server's clock.
    /// </summary>
    [Category("Loopback")]
    [TestCase("socket")]
    [TestCase("fake")]
    public void Probe_ConnectorThatNeverAnswers_TimedOutAtTheServersDeadline(string kind)
    {
        // A TCP port whose kernel backlog accepts the connection but whose service never answers the handshake.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));
        silent.Listen(8);
        var endpoint = (IPEndPoint)silent.LocalEndPoint!;
        IProbeConnector connector = kind == "socket" ? new SocketProbeConnector(TimeProvider.System, null) : new NeverAnsweringConnector();
        var options = new ProberOptions { ProbeTimeout = TimeSpan.FromSeconds(2), ProbeInterval = TimeSpan.FromSeconds(10), TimeoutConfirmations = 0 };
        var (engine, channel) = StartWithDevice(options, connector);
        var reportedAt = _time.GetUtcNow();

        engine.HandleReport("a", channel, new ReportMessage(1, MappingA with { ExternalAddress = endpoint.Address.ToString(), ExternalPort = endpoint.Port }));
        AdvanceBy(TimeSpan.FromSeconds(2));

        var probe = _events.OfType<ProbeCompleted>().FirstOrDefault();
        Assert.That(probe, Is.Not.Null, "the probe ended at the server's deadline");
        Assert.That(probe!.At - reportedAt, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(probe.Result, Is.EqualTo(new ProbeResult(ProbeOutcome.Timeout, null, TimeSpan.FromSeconds(2), "no answer within 2000 ms")));
        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
    }

    [Test]
    public void Probe_KeepsFailingWhileInstructionOutstanding_SendsOnlyOne()
    {
        var (_, channel) = StartReported();
        _connector.Answer("a", ProbeOutcome.Refused);

        AdvanceBy(TimeSpan.FromSeconds(5));

        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(6));
        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
    }

    [Test]
    public void HandleReport_AnsweringInstruction_VerifiesAndRecordsTheEpisode()
    {
        var (engine, channel) = StartReported();
        var instruction = RefusedUntilInstructed(channel);

        engine.HandleReport("a", channel, new ReportMessage(2, MappingA with { ExternalPort = 20001 }, instruction.InstructionId));

        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.Endpoint, Is.EqualTo("127.0.0.2:20001"));
        Assert.That(device.OutstandingInstruction, Is.Null);
        var episode = device.RecentEpisodes.Single();
        Assert.That(episode.Cause, Is.EqualTo(ProbeOutcome.Refused));
        Assert.That(episode.Instructions, Is.EqualTo(1));
        Assert.That(episode.ReportedAt, Is.EqualTo(episode.RecoveredAt));
        Assert.That(episode.RemapLatency, Is.EqualTo(_time.GetUtcNow() - _events.OfType<FailureDetected>().Single().At));
        Assert.That(episode.RemapLatency, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)));
        Assert.That(_events.OfType<DeviceRecovered>().Single().Episode, Is.EqualTo(episode));
        Assert.That(device.Counters.Recoveries, Is.EqualTo(1));
    }

    [Test]
    public void HandleRemapFailed_BacksOffExponentially()
    {
        var options = new ProberOptions { RemapBackoffMin = TimeSpan.FromSeconds(2), RemapBackoffMax = TimeSpan.FromSeconds(5) };
        var (engine, channel) = StartReported(options);
        var sentAt = new List<DateTimeOffset>();
        channel.OnInstruction = instruction =>
        {
            sentAt.Add(_time.GetUtcNow());
            engine.HandleRemapFailed("a", channel, new RemapFailed(instruction.InstructionId, "UPnP 501"));
        };
        _connector.Answer("a", ProbeOutcome.Refused);

        AdvanceUntil(() => sentAt.Count < 4, TimeSpan.FromSeconds(30));

        var gaps = sentAt.Zip(sentAt.Skip(1), (earlier, later) => later - earlier).ToArray();
        Assert.That(gaps, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5) }));
        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Failing));
        Assert.That(device.ConsecutiveRemapFailures, Is.EqualTo(4));
        Assert.That(device.Episode!.RemapFailures, Is.EqualTo(4));
        Assert.That(_events.OfType<RemapFailureRecorded>().Select(e => e.ConsecutiveFailures), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void Probe_TargetPolicyRefusesTheReportedAddress_FailsWithItsReasonWithoutProbing()
    {
        var policy = new ListedTargetPolicy(IPAddress.Parse("100.64.1.2"));
        var (engine, channel) = StartWithDevice(new ProberOptions { TargetPolicy = policy });
        _connector.Answer("a", ProbeOutcome.Ok);

        engine.HandleReport("a", channel, new ReportMessage(1, MappingA with { ExternalAddress = "100.64.1.2" }));
        AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.That(_connector.Calls, Is.Empty, "no probe reached the connector");
        Assert.That(policy.Asked, Is.Not.Empty);
        var detected = _events.OfType<FailureDetected>().Single();
        Assert.That(detected.Detail, Is.EqualTo("100.64.1.2 is outside the test network; not probed"));
        Assert.That(channel.Instructions, Has.Count.EqualTo(1));
        Assert.That(engine.Snapshot("a")!.LastProbe!.Detail, Does.Contain("not probed"));
    }

    [Test]
    public void Probe_TargetPolicyRefusesEveryRemap_InstructionsBackOffInsteadOfStorming()
    {
        // A device behind a carrier-grade NAT remaps without error and reports the same unreachable endpoint every time.
        var options = new ProberOptions { TargetPolicy = new ListedTargetPolicy(IPAddress.Parse("100.64.1.2")) };
        var (engine, channel) = StartWithDevice(options);
        var report = MappingA with { ExternalAddress = "100.64.1.2" };
        var sequence = 1L;
        var sentAt = new List<DateTimeOffset>();
        channel.OnInstruction = instruction =>
        {
            sentAt.Add(_time.GetUtcNow());
            engine.HandleReport("a", channel, new ReportMessage(++sequence, report, instruction.InstructionId));
        };
        engine.HandleReport("a", channel, new ReportMessage(sequence, report));

        AdvanceBy(TimeSpan.FromSeconds(60));

        var gaps = sentAt.Zip(sentAt.Skip(1), (earlier, later) => later - earlier).ToArray();
        Assert.That(sentAt, Has.Count.InRange(5, 8), "1 s doubling to the 30 s cap: about 7 instructions a minute");
        Assert.That(gaps, Is.Ordered, "every pause at least as long as the one before");
        Assert.That(gaps[^1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(16)));
        Assert.That(_connector.Calls, Is.Empty);
        Assert.That(engine.Snapshot("a")!.State, Is.EqualTo(DeviceState.Failing).Or.EqualTo(DeviceState.Remapping));
    }

    [Test]
    public void Recovery_AfterFailedRemaps_ResetsTheBackoff()
    {
        var (engine, channel) = StartReported();
        channel.OnInstruction = instruction => engine.HandleRemapFailed("a", channel, new RemapFailed(instruction.InstructionId, "UPnP 501"));
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceUntil(() => engine.Snapshot("a")!.ConsecutiveRemapFailures < 2, TimeSpan.FromSeconds(10));

        _connector.Answer("a", ProbeOutcome.Ok);
        AdvanceBy(TimeSpan.FromSeconds(1));

        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.ConsecutiveRemapFailures, Is.Zero);
        Assert.That(device.NextInstructionNotBefore, Is.Null);
    }

    [Test]
    public void HandleReport_DeviceRestoredItselfDuringTheBackoff_ProbeConfirms_NoFurtherInstruction()
    {
        var options = new ProberOptions { RemapBackoffMin = TimeSpan.FromSeconds(2), RemapBackoffMax = TimeSpan.FromSeconds(30) };
        var (engine, channel) = StartReported(options);
        channel.OnInstruction = instruction => engine.HandleRemapFailed("a", channel, new RemapFailed(instruction.InstructionId, "gateway down"));
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceUntil(() => engine.Snapshot("a")!.ConsecutiveRemapFailures < 2, TimeSpan.FromSeconds(10));
        Assert.That(engine.Snapshot("a")!.NextInstructionNotBefore, Is.Not.Null, "backing off");
        var instructions = channel.Instructions.Count;

        // The device saw its router return and remapped on its own: a plain report, on the same endpoint.
        _connector.Answer("a", ProbeOutcome.Ok);
        engine.HandleReport("a", channel, new ReportMessage(5, MappingA));
        AdvanceBy(TimeSpan.FromSeconds(60));

        var device = engine.Snapshot("a")!;
        Assert.That(device.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(device.ConsecutiveRemapFailures, Is.Zero);
        Assert.That(device.NextInstructionNotBefore, Is.Null);
        Assert.That(channel.Instructions, Has.Count.EqualTo(instructions), "no instruction for a device that restored itself");
        Assert.That(device.RecentEpisodes.Single().RecoveredAt, Is.Not.Null);
    }

    [Test]
    public void HandleReport_DuringTheBackoff_EndsTheWait_TheProbeStillDecides()
    {
        var options = new ProberOptions { RemapBackoffMin = TimeSpan.FromSeconds(2), RemapBackoffMax = TimeSpan.FromSeconds(30) };
        var (engine, channel) = StartReported(options);
        channel.OnInstruction = instruction => engine.HandleRemapFailed("a", channel, new RemapFailed(instruction.InstructionId, "gateway down"));
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceUntil(() => engine.Snapshot("a")!.ConsecutiveRemapFailures < 2, TimeSpan.FromSeconds(10));
        _connector.Hold = true;

        engine.HandleReport("a", channel, new ReportMessage(5, MappingA));

        var waiting = engine.Snapshot("a")!;
        Assert.That(waiting.NextInstructionNotBefore, Is.Null, "the report ended the backoff's wait");
        Assert.That(waiting.State, Is.EqualTo(DeviceState.Remapping), "until the probe confirms it");
        Assert.That(waiting.ConsecutiveRemapFailures, Is.EqualTo(2), "the count stays until a recovery");

        _connector.Hold = false;
        _connector.ReleaseHeld(ProbeOutcome.Refused);

        var failed = engine.Snapshot("a")!;
        Assert.That(failed.ConsecutiveRemapFailures, Is.EqualTo(3), "a restored mapping that does not work backs off further");
        Assert.That(failed.NextInstructionNotBefore, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromSeconds(8)));
    }

    [Test]
    public void Instruction_NamesTheReportWhoseMappingFailed()
    {
        var (engine, channel) = StartReported();
        engine.HandleReport("a", channel, new ReportMessage(41, MappingA));
        _connector.Answer("a", ProbeOutcome.Refused);

        AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.That(channel.Instructions.Single().ReportSequence, Is.EqualTo(41));
    }

    [Test]
    public void Instruction_Unanswered_TimesOutAsFailedRemap()
    {
        var (engine, channel) = StartReported(new ProberOptions { InstructionTimeout = TimeSpan.FromSeconds(3) });
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.That(channel.Instructions, Has.Count.EqualTo(1));

        AdvanceBy(TimeSpan.FromSeconds(3));

        var failure = _events.OfType<RemapFailureRecorded>().Single();
        Assert.That(failure.InstructionId, Is.EqualTo(channel.Instructions[0].InstructionId));
        Assert.That(failure.Reason, Does.Contain("no answer"));
        Assert.That(engine.Snapshot("a")!.OutstandingInstruction, Is.Null);
    }

    [Test]
    public void HandleReport_NewMappingStillFails_CountsAsFailedRemap()
    {
        var (engine, channel) = StartReported();
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceBy(TimeSpan.FromSeconds(1));

        engine.HandleReport("a", channel, new ReportMessage(2, MappingA, channel.Instructions[0].InstructionId));

        Assert.That(_events.OfType<RemapFailureRecorded>().Single().Reason, Does.Contain("reported mapping failed"));
        Assert.That(engine.Snapshot("a")!.ConsecutiveRemapFailures, Is.EqualTo(1));
    }

    [Test]
    public void Detach_FailingDevice_IsOfflineAndGetsNoInstructionUntilItReconnects()
    {
        var (engine, channel) = StartReported();
        engine.Detach("a", channel, "gone");
        _connector.Answer("a", ProbeOutcome.Refused);

        AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.That(engine.Snapshot("a")!.State, Is.EqualTo(DeviceState.Offline));
        Assert.That(_events.OfType<FailureDetected>(), Has.Exactly(1).Items);
        Assert.That(channel.Instructions, Is.Empty);

        var probesBefore = _connector.CallsOf("a").Count;
        var again = new RecordingChannel();
        engine.Attach("a", again);

        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(probesBefore + 1), "probed at once on reconnect");
        Assert.That(again.Instructions, Has.Count.EqualTo(1));
        Assert.That(engine.Snapshot("a")!.State, Is.EqualTo(DeviceState.Remapping));
    }

    [Test]
    public void Detach_WithOutstandingInstruction_ForgetsIt()
    {
        var (engine, channel) = StartReported();
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceBy(TimeSpan.FromSeconds(1));

        engine.Detach("a", channel, "gone");

        Assert.That(engine.Snapshot("a")!.OutstandingInstruction, Is.Null);
        AdvanceBy(TimeSpan.FromSeconds(15));
        Assert.That(_events.OfType<RemapFailureRecorded>(), Is.Empty, "no timeout counted for a channel that is gone");
    }

    [Test]
    public void Attach_SecondChannel_ClosesTheFirstAsReplaced()
    {
        var (engine, first) = StartReported();
        var second = new RecordingChannel();

        engine.Attach("a", second);
        engine.Detach("a", first, "closed after replace");

        Assert.That(first.ClosedWith?.Code, Is.EqualTo(ControlErrorCodes.Replaced));
        Assert.That(engine.Snapshot("a")!.Connected, Is.True, "the old channel's close does not take the new one down");
        Assert.That(engine.HandleReport("a", first, new ReportMessage(3, MappingA with { ExternalPort = 1 })), Is.TypeOf<ControlError>());
        Assert.That(engine.Snapshot("a")!.Endpoint, Is.EqualTo("127.0.0.2:20000"));
    }

    [Test]
    public void Probe_OfReplacedMapping_DoesNotJudgeTheNewOne()
    {
        var (engine, channel) = StartReported(new ProberOptions { ProbeTimeout = TimeSpan.FromSeconds(5) });
        _connector.Hold = true;
        AdvanceBy(TimeSpan.FromSeconds(1));
        _connector.Hold = false;
        engine.HandleReport("a", channel, new ReportMessage(2, MappingA with { ExternalPort = 20002 }));

        _connector.ReleaseHeld(ProbeOutcome.Refused);

        Assert.That(engine.Snapshot("a")!.State, Is.EqualTo(DeviceState.Healthy));
        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(3), "the report's probe, the held probe, then the new report's probe right after it");
    }

    [Test]
    public void HandleSignal_ProbesAtOnce()
    {
        var (engine, _) = StartReported();
        var before = _connector.CallsOf("a").Count;

        engine.HandleSignal("a", new GatewaySignal(GatewaySignalKinds.ExternalAddressChanged, "127.0.0.3"));

        Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(before + 1));
        Assert.That(_events.OfType<GatewaySignalReceived>().Single().Signal.Kind, Is.EqualTo(GatewaySignalKinds.ExternalAddressChanged));
    }

    [Test]
    public void History_ReportsStoredAtOnceAheadOfEarlierBufferedLines_StillListedInTimeOrder()
    {
        // Reports are written at once, the other lines with the next batch: nothing is batched here before reading.
        var (engine, channel) = StartWithDevice(new ProberOptions { PersistInterval = TimeSpan.FromHours(1) });
        AdvanceBy(TimeSpan.FromMilliseconds(20));
        engine.HandleReport("a", channel, new ReportMessage(1, MappingA));
        var instruction = RefusedUntilInstructed(channel);
        engine.HandleReport("a", channel, new ReportMessage(2, MappingA with { ExternalPort = 20001 }, instruction.InstructionId));

        var history = engine.History("a", 100);

        Assert.That(
            history.Select(line => line.Kind),
            Is.EqualTo(new[] { "channel-open", "report", "failure-detected", "instruction", "report", "recovered" }));
        Assert.That(history.Select(line => line.At), Is.Ordered);
        Assert.That(history[1].At - history[0].At, Is.EqualTo(TimeSpan.FromMilliseconds(20)));
    }

    [Test]
    public void Authenticate_RightProof_True_WrongKeyOrUnknownDevice_False()
    {
        var (engine, _) = StartWithDevice();
        var nonce = IdentityHandshake.NewChallenge();

        Assert.Multiple(() =>
        {
            Assert.That(engine.Authenticate("a", nonce, Convert.ToHexStringLower(IdentityHandshake.Proof(KeyA, nonce, "a"))), Is.True);
            Assert.That(engine.Authenticate("a", nonce, Convert.ToHexStringLower(IdentityHandshake.Proof(KeyB, nonce, "a"))), Is.False);
            Assert.That(engine.Authenticate("b", nonce, Convert.ToHexStringLower(IdentityHandshake.Proof(KeyB, nonce, "b"))), Is.False);
            Assert.That(engine.Authenticate("a", nonce, "zz"), Is.False);
        });
    }

    [Test]
    public void Start_OnAnExistingDatabase_ProbesKnownMappingsWithoutAReport()
    {
        var path = Path.Combine(Path.GetTempPath(), $"igdlab-prober-{Guid.NewGuid():N}.db");
        try
        {
            var options = new ProberOptions { DatabasePath = path };
            var (first, channel) = StartReported(options);
            first.Dispose();
            _engines.Remove(first);
            var probes = _connector.CallsOf("a").Count;

            var second = NewEngine(options, withKey: false);
            second.Start();
            AdvanceBy(TimeSpan.FromSeconds(1));

            Assert.That(_connector.CallsOf("a"), Has.Count.EqualTo(probes + 1));
            var device = second.Snapshot("a")!;
            Assert.That(device.Endpoint, Is.EqualTo("127.0.0.2:20000"));
            Assert.That(device.State, Is.EqualTo(DeviceState.Offline), "known, probed, but no channel yet");
            Assert.That(device.Counters.Reports, Is.EqualTo(1));
            var nonce = IdentityHandshake.NewChallenge();
            Assert.That(second.Authenticate("a", nonce, Convert.ToHexStringLower(IdentityHandshake.Proof(KeyA, nonce, "a"))), Is.True, "the key survives too");
        }
        finally
        {
            Dispose();
            _engines.Clear();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private (WatchdogEngine Engine, RecordingChannel Channel) StartWithDevice(ProberOptions? options = null, IProbeConnector? connector = null)
    {
        var engine = NewEngine(options ?? new ProberOptions(), connector: connector);
        engine.Start();
        var channel = new RecordingChannel();
        engine.Attach("a", channel);
        return (engine, channel);
    }

    private (WatchdogEngine Engine, RecordingChannel Channel) StartReported(ProberOptions? options = null)
    {
        var (engine, channel) = StartWithDevice(options);
        Assert.That(engine.HandleReport("a", channel, new ReportMessage(1, MappingA)), Is.TypeOf<ReportAck>());
        return (engine, channel);
    }

    /// <summary>The mapping is refused until the device is instructed; 200 ms later its probes pass again. Returns the instruction.</summary>
    private RemapInstruction RefusedUntilInstructed(RecordingChannel channel)
    {
        _connector.Answer("a", ProbeOutcome.Refused);
        AdvanceBy(TimeSpan.FromSeconds(1));
        var instruction = channel.Instructions.Single();
        AdvanceBy(TimeSpan.FromMilliseconds(200));
        _connector.Answer("a", ProbeOutcome.Ok);
        return instruction;
    }

    private WatchdogEngine NewEngine(ProberOptions options, bool withKey = true, IProbeConnector? connector = null)
    {
        if (withKey)
        {
            options = options with { DeviceKeys = new Dictionary<string, byte[]> { ["a"] = KeyA } };
        }

        var engine = new WatchdogEngine(options, _time, connector ?? _connector, NullLogger.Instance, _events.Enqueue);
        _engines.Add(engine);
        return engine;
    }

    /// <summary>Advances in 10 ms steps while <paramref name="waiting"/> holds, at most <paramref name="limit"/> (default 2 s).</summary>
    private void AdvanceUntil(Func<bool> waiting, TimeSpan? limit = null)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var moved = TimeSpan.Zero; waiting(); moved += step)
        {
            Assert.That(moved, Is.LessThan(limit ?? TimeSpan.FromSeconds(2)), "the awaited event did not happen in time");
            _time.Advance(step);
        }
    }

    /// <summary>Advances in 10 ms steps so that every timer fires at (close to) its own time.</summary>
    private void AdvanceBy(TimeSpan total)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            _time.Advance(step);
        }
    }
}
