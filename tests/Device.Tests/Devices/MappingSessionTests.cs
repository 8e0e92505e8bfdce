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

        Assert.That(await first, Is.True);
        Assert.That(await second, Is.True);
        Assert.That(actions.Remaps, Is.EqualTo(1));
        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That(session.Current, Is.SameAs(changes[0]));
    }

    [Test]
    public async Task Remap_AskedAfterTheLastRemapEnded_RemapsAgain()
    {
        var actions = new FakeMappingActions();
        var session = new MappingSession(actions);

        Assert.That(await session.RemapAsync(CancellationToken.None), Is.True);
        Assert.That(await session.RemapAsync(CancellationToken.None), Is.True);

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

        Assert.That(await first, Is.False);
        Assert.That(await second, Is.True);
        Assert.That(actions.Remaps, Is.EqualTo(2));
    }
}
