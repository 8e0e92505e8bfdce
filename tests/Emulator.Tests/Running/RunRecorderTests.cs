using IgdLab.Contracts.Control;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Tests.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;
using Microsoft.Extensions.DependencyInjection;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>The recorder takes what the figures need from the typed events; the world is built but never started.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RunRecorderTests
{
    private const string Text = """
        name: recorder
        duration: 10s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
        """;

    private static readonly TimeSpan At = TimeSpan.FromSeconds(60);

    [TestCase(RemovalReason.Expired)]
    [TestCase(RemovalReason.IdleCleanup)]
    public async Task Record_RemovalByTheGateway_IsABreakageOfTheDevice(RemovalReason reason)
    {
        await using var world = World();
        var broken = new List<string>();
        world.Recorder.Breakage += broken.Add;

        world.Recorder.Record(new MappingRemoved(At, "gw1", "nas", TimelineSamples.Mapping(), reason));

        Assert.That(world.Recorder.Observations().Breakages, Is.EqualTo(new[] { new DeviceAct(At, "nas") }));
        Assert.That(broken, Is.EqualTo(new[] { "nas" }));
        Assert.That(world.Timeline.Snapshot().Single(), Is.TypeOf<MappingRemoved>());
    }

    [TestCase(RemovalReason.Dropped)]
    [TestCase(RemovalReason.Deleted)]
    [TestCase(RemovalReason.Reboot)]
    public async Task Record_RemovalByAFaultOrTheDevice_IsNoBreakage(RemovalReason reason)
    {
        await using var world = World();

        world.Recorder.Record(new MappingRemoved(At, "gw1", "nas", TimelineSamples.Mapping(), reason));

        Assert.That(world.Recorder.Observations().Breakages, Is.Empty);
        Assert.That(world.Timeline.Snapshot(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Record_FaultInjected_IsObservedAndNotable()
    {
        await using var world = World();
        var notable = new List<TimelineEvent>();
        world.Recorder.Notable += notable.Add;
        var fault = new FaultInjected(At, "gw1", TimelineSamples.Planned(TimelineSamples.Fault(new IgdLab.Igd.Faults.DropMapping()), "nas"), ["nas"]);

        world.Recorder.Record(fault);

        Assert.That(world.Recorder.Observations().Faults.Single(), Is.EqualTo(new FaultObservation(At, new IgdLab.Igd.Faults.DropMapping(), "gw1", ["nas"])).Using<FaultObservation>(Same));
        Assert.That(notable, Is.EqualTo(new[] { fault }));
    }

    [Test]
    public async Task RecordCheck_ReachabilityChanges_RecordsOnlyTheTransitions()
    {
        await using var world = World();

        world.Recorder.RecordCheck(new CheckObservation(TimeSpan.FromSeconds(1), "nas", true));
        world.Recorder.RecordCheck(new CheckObservation(TimeSpan.FromSeconds(2), "nas", false));
        world.Recorder.RecordCheck(new CheckObservation(TimeSpan.FromSeconds(3), "nas", false));
        world.Recorder.RecordCheck(new CheckObservation(TimeSpan.FromSeconds(4), "nas", true));

        Assert.That(
            world.Timeline.Snapshot(),
            Is.EqualTo(new TimelineEvent[] { new DeviceUnreachable(TimeSpan.FromSeconds(2), "nas", null, null), new DeviceReachable(TimeSpan.FromSeconds(4), "nas", null, null) }));
        Assert.That(world.Recorder.Observations().Checks, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Record_AnInstructionSentAgain_IsOneInstruction_AtItsFirstSending_AndTheTimelineKeepsBoth()
    {
        await using var world = World();
        var first = new RemapInstruction("i-1", "Refused", "127.0.3.2:20000");

        world.Recorder.Record(new RemapInstructed(TimeSpan.FromSeconds(1), "nas", first));
        world.Recorder.Record(new RemapInstructed(TimeSpan.FromSeconds(2), "nas", first, Again: true));
        world.Recorder.Record(new RemapInstructed(TimeSpan.FromSeconds(5), "nas", first with { InstructionId = "i-2" }));

        Assert.That(
            world.Recorder.Observations().Instructions,
            Is.EqualTo(new[] { new DeviceAct(TimeSpan.FromSeconds(1), "nas"), new DeviceAct(TimeSpan.FromSeconds(5), "nas") }));
        Assert.That(world.Timeline.Snapshot(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Record_AnInstructionFirstSeenAsSentAgain_CountsOnce_WhenItsFirstSenderDiedBeforeSendingIt()
    {
        await using var world = World();
        var instruction = new RemapInstruction("i-1", "Refused", "127.0.3.2:20000");

        world.Recorder.Record(new RemapInstructed(TimeSpan.FromSeconds(2), "nas", instruction, Again: true));

        Assert.That(world.Recorder.Observations().Instructions, Is.EqualTo(new[] { new DeviceAct(TimeSpan.FromSeconds(2), "nas") }));
    }

    private static bool Same(FaultObservation a, FaultObservation b) =>
        a.At == b.At && a.Fault == b.Fault && a.Gateway == b.Gateway && a.Affected.SequenceEqual(b.Affected);

    private static RecorderWorld World()
    {
        var settings = new RunSettings { File = "recorder.yaml", Scenario = ScenarioLoader.Parse(Text, "recorder.yaml").Scenario!, Seed = 1 };
        var services = WorldServices.Build(settings);
        var (gateways, watchdog, devices) = WorldServices.Resolve(services);
        var timeline = services.GetRequiredService<RunTimeline>();
        return new RecorderWorld(services, timeline, new RunRecorder(timeline, gateways, watchdog, devices));
    }

    private sealed record RecorderWorld(ServiceProvider Services, RunTimeline Timeline, RunRecorder Recorder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }
}
