using IgdLab.Device.Probe;

namespace IgdLab.Device.Tests.Probe;

public sealed class ReconnectBackoffTests
{
    private static readonly ProbeUnitOptions Options = new()
    {
        Server = new Uri("http://127.0.0.1/"),
        DeviceId = "nas-1",
        Key = new byte[] { 1 },
        MinReconnectDelay = TimeSpan.FromSeconds(1),
        MaxReconnectDelay = TimeSpan.FromSeconds(10),
        AuthenticationFailureDelay = TimeSpan.FromMinutes(5),
        ReconnectJitter = 0.5,
        Seed = 3,
    };

    [Test]
    public void NextDelay_RepeatedFailures_DoubleUpToTheMaximumWithinTheJitter()
    {
        var backoff = new ReconnectBackoff(Options);
        double[] steps = [1, 2, 4, 8, 10, 10, 10];

        foreach (var step in steps)
        {
            var delay = backoff.NextDelay().TotalSeconds;
            Assert.That(delay, Is.InRange(step / 2, step));
        }

        Assert.That(backoff.Failures, Is.EqualTo(steps.Length));
    }

    [Test]
    public void NextDelay_AfterReset_StartsAgainAtTheMinimum()
    {
        var backoff = new ReconnectBackoff(Options);
        for (var i = 0; i < 5; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.That(backoff.NextDelay(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void AuthenticationFailureDelay_IsTheLongDelayWithinTheJitter()
    {
        var delay = new ReconnectBackoff(Options).AuthenticationFailureDelay();
        Assert.That(delay, Is.InRange(TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(5)));
    }

    [Test]
    public void NextDelay_SameSeed_SameDelays_OtherSeed_OtherDelays()
    {
        var a = new ReconnectBackoff(Options);
        var b = new ReconnectBackoff(Options);
        var c = new ReconnectBackoff(Options with { Seed = 4 });
        var first = Enumerable.Range(0, 5).Select(_ => a.NextDelay()).ToList();

        Assert.That(Enumerable.Range(0, 5).Select(_ => b.NextDelay()), Is.EqualTo(first));
        Assert.That(Enumerable.Range(0, 5).Select(_ => c.NextDelay()), Is.Not.EqualTo(first));
    }

    [Test]
    public void NextDelay_NoJitter_IsExactlyTheStep()
    {
        var backoff = new ReconnectBackoff(Options with { ReconnectJitter = 0 });
        Assert.That(backoff.NextDelay(), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(backoff.NextDelay(), Is.EqualTo(TimeSpan.FromSeconds(2)));
    }
}
