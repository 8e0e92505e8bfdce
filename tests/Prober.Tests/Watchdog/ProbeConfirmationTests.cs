using IgdLab.Contracts;
using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Watchdog;

public sealed class ProbeConfirmationTests
{
    [TestCase(ProbeOutcome.Timeout, 0, 1)]
    [TestCase(ProbeOutcome.Timeout, 1, 2)]
    [TestCase(ProbeOutcome.Timeout, 3, 4)]
    [TestCase(ProbeOutcome.Refused, 3, 1)]
    [TestCase(ProbeOutcome.WrongDevice, 3, 1)]
    [TestCase(ProbeOutcome.HandshakeFailure, 3, 1)]
    [TestCase(ProbeOutcome.Ok, 3, 1)]
    public async Task Execute_Outcome_RetriedOnlyWhileItTimesOut(ProbeOutcome outcome, int confirmations, int expectedAttempts)
    {
        var pipeline = ProbeConfirmation.Create(confirmations, TimeSpan.Zero, new FakeTimeProvider());
        var attempts = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return ValueTask.FromResult(new ProbeResult(outcome, null, TimeSpan.Zero, "scripted"));
        });

        Assert.That(attempts, Is.EqualTo(expectedAttempts));
        Assert.That(result.Outcome, Is.EqualTo(outcome));
    }

    [Test]
    public async Task Execute_WithDelay_WaitsOnTheGivenClock()
    {
        var time = new FakeTimeProvider();
        var pipeline = ProbeConfirmation.Create(1, TimeSpan.FromMilliseconds(200), time);
        var attempts = 0;

        var running = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return ValueTask.FromResult(new ProbeResult(ProbeOutcome.Timeout, null, TimeSpan.Zero, "scripted"));
        }).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.That(attempts, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await running;

        Assert.That(attempts, Is.EqualTo(2));
    }
}
