using System.Net;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>Hands the responder a <see cref="FakeSsdpSocket"/> and remembers how it was asked to open it.</summary>
internal sealed class FakeSsdpSocketFactory : ISsdpSocketFactory
{
    public FakeSsdpSocket? Socket { get; private set; }

    public (IPAddress LanAddress, int Port, bool Multicast)? Opened { get; private set; }

    public ISsdpSocket Open(IPAddress lanAddress, int port, bool multicast)
    {
        Opened = (lanAddress, port, multicast);
        Socket = new FakeSsdpSocket(new IPEndPoint(multicast ? IPAddress.Any : lanAddress, port == 0 ? 49999 : port));
        return Socket;
    }
}
