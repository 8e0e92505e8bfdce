using System.Net;
using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>The real probe: a TCP connection (or a UDP datagram) to the external endpoint that completes the identity handshake.</summary>
internal sealed class SocketProbeConnector(TimeProvider time, IPAddress? localAddress) : IProbeConnector
{
    public Task<ProbeResult> ProbeAsync(ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken) =>
        target.Protocol == "UDP"
            ? IdentityProbe.ProbeUdpAsync(target.EndPoint, target.DeviceId, target.Key, timeout, time, localAddress, cancellationToken)
            : IdentityProbe.ProbeTcpAsync(target.EndPoint, target.DeviceId, target.Key, timeout, time, localAddress, cancellationToken);
}
