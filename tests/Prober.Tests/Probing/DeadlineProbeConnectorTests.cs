using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Probing;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeadlineProbeConnectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);
    private static readonly ProbeTarget Target = new("nas", Encoding.UTF8.GetBytes("secret"), new IPEndPoint(IPAddress.Loopback, 20000), MappingProtocol.Tcp);

    private readonly FakeTimeProvider _time = new();

    [Test]
    public void ProbeAsync_InnerNeverCompletes_TimeoutExactlyAtTheDeadline()
    {
        var inner = new NeverAnsweringConnector();
        var probing = new DeadlineProbeConnector(inner, Timeout, _time).ProbeAsync(Target, CancellationToken.None);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.That(probing.IsCompleted, Is.False);
        Assert.That(inner.Tokens.Single().IsCancellationRequested, Is.False);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(probing.IsCompletedSuccessfully, Is.True, "judged inside the clock's tick, not later on another thread");
        Assert.That(probing.Result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
        Assert.That(probing.Result.Elapsed, Is.EqualTo(Timeout));
        Assert.That(probing.Result.Detail, Is.EqualTo("no answer within 300 ms"));
        Assert.That(inner.Tokens.Single().IsCancellationRequested, Is.True, "the connector is told its deadline passed");
    }

    [Test]
    public void ProbeAsync_InnerAnswersInTime_ItsAnswer()
    {
        var inner = new ScriptedProbeConnector(_time);
        inner.Answer("nas", ProbeOutcome.Refused);

        var result = new DeadlineProbeConnector(inner, Timeout, _time).ProbeAsync(Target, CancellationToken.None);

        Assert.That(result.IsCompletedSuccessfully, Is.True);
        Assert.That(result.Result.Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public void ProbeAsync_InnerThrows_HandshakeFailureNamingTheError()
    {
        var result = new DeadlineProbeConnector(new ThrowingConnector(new InvalidOperationException("boom")), Timeout, _time)
            .ProbeAsync(Target, CancellationToken.None);

        Assert.That(result.Result.Outcome, Is.EqualTo(ProbeOutcome.HandshakeFailure));
        Assert.That(result.Result.Detail, Is.EqualTo("probe error: boom"));
    }

    [Test]
    public void ProbeAsync_StoppedBeforeTheDeadline_CancelledNotTimedOut()
    {
        using var stop = new CancellationTokenSource();
        var probing = new DeadlineProbeConnector(new NeverAnsweringConnector(), Timeout, _time).ProbeAsync(Target, stop.Token);

        stop.Cancel();

        Assert.That(probing.IsCanceled, Is.True, "shutdown is not a verdict");
    }
}
