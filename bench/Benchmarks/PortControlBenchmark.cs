using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;
using IgdLab.Protocols;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Benchmarks;

/// <summary>
/// PCP and NAT-PMP throughput and latency: clients, each with its own UDP socket, renew their mappings at one
/// gateway's port-control server as fast as it answers, one request in flight per client. Each run gets a fresh
/// gateway on fresh addresses.
/// </summary>
internal sealed class PortControlBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private const uint LifetimeSeconds = 3600;
    private const int PortsPerClient = 8;
    private const int FirstInternalPort = 20000;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    private enum Workload
    {
        /// <summary>PCP MAP renewals: the same nonce, internal port and suggested external port again.</summary>
        PcpMap,

        /// <summary>NAT-PMP TCP map renewals.</summary>
        NatPmpMap,
    }

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(arguments.Seconds);
        var table = RoundTripTable.Create(
            $"pcp: MAP renewal round trips, closed loop, {arguments.Seconds} s measured per run after a warm-up");
        (Workload, int)[] runs = [(Workload.PcpMap, arguments.Clients), (Workload.PcpMap, 1), (Workload.NatPmpMap, arguments.Clients)];
        foreach (var (workload, clients) in runs)
        {
            var result = await MeasureAsync(workload, clients, window, cancellationToken);
            table.Row(
                workload == Workload.PcpMap ? "pcp map" : "nat-pmp map",
                clients,
                result);
        }

        table
            .Note("clients: each its own UDP socket on one device address, one request in flight, 8 mappings of its own")
            .Note("  (its own nonce and internal ports), renewed in turn with lifetime 3600 s; the table is filled first.")
            .Note("latency: datagram sent to answer received, successful renewals only; errors = refusals or no answer within 1 s.")
            .ProcessNotes()
            .Print(output);
    }

    private async Task<LoadResult> MeasureAsync(Workload workload, int clients, TimeSpan window, CancellationToken cancellationToken)
    {
        var options = new VirtualGatewayOptions
        {
            Id = "bench-pcp",
            Profile = RouterProfileCatalog.Standard,
            LanAddress = addresses.Next(),
            WanAddress = addresses.Next(),
        };
        await using var gateway = new VirtualGateway(options, TimeProvider.System);
        await gateway.StartAsync(cancellationToken);
        var server = gateway.PortControlEndPoint!;
        var device = addresses.Next();
        var random = new Random(7);
        var sockets = new Socket[clients];
        var requests = new byte[clients][][];
        for (var client = 0; client < clients; client++)
        {
            sockets[client] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sockets[client].Bind(new IPEndPoint(device, 0));
            sockets[client].Connect(server);
            var nonce = PcpNonce.Next(random);
            requests[client] = [.. Enumerable.Range(0, PortsPerClient).Select(i =>
            {
                var port = (ushort)(FirstInternalPort + (client * PortsPerClient) + i);
                return workload == Workload.PcpMap
                    ? PcpCodec.Write(new PcpRequest(PcpOpcode.Map, LifetimeSeconds, device)
                    {
                        Mapping = new PcpMapping(nonce, PcpProtocolNumbers.Tcp, port, port, IPAddress.Any),
                    })
                    : NatPmpCodec.Write(new NatPmpMapRequest(MappingProtocol.Tcp, port, port, LifetimeSeconds));
            })];
        }

        var buffers = Enumerable.Range(0, clients).Select(_ => new byte[PortControlWire.MaxMessageLength]).ToArray();
        try
        {
            // Fill the table first, so every measured request is a renewal.
            for (var client = 0; client < clients; client++)
            {
                foreach (var request in requests[client])
                {
                    if (!await RoundTripAsync(sockets[client], request, buffers[client], workload, cancellationToken))
                    {
                        throw new InvalidOperationException($"the gateway refused a mapping while filling the table ({workload})");
                    }
                }
            }

            return await ClosedLoop.RunAsync(
                clients,
                window,
                (client, i, token) => RoundTripAsync(sockets[client], requests[client][i % PortsPerClient], buffers[client], workload, token),
                cancellationToken);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async ValueTask<bool> RoundTripAsync(
        Socket socket, byte[] request, byte[] buffer, Workload workload, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        await socket.SendAsync(request, SocketFlags.None, timeout.Token);
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var answer = buffer.AsSpan(0, length);
            return workload == Workload.PcpMap
                ? PcpCodec.TryReadResponse(answer, out var pcp, out _) && pcp!.Result == PcpResultCode.Success
                : NatPmpCodec.TryReadResponse(answer, out var natPmp, out _) && natPmp!.Result == NatPmpResultCode.Success;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
