using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Prober.Probing;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The watchdog's probe on a world's simulated network: the same identity handshake as on a socket, from the
/// watchdog's own address to the gateway's WAN port, through in-memory connections and datagrams.
/// </summary>
internal sealed class SimulatedProbeConnector(IInProcessNetwork network, TimeProvider time, IPAddress from) : IProbeConnector
{
    /// <remarks>No timeout of its own: the watchdog's deadline cancels the token, as for the socket probe.</remarks>
    public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        IdentityProbe.ProbeAsync(target.Protocol, target.EndPoint, target.DeviceId, target.Key, Timeout.InfiniteTimeSpan, time, from, network, cancellationToken);
}
