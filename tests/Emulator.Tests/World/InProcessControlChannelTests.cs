using System.Globalization;
using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Prober;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.World;

/// <summary>
/// A world's watchdog offers its control endpoint on the world's in-process network, and a device of the world opens
/// its channel there: a real Kestrel server and a real ClientWebSocket, joined in memory instead of over loopback TCP.
/// </summary>
[Category("Loopback")]
public sealed class InProcessControlChannelTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("nas-key");

    [Test]
    public async Task ProbeUnit_OnTheWorldsNetwork_ConnectsToTheWatchdogInMemory_NotOverTheKernel()
    {
        var network = new InProcessNetwork();
        await using var server = await StartServerAsync(network);
        var device = LoopbackAddresses.Next();

        await using var unit = await ConnectAsync(server, device, network);

        Assert.That(server.GetDevice("nas")?.Connected, Is.True, "the server welcomed the device");
        Assert.That(KernelConnectionsFrom(device), Is.Empty, "the channel is an in-memory connection");
    }

    [Test]
    public async Task ProbeUnit_WithoutTheNetwork_StillConnectsOverTheKernel()
    {
        await using var server = await StartServerAsync(new InProcessNetwork());
        var device = LoopbackAddresses.Next();

        await using var unit = await ConnectAsync(server, device, network: null);

        Assert.That(KernelConnectionsFrom(device), Has.Count.EqualTo(1), "a device of another process reaches the same server over TCP");
    }

    private static async Task<ProberServer> StartServerAsync(InProcessNetwork network)
    {
        var server = new ProberServer(new ProberOptions { ListenAddress = LoopbackAddresses.Next(), InProcessNetwork = network });
        await server.StartAsync();
        server.RegisterDevice("nas", Key);
        return server;
    }

    /// <summary>A probe unit for "nas" from <paramref name="device"/>, once the server has welcomed it.</summary>
    private static async Task<ProbeUnit> ConnectAsync(ProberServer server, IPAddress device, InProcessNetwork? network)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ProbeUnitOptions { Server = server.ControlUrl, DeviceId = "nas", Key = Key, LocalAddress = device, InProcessNetwork = network };
        var unit = new ProbeUnit(options, _ => Task.FromException<MappingResult>(new InvalidOperationException("no remap here")));
        unit.Connected += () => connected.TrySetResult();
        unit.Start();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        return unit;
    }

    /// <summary>Established TCP connections whose local address is <paramref name="address"/>, from /proc/net/tcp.</summary>
    private static List<string> KernelConnectionsFrom(IPAddress address)
    {
        var found = new List<string>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = new IPAddress(uint.Parse(fields[1].Split(':')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (local.Equals(address) && fields[3] == "01")
            {
                found.Add(line);
            }
        }

        return found;
    }
}
