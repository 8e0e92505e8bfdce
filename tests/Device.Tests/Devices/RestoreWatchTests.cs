using System.Collections.Concurrent;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RestoreWatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeMappingActions _actions = new();
    private readonly FakeGatewayPresence _presence;
    private readonly ConcurrentQueue<MappingResult> _reports = new();
    private readonly MappingSession _session;

    public RestoreWatchTests()
    {
        _presence = new FakeGatewayPresence(_time);
        _session = new MappingSession(_actions);
        _session.MappingChanged += _reports.Enqueue;
    }

    [Test]
    public async Task Begin_GatewaySilent_AsksEveryIntervalAndNeverRemaps()
    {
        await using var watch = Create(Options());
        watch.Begin(_session.SuccessfulMaps);

        await RunForAsync(TimeSpan.FromSeconds(1));

        Assert.That(watch.State, Is.EqualTo(RestoreWatchState.Watching));
        Assert.That(_presence.Asked, Is.InRange(7, 10), "one ask per 100 ms (a busy machine may run a tick a step late)");
        Assert.That(_actions.Remaps, Is.Zero, "nothing is remapped while the gateway is silent");
    }

    [Test]
    public async Task Begin_GatewayAnswersAgain_RemapsWithinOneInterval()
    {
        await using var watch = Create(Options());
        watch.Begin(_session.SuccessfulMaps);
        await RunForAsync(TimeSpan.FromMilliseconds(450));

        _presence.Answers = true;
        var back = _time.GetUtcNow();
        await RunUntilAsync(() => _reports.Count == 1, "the remap after the gateway answered");

        Assert.That(_time.GetUtcNow() - back, Is.LessThanOrEqualTo(Interval + Step), "within one interval, give or take a clock step");
        Assert.That(_actions.Remaps, Is.EqualTo(1));
        await Eventually.HoldsAsync(() => watch.State == RestoreWatchState.Idle, "the watch is over");
        var asked = _presence.Asked;
        await RunForAsync(TimeSpan.FromSeconds(1));
        Assert.That(_presence.Asked, Is.EqualTo(asked), "a restored device stops asking");
    }

    [Test]
    public async Task Begin_GatewayAnswersSlowerThanAnInterval_IsStillHeard_AsksOverlap()
    {
        // Debian's miniupnpd answers a unicast search after 55-65 ms; a router may take up to the search's MX. An ask
        // that stopped listening after one interval never heard such a router.
        var slow = new FakeGatewayPresence(_time) { Answers = true, Delay = TimeSpan.FromMilliseconds(350) };
        await using var watch = new RestoreWatch(_session, slow, Options(), seed: 1, _time);
        watch.Begin(_session.SuccessfulMaps);

        await RunUntilAsync(() => _reports.Count == 1, "the remap after the slow answer");

        Assert.That(_time.GetUtcNow() - Start, Is.LessThan(TimeSpan.FromMilliseconds(350) + Interval + Interval), "heard when the first answer came, not later");
        Assert.That(slow.Asked, Is.InRange(3, 5), "a new ask every interval while the first ones still listened");
        Assert.That(_actions.Remaps, Is.EqualTo(1));
    }

    [Test]
    public async Task Begin_RemapRefusedWhileTheGatewayAnswers_RetriesTheRemapEveryIntervalUntilItSucceeds()
    {
        // A SOAP error burst: discovery answers, AddPortMapping fails; the action itself is what the watch retries.
        _presence.Answers = true;
        _actions.FailNext(int.MaxValue);
        await using var watch = Create(Options());
        watch.Begin(_session.SuccessfulMaps);

        await RunForAsync(TimeSpan.FromSeconds(1));
        Assert.That(_actions.Remaps, Is.InRange(7, 10), "one remap per 100 ms while refused");
        Assert.That(_reports, Is.Empty);

        _actions.FailNext(0);
        var over = _time.GetUtcNow();
        await RunUntilAsync(() => _reports.Count == 1, "the remap after the burst");
        Assert.That(_time.GetUtcNow() - over, Is.LessThanOrEqualTo(Interval + Step), "within one interval, give or take a clock step");
        await Eventually.HoldsAsync(() => watch.State == RestoreWatchState.Idle, "the watch is over");
    }

    [Test]
    public async Task Begin_GatewayNeverReturns_GivesUpAfterMaxDuration_AndAsksNoMore()
    {
        await using var watch = Create(Options() with { MaxDuration = TimeSpan.FromSeconds(2) });
        watch.Begin(_session.SuccessfulMaps);

        await RunUntilAsync(() => watch.State == RestoreWatchState.GaveUp, "the watch gave up");
        Assert.That(_time.GetUtcNow() - Start, Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + (2 * Interval)));
        var asked = _presence.Asked;
        Assert.That(asked, Is.InRange(15, 20));

        await RunForAsync(TimeSpan.FromSeconds(2));
        Assert.That(_presence.Asked, Is.EqualTo(asked), "a dead router is not asked for ever");
        watch.Begin(_session.SuccessfulMaps);
        await RunForAsync(TimeSpan.FromSeconds(1));
        Assert.That(_presence.Asked, Is.EqualTo(asked), "another failure in the same outage does not renew the budget");
    }

    [Test]
    public async Task Begin_RemapRefusedEveryTime_GivesUpAfterMaxAttempts()
    {
        _presence.Answers = true;
        _actions.FailNext(int.MaxValue);
        await using var watch = Create(Options() with { MaxAttempts = 5 });
        watch.Begin(_session.SuccessfulMaps);

        await RunUntilAsync(() => watch.State == RestoreWatchState.GaveUp, "the watch gave up");
        await RunForAsync(TimeSpan.FromSeconds(1));

        Assert.That(_actions.Remaps, Is.EqualTo(5));
        Assert.That(watch.Attempts, Is.EqualTo(5));
    }

    [Test]
    public async Task GaveUp_ASuccessfulMapping_RenewsTheBudget()
    {
        await using var watch = Create(Options() with { MaxDuration = TimeSpan.FromMilliseconds(300) });
        watch.Begin(_session.SuccessfulMaps);
        await RunUntilAsync(() => watch.State == RestoreWatchState.GaveUp, "the watch gave up");

        Assert.That(await _session.MapAsync(CancellationToken.None), Is.True, "an instruction's remap succeeded");
        Assert.That(watch.State, Is.EqualTo(RestoreWatchState.Idle));

        var asked = _presence.Asked;
        watch.Begin(_session.SuccessfulMaps);
        await RunForAsync(TimeSpan.FromMilliseconds(200));
        Assert.That(_presence.Asked, Is.GreaterThan(asked), "the next outage is watched again");
    }

    [Test]
    public async Task Nudge_WhileWatching_AsksAtOnce()
    {
        await using var watch = Create(Options() with { Interval = TimeSpan.FromSeconds(10) });
        watch.Begin(_session.SuccessfulMaps);
        _presence.Answers = true;

        watch.Nudge();

        await Eventually.HoldsAsync(() => _reports.Count == 1, "remapped without the clock moving");
        Assert.That(_time.GetUtcNow(), Is.EqualTo(Start));
    }

    [Test]
    public async Task Nudge_WhileIdle_DoesNothing()
    {
        await using var watch = Create(Options());
        _presence.Answers = true;

        watch.Nudge();
        await RunForAsync(TimeSpan.FromMilliseconds(300));

        Assert.That((_presence.Asked, _actions.Remaps), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task MappingRestoredByAnInstruction_EndsTheWatch()
    {
        await using var watch = Create(Options());
        watch.Begin(_session.SuccessfulMaps);
        await RunForAsync(TimeSpan.FromMilliseconds(250));

        await _session.RemapAsync(CancellationToken.None);

        await Eventually.HoldsAsync(() => watch.State == RestoreWatchState.Idle, "the watch ended");
        var asked = _presence.Asked;
        await RunForAsync(TimeSpan.FromSeconds(1));
        Assert.That(_presence.Asked, Is.EqualTo(asked));
        Assert.That(_actions.Remaps, Is.EqualTo(1), "only the instruction's remap");
    }

    [Test]
    public async Task Begin_AMappingSucceededSinceTheFailure_DoesNotWatch()
    {
        await using var watch = Create(Options());
        var before = _session.SuccessfulMaps;
        await _session.MapAsync(CancellationToken.None);

        watch.Begin(before);
        await RunForAsync(TimeSpan.FromMilliseconds(300));

        Assert.That(watch.State, Is.EqualTo(RestoreWatchState.Idle));
        Assert.That(_presence.Asked, Is.Zero);
    }

    [Test]
    public async Task Begin_WithoutAPresenceSource_EveryTickIsARemap()
    {
        _actions.FailNext(2);
        await using var watch = new RestoreWatch(_session, presence: null, Options(), seed: 1, _time);
        watch.Begin(_session.SuccessfulMaps);

        await RunUntilAsync(() => _reports.Count == 1, "the third remap succeeded");

        Assert.That(_actions.Remaps, Is.EqualTo(3));
        Assert.That(_time.GetUtcNow() - Start, Is.LessThanOrEqualTo(3 * (Interval + Step)), "one tick per interval, give or take a clock step");
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var invalid = new RestoreWatchOptions { Interval = TimeSpan.Zero, AnswerTimeout = TimeSpan.Zero, Jitter = 1, MaxDuration = TimeSpan.FromSeconds(-1), MaxAttempts = 0 };

        var thrown = Assert.Throws<ArgumentException>(() => _ = new RestoreWatch(_session, _presence, invalid, 1, _time));

        Assert.That(thrown!.Message, Does.Contain("Interval").And.Contain("AnswerTimeout").And.Contain("Jitter").And.Contain("MaxDuration").And.Contain("MaxAttempts"));
    }

    [Test]
    public void Options_HaveTheDocumentedDefaults()
    {
        var options = new RestoreWatchOptions();

        Assert.That(options.Enabled, Is.True);
        Assert.That(options.Interval, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(options.AnswerTimeout, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(options.Jitter, Is.EqualTo(0.2));
        Assert.That(options.MaxDuration, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(options.MaxAttempts, Is.EqualTo(300));
        Assert.That(options.Seed, Is.Null);
        Assert.That(options.Validate(), Is.Empty);
    }

    private DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RestoreWatchOptions Options() => new() { Jitter = 0 };

    private RestoreWatch Create(RestoreWatchOptions options) => new(_session, _presence, options, seed: 1, _time);

    // Moves the fake clock in small steps, letting the watch's loop run between them (its timers are one-shot, so a
    // step that came before the loop set its next timer only delays that tick by one step).
    private async Task RunForAsync(TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += Step)
        {
            await StepAsync(_time);
        }
    }

    private async Task RunUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 2000; i++)
        {
            if (condition())
            {
                return;
            }

            await StepAsync(_time);
        }

        Assert.Fail($"never happened: {what}");
    }

    private static async Task StepAsync(FakeTimeProvider time)
    {
        time.Advance(Step);

        // Lets the loop's continuation run on the pool before the next step (no scenario time passes).
        await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
    }
}

/// <summary>A gateway that answers or not, as the test says; records when it was asked.</summary>
internal sealed class FakeGatewayPresence(TimeProvider time) : IGatewayPresence
{
    private readonly ConcurrentQueue<DateTimeOffset> _asked = new();

    public bool Answers { get; set; }

    /// <summary>How long the gateway takes to answer; zero answers at once.</summary>
    public TimeSpan Delay { get; init; }

    public int Asked => _asked.Count;

    public IReadOnlyList<DateTimeOffset> AskedAt => [.. _asked];

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        _asked.Enqueue(time.GetUtcNow());
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, time, cancellationToken);
        }

        return Answers;
    }
}
