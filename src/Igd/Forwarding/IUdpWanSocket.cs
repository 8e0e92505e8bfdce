using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// Where a UDP WAN port takes datagrams: a kernel socket (<see cref="KernelUdpSocket"/>) or an offer on the in-process
/// WAN (<see cref="InProcessUdpSocket"/>). Every received datagram is counted; creating one binds the port, disposing
/// it stops receiving at once.
/// </summary>
internal interface IUdpWanSocket : IDisposable
{
    /// <summary>
    /// Hands every datagram, with the way back to its sender, to <paramref name="serve"/> until <paramref name="stop"/>
    /// is cancelled.
    /// </summary>
    Task RunAsync(DatagramService serve, CancellationToken stop);
}
