using System.Net;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// Serves one forwarded TCP connection at a LAN host that lives in the router's own process: the host reads and
/// writes <paramref name="connection"/> (the accepted WAN connection itself) and returns when it is done with it.
/// </summary>
public delegate Task LanConnectionHandler(Stream connection, CancellationToken cancellationToken);

/// <summary>
/// The LAN hosts that live in the router's process (the devices of an emulator world). For a mapping to one of them
/// the forwarding plane hands the accepted WAN connection straight to the host, instead of opening a second
/// connection to it over loopback and relaying bytes: one kernel connection per forwarded connection, not two.
/// Hosts it does not know (any other process, a LAN namespace) are relayed as before.
/// </summary>
public interface ILanHandOff
{
    /// <summary>The host serving TCP at <paramref name="internalEndPoint"/> in this process, or null.</summary>
    LanConnectionHandler? Find(IPEndPoint internalEndPoint);
}
