using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Devices;

public sealed class MappingSessionTests
{
    [Test]
    public async Task Remap_AskedWhileAnotherRemapRuns_IsAnsweredByThatRemap()
    {
        // A gateway event and the server's instruction ask for a remap at the same moment: one delete-and-add answers
        // both; a second would cut the fresh mapping off again.
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actions = new FakeMappingActions { RemapHold = hold.Task };
        var session = new MappingSession(actions);
        var changes = new List<MappingResult>();
        session.MappingChanged += changes.Add;

        var first = session.RemapAsync(CancellationToken.None);
        var second = session.RemapAsync(CancellationToken.None);
        hold.SetResult();

        Assert.That(await first, Is.SameAs(changes[0]));
        Assert.That(await second, Is.SameAs(changes[0]), "answered by the remap that ran");
        Assert.That(actions.Remaps, Is.EqualTo(1));
        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That(session.Current, Is.SameAs(changes[0]));
    }

    [Test]
    public async Task Remap_AskedAfterTheLastRemapEnded_RemapsAgain()
    {
        var actions = new FakeMappingActions();
        var session = new MappingSession(actions);

        var first = await session.RemapAsync(CancellationToken.None);
        var second = await session.RemapAsync(CancellationToken.None);

        Assert.That(second, Is.Not.SameAs(first));

        Assert.That(actions.Remaps, Is.EqualTo(2));
        Assert.That(session.SuccessfulMaps, Is.EqualTo(2));
    }

    [Test]
    public async Task Remap_AskedWhileAFailingRemapRuns_TriesItself()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actions = new FakeMappingActions { RemapHold = hold.Task };
        var session = new MappingSession(actions);
        actions.FailNext(1);

        var first = session.RemapAsync(CancellationToken.None);
        var second = session.RemapAsync(CancellationToken.None);
        hold.SetResult();

        Assert.ThrowsAsync<InvalidOperationException>(async () => await first);
        Assert.That(await second, Is.SameAs(session.Current));
        Assert.That(actions.Remaps, Is.EqualTo(2));
    }

    [Test]
    public async Task RemapAsync_Succeeds_ReturnsTheMappingReported()
    {
        var session = new MappingSession(new FakeMappingActions());
        var changes = new List<MappingResult>();
        session.MappingChanged += changes.Add;

        var result = await session.RemapAsync(CancellationToken.None);

        Assert.That(changes, Is.EqualTo(new[] { result }));
        Assert.That(session.Current, Is.SameAs(result));
    }

    [Test]
    public async Task RemapAsync_ThrowingMappingChangedObserver_StillReturnsTheResultAndTellsTheOtherObservers()
    {
        var session = new MappingSession(new FakeMappingActions());
        var failures = new List<Exception>();
        var changes = new List<MappingResult>();
        session.MappingChanged += _ => throw new InvalidOperationException("observer bug");
        session.MappingChanged += changes.Add;
        session.MappingFailed += failures.Add;

        var result = await session.RemapAsync(CancellationToken.None);

        Assert.That(changes, Is.EqualTo(new[] { result }));
        Assert.That(failures, Is.Empty, "an observer's bug is not the mapping's failure");
        Assert.That(session.Failures, Is.Zero);
    }

    [Test]
    public async Task MapAsync_ThrowingMappingChangedObserver_StillSucceeds()
    {
        var session = new MappingSession(new FakeMappingActions());
        session.MappingChanged += _ => throw new InvalidOperationException("observer bug");

        Assert.That(await session.MapAsync(CancellationToken.None), Is.True);
        Assert.That(session.Current, Is.Not.Null);
    }

    [Test]
    public async Task RemapAsync_Fails_ThrowsAndReportsTheSameFailure()
    {
        var actions = new FakeMappingActions();
        actions.FailNext(1);
        var session = new MappingSession(actions);
        var failures = new List<Exception>();
        session.MappingFailed += failures.Add;

        var thrown = Assert.ThrowsAsync<InvalidOperationException>(async () => await session.RemapAsync(CancellationToken.None));

        Assert.That(failures, Is.EqualTo(new[] { thrown }));
        Assert.That(await session.TryRemapAsync(CancellationToken.None), Is.True, "the strategies' form retries and reports success");
    }
}
