using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task OnAdded_DeviceHalfClosesFirst_ClientCanStillSend()
    {
        var plane = CreatePlane();
        using var device = ListeningDevice();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, (IPEndPoint)device.LocalEndPoint!));
        var client = await ConnectAsync(port);
        using var accepted = await device.AcceptAsync().WaitAsync(WaitLimit, TimeProvider.System);

        await accepted.SendAsync("ready"u8.ToArray());
        accepted.Shutdown(SocketShutdown.Send);
        var greeting = await ReadToEndAsync(client);
        await client.SendAsync("late data"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        var late = await ReadToEndAsync(accepted);

        Assert.That(greeting, Is.EqualTo("ready"u8.ToArray()));
        Assert.That(late, Is.EqualTo("late data"u8.ToArray()));
    }

    [Test]
    public async Task OnAdded_DeviceResetsMidStream_OutsideIsReset()
    {
        var plane = CreatePlane();
        using var device = ListeningDevice();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, (IPEndPoint)device.LocalEndPoint!));
        var client = await ConnectAsync(port);
        var accepted = await device.AcceptAsync().WaitAsync(WaitLimit, TimeProvider.System);
        await client.SendAsync("request"u8.ToArray());
        await accepted.ReceiveAsync(new byte[16]);

        accepted.LingerState = new LingerOption(true, 0);
        accepted.Dispose();

        using var limit = Within(WaitLimit);
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token),
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True);
    }

    private Socket ListeningDevice()
    {
        var device = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        device.Bind(new IPEndPoint(_lan, 0));
        device.Listen();
        return device;
    }
}
