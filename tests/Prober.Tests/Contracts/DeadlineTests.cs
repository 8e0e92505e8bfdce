using IgdLab.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Contracts;

public sealed class DeadlineTests
{
    [Test]
    public void AtTheTimeout_TheTokenIsCancelled_AndTheDeadlineExpired()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var deadline = new Deadline(TimeSpan.FromSeconds(1), time, caller.Token);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(deadline.Token.IsCancellationRequested, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(deadline.Token.IsCancellationRequested, Is.True);
        Assert.That(deadline.Expired, Is.True);
    }

    [TestCase(0)]
    [TestCase(1)]
    public void ACallerCancelling_CancelsTheToken_WithoutExpiring(int which)
    {
        var time = new FakeTimeProvider();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        using var deadline = new Deadline(TimeSpan.FromSeconds(1), time, first.Token, second.Token);

        (which == 0 ? first : second).Cancel();

        Assert.That(deadline.Token.IsCancellationRequested, Is.True);
        Assert.That(deadline.Expired, Is.False);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(deadline.Expired, Is.False, "the caller gave up first, so the answer was not wanted any more");
    }

    [Test]
    public void ACallerCancelledBefore_EndsItAtOnce()
    {
        using var deadline = new Deadline(TimeSpan.FromSeconds(1), new FakeTimeProvider(), new CancellationToken(canceled: true));

        Assert.That(deadline.Token.IsCancellationRequested, Is.True);
        Assert.That(deadline.Expired, Is.False);
    }

    [Test]
    public void AnInfiniteTimeout_EndsOnlyWithACaller()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var deadline = new Deadline(Timeout.InfiniteTimeSpan, time, caller.Token);

        time.Advance(TimeSpan.FromDays(1));
        Assert.That(deadline.Token.IsCancellationRequested, Is.False);
        caller.Cancel();

        Assert.That(deadline.Token.IsCancellationRequested, Is.True);
    }

    [Test]
    public void Disposed_ItLetsGoOfTheCallersToken()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        var deadline = new Deadline(TimeSpan.FromSeconds(1), time, caller.Token);

        deadline.Dispose();

        Assert.DoesNotThrow(caller.Cancel, "a registration left behind would cancel the disposed source");
        Assert.DoesNotThrow(() => time.Advance(TimeSpan.FromSeconds(2)));
    }
}
