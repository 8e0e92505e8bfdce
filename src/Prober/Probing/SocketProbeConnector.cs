using System.Net;
using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>The real probe: a TCP connection (or a UDP datagram) to the external endpoint that completes the identity handshake.</summary>
internal sealed class SocketProbeConnector(TimeProvider time, IPAddress? localAddress) : IProbeConnector
{
    /// <remarks>
    /// No timeout of its own: the caller's token carries the watchdog's deadline (<see cref="DeadlineProbeConnector"/>),
    /// so a socket probe ends on the same timer and the same path as any other connector's.
    /// </remarks>
    public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        IdentityProbe.ProbeAsync(target.Protocol, target.EndPoint, target.DeviceId, target.Key, Timeout.InfiniteTimeSpan, time, localAddress, network: null, cancellationToken);
}
