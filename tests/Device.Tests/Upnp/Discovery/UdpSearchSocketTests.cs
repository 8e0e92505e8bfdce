using System.Net;
using System.Net.Sockets;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>The real search socket's configuration, read back from the kernel; nothing is sent.</summary>
[Category("Loopback")]
public sealed class UdpSearchSocketTests
{
    [Test]
    public void Open_Unicast_BindsTheDeviceAddressOnAnEphemeralPort()
    {
        var device = LoopbackAddresses.Next();

        using var socket = UdpSearchSocket.Open(device, multicast: false, multicastTimeToLive: 2);

        Assert.That(socket.LocalEndPoint.Address, Is.EqualTo(device));
        Assert.That(socket.LocalEndPoint.Port, Is.Not.Zero);
    }

    [Test]
    public void Open_Multicast_SendsOutOfTheDeviceAddressWithTtl2AndLoopback()
    {
        var device = LoopbackAddresses.Next();

        using var socket = UdpSearchSocket.Open(device, multicast: true, multicastTimeToLive: 2);

        var multicastInterface = (int)socket.Socket.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface)!;
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.GetBytes(multicastInterface), Is.EqualTo(device.GetAddressBytes()));
            Assert.That(socket.Socket.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive), Is.EqualTo(2));
            Assert.That(socket.Socket.MulticastLoopback, Is.True);
            Assert.That(socket.LocalEndPoint.Address, Is.EqualTo(device));
        });
    }

    [Test]
    public void Open_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => UdpSearchSocket.Open(IPAddress.IPv6Loopback, multicast: false, multicastTimeToLive: 2));
    }
}
