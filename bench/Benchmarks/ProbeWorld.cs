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
    public static readonly IReadOnlyList<string> Paths = ["bare", "direct", "gateway", "handoff", "simulated"];

    private const int DevicesPerGateway = 100;
    private const int FirstExternalPort = 20000;
    private const uint LeaseSeconds = 86_400;

    /// <summary>
    /// The child's main: <c>probe-world PATH COUNT FILE [faults SEED SECONDS]</c> builds COUNT devices for PATH (direct,
    /// gateway or handoff), writes "id address port" lines (the endpoint a probe goes to) to FILE, prints "ready", and
    /// serves until its standard input closes. With <c>faults</c> (gateway path) it also breaks mappings for SECONDS
    /// (<see cref="FaultLoop"/>), then puts every mapping back and prints "restored" with what it did.
    /// </summary>
    public static async Task<int> RunChildAsync(IReadOnlyList<string> args)
    {
        var path = args[1];
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var file = args[3];
        await using var world = await BuildAsync(path, count, new LoopbackAddresses(Environment.ProcessId));
        await File.WriteAllLinesAsync(file, world.Targets.Select(t => $"{t.Id} {t.EndPoint.Address} {t.EndPoint.Port}"));
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        using var stop = new CancellationTokenSource();
        // Console.In reads synchronously even from ReadToEndAsync: on a thread of its own, so the faults can go on.
        var serving = Task.Factory.StartNew(() => Console.In.ReadToEnd(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
        if (args is [_, _, _, _, "faults", var seed, var seconds])
        {
            var faults = new FaultLoop(world, int.Parse(seed, CultureInfo.InvariantCulture));
            await faults.RunAsync(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), stop.Token);
            if (!stop.IsCancellationRequested)
            {
                await Console.Out.WriteLineAsync($"restored {faults.Summary}");
                await Console.Out.FlushAsync();
            }
        }

        await serving;
        return 0;
    }

    /// <summary>
    /// Builds <paramref name="count"/> devices for <paramref name="path"/>: direct, gateway, handoff, or simulated (the
    /// gateways' WAN ports on the same in-process network as their devices, for a prober in this process).
    /// </summary>
    public static async Task<Fleet> BuildAsync(string path, int count, LoopbackAddresses addresses)
    {
        var lan = path is "handoff" or "simulated" ? new InProcessNetwork() : null;
        var fleet = new Fleet(lan);
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
                        WanNetwork = path == "simulated" ? lan : null,
                    });
                    fleet.Gateways.Add(gateway);
                    await gateway.StartAsync();
                }

                for (var i = first; i < Math.Min(count, first + DevicesPerGateway); i++)
                {
                    var id = HandshakeFleet.IdOf(i);
                    var device = new DeviceServiceEndpoint(id, HandshakeFleet.KeyOf(id));
                    fleet.Devices.Add(device);
                    device.Start(deviceAddress, 0, lan: lan);
                    if (gateway is null)
                    {
                        fleet.Targets.Add((id, device.EndPoint));
                        continue;
                    }

                    var external = FirstExternalPort + (i - first);
                    var mapping = SoapCall.AddPortMapping(external, deviceAddress, device.EndPoint.Port, LeaseSeconds);
                    if (!await mapping.SendAsync(http, gateway.ControlUrl, CancellationToken.None))
                    {
                        throw new InvalidOperationException($"{gateway.Id} refused to map {external}/TCP to {device.EndPoint}");
                    }

                    fleet.Targets.Add((id, new IPEndPoint(gateway.WanAddress, external)));
                    fleet.Mappings.Add(new Mapping(gateway, external, new IPEndPoint(deviceAddress, device.EndPoint.Port)));
                }
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>A device's port mapping on its gateway: external TCP port to the device's service endpoint.</summary>
    internal sealed record Mapping(VirtualGateway Gateway, int External, IPEndPoint Internal)
    {
        /// <summary>Adds the mapping again, as its device would after finding it gone; false when the gateway refused or was down.</summary>
        public async Task<bool> RestoreAsync(HttpClient http, CancellationToken cancellationToken)
        {
            try
            {
                return await SoapCall.AddPortMapping(External, Internal.Address, Internal.Port, LeaseSeconds).SendAsync(http, Gateway.ControlUrl, cancellationToken);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }

    /// <summary>A built fleet: where each device's probe goes, and what to stop.</summary>
    internal sealed class Fleet(InProcessNetwork? network) : IAsyncDisposable
    {
        /// <summary>The in-process network of the handoff and simulated paths; null on sockets alone.</summary>
        public InProcessNetwork? Network => network;

        public List<VirtualGateway> Gateways { get; } = [];

        public List<DeviceServiceEndpoint> Devices { get; } = [];

        public List<(string Id, IPEndPoint EndPoint)> Targets { get; } = [];

        /// <summary>The gateway path's port mappings, one per device, as <see cref="BuildAsync"/> made them.</summary>
        public List<Mapping> Mappings { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var gateway in Gateways)
            {
                await gateway.DisposeAsync();
            }

            foreach (var device in Devices)
            {
                await device.DisposeAsync();
            }
        }
    }
}
