using System.Net;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>A datagram the responder sent through a <see cref="FakeSsdpSocket"/>.</summary>
internal sealed record SentDatagram(byte[] Bytes, IPEndPoint Destination)
{
    public SsdpMessage Message =>
        SsdpMessage.TryParse(Bytes, out var message) ? message : throw new AssertionException("The responder sent a malformed datagram.");
}
