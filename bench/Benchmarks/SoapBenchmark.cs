using System.Globalization;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;

namespace IgdLab.Benchmarks;

/// <summary>
/// SOAP control throughput and latency: keep-alive clients send AddPortMapping (and DeletePortMapping) round trips
/// to one gateway as fast as it answers. Each run gets a fresh gateway on fresh addresses.
/// </summary>
internal sealed class SoapBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private const uint LeaseSeconds = 3600;
    private const int FirstExternalPort = 20000;
    private const int MaxPortsPerClient = 32;
    private const int InternalPort = 8080;

    private enum Workload
    {
        /// <summary>Each client renews its own mappings in turn (the table and the WAN listeners stay as they are).</summary>
        Renew,

        /// <summary>Each client adds a mapping and deletes it again (a WAN listener opens and closes per pair).</summary>
        AddDelete,
    }

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(arguments.Seconds);
        var table = RoundTripTable.Create(
            $"soap: AddPortMapping round trips, closed loop, {arguments.Seconds} s measured per run after a warm-up");
        (Workload, int)[] runs = [(Workload.Renew, arguments.Clients), (Workload.Renew, 1), (Workload.AddDelete, arguments.Clients)];
        foreach (var (workload, clients) in runs)
        {
            var result = await MeasureAsync(workload, clients, window, cancellationToken);
            table.Row(
                workload == Workload.Renew ? "renew" : "add+delete",
                clients,
                result);
        }

        table
            .Note("clients: each its own keep-alive HttpClient (SocketsHttpHandler, one connection), one request in flight;")
            .Note("  each client owns a range of external ports; renew = AddPortMapping over its own mappings (lease 3600 s),")
            .Note("  add+delete = AddPortMapping then DeletePortMapping of the same port, alternating, so the table stays small.")
            .Note("latency: request sent to whole reply read, successful round trips only; errors = non-200 replies or exceptions.")
            .ProcessNotes()
            .Print(output);
    }

    private async Task<LoadResult> MeasureAsync(Workload workload, int clients, TimeSpan window, CancellationToken cancellationToken)
    {
        var options = new VirtualGatewayOptions
        {
            Id = "bench-soap",
            Profile = RouterProfileCatalog.Standard,
            LanAddress = addresses.Next(),
            WanAddress = addresses.Next(),
        };
        await using var gateway = new VirtualGateway(options, TimeProvider.System);
        await gateway.StartAsync(cancellationToken);
        var device = addresses.Next();
        var portsPerClient = Math.Clamp(gateway.Profile.MaxMappings / 2 / clients, 1, MaxPortsPerClient);
        var adds = new SoapCall[clients][];
        var deletes = new SoapCall[clients][];
        for (var client = 0; client < clients; client++)
        {
            var ports = Enumerable.Range(FirstExternalPort + (client * MaxPortsPerClient), portsPerClient).ToArray();
            adds[client] = [.. ports.Select(port => SoapCall.AddPortMapping(port, device, InternalPort, LeaseSeconds))];
            deletes[client] = [.. ports.Select(SoapCall.DeletePortMapping)];
        }

        var http = Enumerable.Range(0, clients).Select(_ => LoopbackHttp.Create()).ToArray();
        try
        {
            var controlUrl = gateway.ControlUrl;
            if (workload == Workload.Renew)
            {
                // Fill the table first, so every measured call is a renewal.
                await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
                {
                    foreach (var add in adds[client])
                    {
                        if (!await add.SendAsync(http[client], controlUrl, cancellationToken))
                        {
                            throw new InvalidOperationException($"the gateway refused a mapping while filling the table ({add.SoapAction})");
                        }
                    }
                }));
            }

            LoadOperation operation = workload == Workload.Renew
                ? (client, i, token) => adds[client][i % portsPerClient].SendAsync(http[client], controlUrl, token)
                : (client, i, token) =>
                {
                    var calls = i % 2 == 0 ? adds[client] : deletes[client];
                    return calls[i / 2 % portsPerClient].SendAsync(http[client], controlUrl, token);
                };
            return await ClosedLoop.RunAsync(clients, window, operation, cancellationToken);
        }
        finally
        {
            foreach (var client in http)
            {
                client.Dispose();
            }
        }
    }
}
