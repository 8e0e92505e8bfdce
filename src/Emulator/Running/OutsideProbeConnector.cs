using System.Net;
using IgdLab.Contracts;
using IgdLab.Prober.Probing;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The watchdog's probe from the outside host of a real router's WAN namespace. The watchdog schedules probes from
/// flows that do not carry a network scope (its API's request handlers among them), so each probe enters it here.
/// </summary>
internal sealed class OutsideProbeConnector(IWorldGateway router, TimeProvider time, IPAddress from) : IProbeConnector
{
    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        using var outside = router.EnterOutside();
        return await IdentityProbe.ProbeAsync(target.Protocol, target.EndPoint, target.DeviceId, target.Key, Timeout.InfiniteTimeSpan, time, from, network: null, cancellationToken);
    }
}
