using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// The network between actors that live in one process (an emulator world's routers, devices and watchdog), in
/// memory: a service is offered at an IP endpoint instead of on a kernel listener, and a connection to that endpoint
/// from the same process is a pair of in-memory streams instead of a loopback TCP connection. Addresses stay the
/// actors' own loopback addresses, so what everyone sees of who talks to whom does not change. Endpoints that nothing
/// offers here are reached over the kernel as usual.
/// </summary>
public interface IInProcessNetwork
{
    /// <summary>
    /// Offers <paramref name="serve"/> at <paramref name="address"/>:<paramref name="port"/> (0 picks a free port) and
    /// returns the endpoint. <paramref name="serve"/> gets each connection; the network closes it when serve returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint is already offered.</exception>
    IPEndPoint Offer(IPAddress address, int port, Func<Stream, CancellationToken, Task> serve);

    /// <summary>Takes the service at <paramref name="endPoint"/> off the network: new connections to it are refused.</summary>
    void Withdraw(IPEndPoint endPoint);

    /// <summary>
    /// A connection in memory to the service offered at <paramref name="remote"/>, already handed to it; null when
    /// nothing is offered there (connect over the kernel instead).
    /// </summary>
    Stream? TryConnect(IPEndPoint remote);
}
