using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Probing;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class GuardedProbeConnectorTests
{
    private static readonly IPAddress Shared = IPAddress.Parse("100.64.1.2");

    private readonly FakeTimeProvider _time = new();

    [Test]
    public void ProbeAsync_RefusedTarget_FailsWithTheReasonAndNeverReachesTheInnerConnector()
    {
        var inner = new ScriptedProbeConnector(_time);
        inner.Answer("nas", ProbeOutcome.Ok);
        var guarded = new GuardedProbeConnector(inner, new ListedTargetPolicy(Shared));

        var result = guarded.ProbeAsync(Target(Shared), CancellationToken.None);

        Assert.That(result.IsCompletedSuccessfully, Is.True, "refused at once, no wait");
        Assert.That(result.Result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
        Assert.That(result.Result.Detail, Is.EqualTo("100.64.1.2 is outside the test network; not probed"));
        Assert.That(result.Result.Elapsed, Is.EqualTo(TimeSpan.Zero));
        Assert.That(inner.Calls, Is.Empty, "nothing was sent");
    }

    [Test]
    public void ProbeAsync_AllowedTarget_TheInnerConnectorsAnswer()
    {
        var inner = new ScriptedProbeConnector(_time);
        inner.Answer("nas", ProbeOutcome.Ok);
        var policy = new ListedTargetPolicy(Shared);

        var result = new GuardedProbeConnector(inner, policy).ProbeAsync(Target(IPAddress.Loopback), CancellationToken.None);

        Assert.That(result.Result.Outcome, Is.EqualTo(ProbeOutcome.Ok));
        Assert.That(inner.CallsOf("nas"), Has.Count.EqualTo(1));
        Assert.That(policy.Asked, Is.EqualTo(new[] { new IPEndPoint(IPAddress.Loopback, 20000) }));
    }

    private static ProbeTarget Target(IPAddress address) =>
        new("nas", Encoding.UTF8.GetBytes("secret"), new IPEndPoint(address, 20000), MappingProtocol.Tcp);
}
