using System.Collections.Concurrent;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MappingStrategyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeMappingActions _actions = new();
    private readonly ConcurrentQueue<MappingResult> _reports = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private MappingSession _session = null!;

    private static RestoreWatchOptions FastRestore => new() { Jitter = 0 };

    [SetUp]
    public void CreateSession()
    {
        _session = new MappingSession(_actions);
        _session.MappingChanged += _reports.Enqueue;
        _session.MappingFailed += _failures.Enqueue;
    }

    [Test]
    public async Task Renew_ReAddsAtNAnd2N()
    {
        await using var strategy = new RenewStrategy(_session, new RenewStrategyOptions { Interval = TimeSpan.FromSeconds(20) }, _time);
        Assert.That(await strategy.StartAsync(), Is.True);
        Assert.That(_actions.Maps, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.That(_actions.Maps, Is.EqualTo(1), "nothing before N");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => _actions.Maps == 2, "the re-add at N");
        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => _actions.Maps == 3, "the re-add at 2N");
        await Eventually.HoldsAsync(() => _reports.Count == 3, "every result reported");
    }

    [Test]
    public async Task Poll_ReAddsOnlyWhenMissing()
    {
        await using var strategy = new PollStrategy(_session, new PollStrategyOptions { Interval = TimeSpan.FromSeconds(60) }, _time);
        await strategy.StartAsync();

        _time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => _actions.Checks == 1, "the first poll");
        Assert.That(_actions.Maps, Is.EqualTo(1), "present: no re-add");

        _actions.Present = false;
        _time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => _actions.Maps == 2, "missing: re-added");
        Assert.That(_actions.Checks, Is.EqualTo(2));
        Assert.That(_reports, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Watchdog_NeverRemapsOnItsOwn_RemapsOnInstruction()
    {
        await using var strategy = new WatchdogStrategy(_session, _time);
        await strategy.StartAsync();
        _actions.Present = false;

        _time.Advance(TimeSpan.FromHours(24));
        await Task.Yield();
        Assert.That((_actions.Maps, _actions.Remaps, _actions.Checks), Is.EqualTo((1, 0, 0)));

        var answer = await strategy.OnRemapInstructionAsync();
        Assert.That(_actions.Remaps, Is.EqualTo(1));
        Assert.That(answer, Is.SameAs(_reports.Last()), "the answer is the mapping reported");
        Assert.That(_reports, Has.Count.EqualTo(2));
        Assert.That(strategy.Instructions, Is.EqualTo(1));
    }

    [Test]
    public async Task Watchdog_InstructedRemapFailed_RemapsOnItsOwnOnceTheGatewayAnswers()
    {
        var presence = new FakeGatewayPresence(_time);
        await using var strategy = new WatchdogStrategy(_session, FastRestore, presence, _time);
        await strategy.StartAsync();

        _actions.FailNext(1);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await strategy.OnRemapInstructionAsync());
        Assert.That(strategy.RestoreState, Is.EqualTo(RestoreWatchState.Watching));

        presence.Answers = true;
        for (var i = 0; i < 100 && _reports.Count < 2; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
        }

        Assert.That(_reports, Has.Count.EqualTo(2), "the restored mapping is reported like any result");
        Assert.That(strategy.Instructions, Is.EqualTo(1), "no second instruction was needed");
        Assert.That(strategy.RestoreAttempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Watchdog_InstructionWhileTheGatewayIsSilent_IsDeclinedAtOnce_WithoutARemap()
    {
        var presence = new FakeGatewayPresence(_time);
        await using var strategy = new WatchdogStrategy(_session, FastRestore, presence, _time);
        await strategy.StartAsync();
        _actions.FailNext(1);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await strategy.OnRemapInstructionAsync());
        var remaps = _actions.Remaps;

        Assert.ThrowsAsync<GatewayNotFoundException>(async () => await strategy.OnRemapInstructionAsync());

        Assert.That(_actions.Remaps, Is.EqualTo(remaps), "no remap is sent to a gateway that does not answer");
        Assert.That(presence.Asked, Is.EqualTo(1), "the gateway was asked once");
    }

    [Test]
    public async Task Watchdog_InstructionWhileWatching_GatewayBack_RemapsAndEndsTheWatch()
    {
        var presence = new FakeGatewayPresence(_time);
        await using var strategy = new WatchdogStrategy(_session, FastRestore, presence, _time);
        await strategy.StartAsync();
        _actions.FailNext(1);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await strategy.OnRemapInstructionAsync());
        presence.Answers = true;

        var answer = await strategy.OnRemapInstructionAsync();

        Assert.That(answer, Is.SameAs(_reports.Last()));
        await Eventually.HoldsAsync(() => strategy.RestoreState == RestoreWatchState.Idle, "the watch ended");
    }

    [Test]
    public async Task Watchdog_InitialMapFailed_WatchesAndMaps()
    {
        var presence = new FakeGatewayPresence(_time) { Answers = true };
        _actions.FailNext(1);
        await using var strategy = new WatchdogStrategy(_session, FastRestore, presence, _time);
        Assert.That(await strategy.StartAsync(), Is.False);

        for (var i = 0; i < 100 && _reports.IsEmpty; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
        }

        Assert.That(_reports, Has.Count.EqualTo(1), "mapped once the watch tried again");
    }

    [Test]
    public async Task Watchdog_RestoreDisabled_FailedInstruction_NeverRemapsOnItsOwn()
    {
        var presence = new FakeGatewayPresence(_time) { Answers = true };
        await using var strategy = new WatchdogStrategy(_session, FastRestore with { Enabled = false }, presence, _time);
        await strategy.StartAsync();
        _actions.FailNext(1);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await strategy.OnRemapInstructionAsync());

        _time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);

        Assert.That((_actions.Remaps, presence.Asked), Is.EqualTo((1, 0)));
        Assert.That(strategy.RestoreState, Is.EqualTo(RestoreWatchState.Idle));
    }

    [Test]
    public async Task Events_RemapsOnAddressChange_NotOnTheSameAddress()
    {
        var signals = new FakeGatewaySignals();
        await using var strategy = new EventsStrategy(_session, signals, null, _time);
        await strategy.StartAsync();

        signals.Address("127.0.0.2");
        signals.Status("Connected");
        await Task.Yield();
        Assert.That(_actions.Remaps, Is.Zero, "the initial event reports the mapped address");

        _actions.ExternalAddress = System.Net.IPAddress.Parse("127.0.0.9");
        signals.Address("127.0.0.9");
        await Eventually.HoldsAsync(() => _actions.Remaps == 1, "remapped after the address change");
        await Eventually.HoldsAsync(() => _reports.Count == 2, "the new result reported");
        Assert.That(_reports.Last().ExternalAddress!.ToString(), Is.EqualTo("127.0.0.9"));
    }

    [Test]
    public async Task Events_RemapsOnReconnectAndBootId()
    {
        var signals = new FakeGatewaySignals();
        await using var strategy = new EventsStrategy(_session, signals, null, _time);
        await strategy.StartAsync();

        signals.Status("Connected");
        signals.Status("Disconnected");
        signals.Status("Connected");
        await Eventually.HoldsAsync(() => _actions.Remaps == 1, "remapped on Connected after Disconnected");
        signals.BootId("2");
        await Eventually.HoldsAsync(() => _actions.Remaps == 2, "remapped on a new BOOTID");
    }

    [Test]
    public async Task Events_WanChangeEventedAsDisconnectedAddressConnected_RemapsOnce()
    {
        var signals = new FakeGatewaySignals();
        await using var strategy = new EventsStrategy(_session, signals, null, _time);
        await strategy.StartAsync();
        signals.Address("127.0.0.2");
        signals.Status("Connected");

        _actions.ExternalAddress = System.Net.IPAddress.Parse("127.0.0.9");
        signals.Status("Disconnected");
        signals.Address("127.0.0.9");
        signals.Status("Connected");
        await Eventually.HoldsAsync(() => _reports.Count == 2, "remapped on the new address");
        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.Yield();

        Assert.That(_actions.Remaps, Is.EqualTo(1), "the reconnect after the address change adds nothing");
    }

    [Test]
    public async Task Events_FailedRemap_IsRetriedAfterTheDelay()
    {
        var signals = new FakeGatewaySignals();
        await using var strategy = new EventsStrategy(_session, signals, new EventsStrategyOptions { RetryDelay = TimeSpan.FromSeconds(30) }, _time);
        await strategy.StartAsync();

        _actions.FailNext(1);
        signals.BootId("2");
        await Eventually.HoldsAsync(() => _failures.Count == 1, "the remap failed");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(_actions.Remaps, Is.EqualTo(1), "no retry before the delay");

        // The retry timer is armed just after the failure is reported; step the clock until it fires.
        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return _actions.Remaps == 2 && _reports.Count == 2;
            },
            "retried and reported");
    }

    [Test]
    public async Task Failures_AreRetriedAtTheNextTick_AndNeverStopTheLoop()
    {
        _actions.FailNext(1);
        await using var strategy = new RenewStrategy(_session, new RenewStrategyOptions { Interval = TimeSpan.FromSeconds(20) }, _time);
        Assert.That(await strategy.StartAsync(), Is.False, "the initial map failed");
        Assert.That(_failures, Has.Count.EqualTo(1));

        _actions.FailNext(1);
        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => _failures.Count == 2, "the first tick failed too");
        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => _reports.Count == 1, "the second tick succeeded");
        Assert.That(strategy.Current, Is.Not.Null);
    }

    [Test]
    public async Task Poll_FailedCheck_IsRetriedAtTheNextTick()
    {
        await using var strategy = new PollStrategy(_session, null, _time);
        await strategy.StartAsync();
        _actions.Present = false;
        _actions.FailNext(1);

        _time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => _failures.Count == 1, "the check failed");
        _time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => _actions.Maps == 2, "restored at the next tick");
    }

    [Test]
    public async Task Dispose_StopsTimers()
    {
        var strategy = new RenewStrategy(_session, null, _time);
        await strategy.StartAsync();
        await strategy.DisposeAsync();

        _time.Advance(TimeSpan.FromMinutes(10));
        await Task.Yield();
        Assert.That(_actions.Maps, Is.EqualTo(1));
    }

    [Test]
    public async Task Composite_WatchdogPlusEvents_MapsOnce_ThenBothTrigger()
    {
        var signals = new FakeGatewaySignals();
        var watchdog = new WatchdogStrategy(_session, _time);
        await using var composite = new CompositeStrategy([watchdog, new EventsStrategy(_session, signals, null, _time)], _time);
        await composite.StartAsync();
        Assert.That(_actions.Maps, Is.EqualTo(1));

        signals.BootId("7");
        await Eventually.HoldsAsync(() => _actions.Remaps == 1, "events remapped");
        await composite.OnRemapInstructionAsync();
        Assert.That(_actions.Remaps, Is.EqualTo(2));
        Assert.That(watchdog.Instructions, Is.EqualTo(1), "the composite handed the instruction to its watchdog");
    }

    [Test]
    public void Composite_RejectsPartsOverDifferentSessions()
    {
        var other = new MappingSession(new FakeMappingActions());
        Assert.Throws<ArgumentException>(() => _ = new CompositeStrategy([new WatchdogStrategy(_session, _time), new WatchdogStrategy(other, _time)]));
    }

    [Test]
    public void Options_HaveTheDocumentedDefaults()
    {
        Assert.That(new RenewStrategyOptions().Interval, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(new RenewStrategyOptions().Lease, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(new PollStrategyOptions().Interval, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(new EventsStrategyOptions().RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }
}
