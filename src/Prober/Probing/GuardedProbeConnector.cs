using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>
/// Asks the <see cref="IProbeTargetPolicy"/> before every probe: an endpoint it refuses is never handed to the inner
/// connector, and the probe fails at once with the policy's reason.
/// </summary>
/// <remarks>
/// A refused probe is a <see cref="ProbeOutcome.Timeout"/>: that is what a host on the Internet sees when it sends to an
/// address that does not route to it (a carrier's shared space, a private network), so the watchdog judges it as it
/// would judge the real thing — confirmed, then a failure verdict — only without the wait and without a packet.
/// </remarks>
internal sealed class GuardedProbeConnector(IProbeConnector inner, IProbeTargetPolicy policy) : IProbeConnector
{
    /// <inheritdoc />
    public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        policy.Refusal(target.EndPoint) is { } reason
            ? Task.FromResult(new ProbeResult(ProbeOutcome.Timeout, null, TimeSpan.Zero, reason))
            : inner.ProbeAsync(target, cancellationToken);
}
