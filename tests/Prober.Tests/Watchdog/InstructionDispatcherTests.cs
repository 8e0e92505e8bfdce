using System.Collections.Concurrent;
using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Watchdog;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class InstructionDispatcherTests : IDisposable
{
    private static readonly ProberOptions Options = new()
    {
        InstructionTimeout = TimeSpan.FromSeconds(3),
        RemapBackoffMin = TimeSpan.FromSeconds(2),
        RemapBackoffMax = TimeSpan.FromSeconds(5),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<WatchdogEvent> _events = new();
    private readonly DeviceRegistry _registry = new(Options, NullLogger.Instance);
    private readonly ProberMetrics _metrics = new(() => [], () => 0);
    private readonly RecordingChannel _channel = new();
    private readonly InstructionDispatcher _dispatcher;
    private readonly DeviceEntry _entry;

    public InstructionDispatcherTests()
    {
        _dispatcher = new InstructionDispatcher(Options, _registry, _metrics, new WatchdogEventPublisher(_events.Enqueue, NullLogger.Instance), _time, NullLogger.Instance, IInstructionLedger.None);
        _registry.Register("a", Encoding.UTF8.GetBytes("key-a"));
        _entry = _registry.Get("a");
        _entry.Channel = _channel;
        _entry.Target = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 20000);
        _entry.Episode = new OpenEpisode(_time.GetUtcNow(), ProbeOutcome.Refused) { DetectedAt = _time.GetUtcNow() };
    }

    public void Dispose()
    {
        _registry.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public void Prepare_FirstOfABreakage_NamesTheProbedEndpointAndCountsIt()
    {
        var prepared = Prepare();

        Assert.That(prepared, Is.Not.Null);
        Assert.That(prepared!.Value.Channel, Is.SameAs(_channel));
        Assert.That(prepared.Value.Instruction.Endpoint, Is.EqualTo("127.0.0.2:20000"));
        Assert.That(prepared.Value.Instruction.Reason, Is.EqualTo("refused: test"));
        Assert.That(_entry.OutstandingInstruction, Is.EqualTo(prepared.Value.Instruction.InstructionId));
        Assert.That(_entry.Episode!.Instructions, Is.EqualTo(1));
        Assert.That(_entry.Episode.FirstInstructionAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public void Prepare_WhileOneIsOutstanding_Null()
    {
        Prepare();

        Assert.That(Prepare(), Is.Null, "one remap per breakage");
    }

    [Test]
    public void Prepare_Offline_Null()
    {
        _entry.Channel = null;

        Assert.That(Prepare(), Is.Null);
    }

    [Test]
    public void Prepare_DuringTheBackoff_NullUntilItPasses()
    {
        lock (_entry.Gate)
        {
            _events.Enqueue(_dispatcher.RecordRemapFailure(_entry, _time.GetUtcNow(), null, "did not help"));
        }

        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(Prepare(), Is.Null);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(Prepare(), Is.Not.Null);
    }

    [Test]
    public void Prepare_Unanswered_TimesOutAsAFailedRemapWithBackoff()
    {
        var id = Prepare()!.Value.Instruction.InstructionId;

        _time.Advance(TimeSpan.FromSeconds(3));

        var failure = _events.OfType<RemapFailureRecorded>().Single();
        Assert.That(failure.InstructionId, Is.EqualTo(id));
        Assert.That(failure.NextInstructionNotBefore, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromSeconds(2)));
        Assert.That(_entry.OutstandingInstruction, Is.Null);
        Assert.That(_entry.Episode!.RemapFailures, Is.EqualTo(1));
    }

    [Test]
    public void OnReport_AnsweringTheOutstanding_EndsItAndAwaitsVerification()
    {
        var id = Prepare()!.Value.Instruction.InstructionId;

        lock (_entry.Gate)
        {
            _dispatcher.OnReport(_entry, id, _time.GetUtcNow());
        }

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(_entry.OutstandingInstruction, Is.Null);
        Assert.That(_entry.Episode!.AwaitingVerification, Is.True);
        Assert.That(_events.OfType<RemapFailureRecorded>(), Is.Empty, "an answered instruction does not time out");
    }

    [Test]
    public void OnReport_NamingAnotherInstruction_KeepsTheOutstanding()
    {
        var id = Prepare()!.Value.Instruction.InstructionId;

        lock (_entry.Gate)
        {
            _dispatcher.OnReport(_entry, "older-1", _time.GetUtcNow());
        }

        Assert.That(_entry.OutstandingInstruction, Is.EqualTo(id));
    }

    [Test]
    public async Task SendAsync_ChannelBroke_UndoesSoANewChannelCanBeInstructed()
    {
        _channel.Works = false;
        var (channel, instruction) = Prepare()!.Value;

        await _dispatcher.SendAsync(_entry, channel, instruction, _time.GetUtcNow());

        Assert.That(_entry.OutstandingInstruction, Is.Null);
        Assert.That(_entry.Instructions, Is.Zero);
        Assert.That(_entry.Episode!.Instructions, Is.Zero);
        Assert.That(_events.OfType<InstructionSent>(), Is.Empty);
    }

    [Test]
    public void OnRemapFailed_FromAReplacedChannel_Ignored()
    {
        var id = Prepare()!.Value.Instruction.InstructionId;

        _dispatcher.OnRemapFailed(_entry, new RecordingChannel(), new RemapFailed(id, "UPnP 501"));

        Assert.That(_entry.OutstandingInstruction, Is.EqualTo(id));
        Assert.That(_events.OfType<RemapFailureRecorded>(), Is.Empty);
    }

    private (IDeviceChannel Channel, RemapInstruction Instruction)? Prepare()
    {
        lock (_entry.Gate)
        {
            return _dispatcher.Prepare(_entry, _time.GetUtcNow(), "refused: test");
        }
    }
}
