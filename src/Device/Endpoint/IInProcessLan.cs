using System.Net;

namespace IgdLab.Device.Endpoint;

/// <summary>
/// A LAN whose router lives in the device's own process (an emulator world): a device offers its TCP service there
/// instead of opening a kernel listener, and the router hands each forwarded connection straight to it. Addresses are
/// the devices' own loopback addresses, so what the router and everyone outside see does not change.
/// </summary>
public interface IInProcessLan
{
    /// <summary>
    /// Offers <paramref name="serve"/> at <paramref name="address"/>:<paramref name="port"/> (0 picks a free port) and
    /// returns the endpoint; <paramref name="serve"/> gets each connection and closes nothing itself.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint is already offered.</exception>
    IPEndPoint Offer(IPAddress address, int port, Func<Stream, CancellationToken, Task> serve);

    /// <summary>Takes the service at <paramref name="endPoint"/> off the LAN: new connections to it are refused.</summary>
    void Withdraw(IPEndPoint endPoint);
}
