using System.Net;

namespace IgdLab.Prober.Probing;

/// <summary>What one probe needs: where to go, over which protocol, and whom it must find there.</summary>
/// <param name="DeviceId">The device expected to answer.</param>
/// <param name="Key">The device's key, to check its proof.</param>
/// <param name="EndPoint">The published external endpoint (through the gateway).</param>
/// <param name="Protocol">Whether the identity handshake runs over TCP or UDP.</param>
public sealed record ProbeTarget(string DeviceId, byte[] Key, IPEndPoint EndPoint, MappingProtocol Protocol);
