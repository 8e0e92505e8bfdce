using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.Endpoint;
using IgdLab.Igd;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Profiles;

namespace IgdLab.Benchmarks;

/// <summary>
/// The far side of the prober benchmark when its probes reach real device code: the devices' service endpoints
/// (<see cref="DeviceServiceEndpoint"/>, as in every world), alone or behind virtual gateways of
/// <see cref="DevicesPerGateway"/> devices each. It runs in a child process (<c>probe-world</c>), so the CPU each
/// side spends per probe is measured apart.
/// </summary>
internal static class ProbeWorld
{
    public const string ChildCommand = "probe-world";

    /// <summary>The paths the prober benchmark knows; <c>bare</c> is <see cref="HandshakeFleet"/>'s.</summary>
    public static readonly IReadOnlyList<string> Paths = ["bare", "direct", "gateway", "handoff"];

    private const int DevicesPerGateway = 100;
    private const int FirstExternalPort = 20000;
    private const uint LeaseSeconds = 86_400;

    /// <summary>
    /// The child's main: <c>probe-world PATH COUNT FILE</c> builds COUNT devices for PATH (direct, gateway or handoff),
    /// writes "id address port" lines (the endpoint a probe goes to) to FILE, prints "ready", and serves until its
    /// standard input closes.
    /// </summary>
    public static async Task<int> RunChildAsync(IReadOnlyList<string> args)
    {
        var path = args[1];
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var file = args[3];
        var addresses = new LoopbackAddresses(Environment.ProcessId);
        var devices = new List<DeviceServiceEndpoint>(count);
        var gateways = new List<VirtualGateway>();
        var lines = new List<string>(count);
        var lan = path == "handoff" ? new InProcessNetwork() : null;
        using var http = LoopbackHttp.Create();
        try
        {
            for (var first = 0; first < count; first += DevicesPerGateway)
            {
                var deviceAddress = addresses.Next();
                VirtualGateway? gateway = null;
                if (path != "direct")
                {
                    gateway = new VirtualGateway(new VirtualGatewayOptions
                    {
                        Id = $"bench-{first / DevicesPerGateway}",
                        Profile = RouterProfileCatalog.Standard,
                        LanAddress = addresses.Next(),
                        WanAddress = addresses.Next(),
                        InProcessNetwork = lan,
                    });
                    gateways.Add(gateway);
                    await gateway.StartAsync();
                }

                for (var i = first; i < Math.Min(count, first + DevicesPerGateway); i++)
                {
                    var id = HandshakeFleet.IdOf(i);
                    var device = new DeviceServiceEndpoint(id, HandshakeFleet.KeyOf(id));
                    devices.Add(device);
                    device.Start(deviceAddress, 0, lan: lan);
                    if (gateway is null)
                    {
                        lines.Add($"{id} {device.EndPoint.Address} {device.EndPoint.Port}");
                        continue;
                    }

                    var external = FirstExternalPort + (i - first);
                    var mapping = SoapCall.AddPortMapping(external, deviceAddress, device.EndPoint.Port, LeaseSeconds);
                    if (!await mapping.SendAsync(http, gateway.ControlUrl, CancellationToken.None))
                    {
                        throw new InvalidOperationException($"{gateway.Id} refused to map {external}/TCP to {device.EndPoint}");
                    }

                    lines.Add($"{id} {gateway.WanAddress} {external}");
                }
            }

            await File.WriteAllLinesAsync(file, lines);
            await Console.Out.WriteLineAsync("ready");
            await Console.Out.FlushAsync();
            await Console.In.ReadToEndAsync();
            return 0;
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }

            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }
}
