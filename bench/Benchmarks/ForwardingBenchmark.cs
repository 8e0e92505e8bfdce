using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IgdLab.Igd;
using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;

namespace IgdLab.Benchmarks;

/// <summary>
/// The forwarding plane's cost: new connections per second and bulk throughput through one mapping
/// (WAN address:external port → device), each next to the same load sent straight to the device.
/// </summary>
internal sealed class ForwardingBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private const int ExternalPort = 20000;
    private const uint LeaseSeconds = 3600;
    private const long BulkBytes = 256L * 1024 * 1024;
    private const int ParallelStreams = 4;
    private const int BulkRepetitions = 5;
    private const int ReceiveBufferBytes = 256 * 1024;

    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(5);
    private static readonly byte[] PingBytes = [LoopbackService.Ping];
    private static readonly SoapCall TotalBytesSent = SoapCall.CommonInterfaceQuery("GetTotalBytesSent");
    private static readonly SoapCall TotalPacketsSent = SoapCall.CommonInterfaceQuery("GetTotalPacketsSent");

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var device = addresses.Next();
        await using var service = LoopbackService.Start(device);
        var options = new VirtualGatewayOptions
        {
            Id = "bench-forward",
            Profile = RouterProfileCatalog.Standard,
            LanAddress = addresses.Next(),
            WanAddress = addresses.Next(),
        };
        await using var gateway = new VirtualGateway(options, TimeProvider.System);
        await gateway.StartAsync(cancellationToken);
        using var http = LoopbackHttp.Create();
        var mapping = SoapCall.AddPortMapping(ExternalPort, device, service.EndPoint.Port, LeaseSeconds);
        if (!await mapping.SendAsync(http, gateway.ControlUrl, cancellationToken))
        {
            throw new InvalidOperationException($"the gateway refused to map {ExternalPort}/TCP to {service.EndPoint}");
        }

        var counterUrl = new Uri(gateway.DescriptionUrl, DescriptionPaths.WanCommonControlPath);
        ForwardPath[] paths =
        [
            new("direct", service.EndPoint, null),
            new("gateway", new IPEndPoint(gateway.WanAddress, ExternalPort), token => ReadWanSentAsync(http, counterUrl, token)),
        ];
        (await MeasureConnectionsAsync(paths, cancellationToken)).Print(output);
        (await MeasureBulkAsync(paths, cancellationToken)).Print(output);
        output.WriteLine(await DescribeDrainAsync(gateway));
    }

    private async Task<FigureTable> MeasureConnectionsAsync(ForwardPath[] paths, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(Math.Max(1, arguments.Seconds / 4.0));
        var table = new FigureTable(
            $"forward: new connections (connect, 1-byte request, 1-byte reply, close), {window.TotalSeconds:0.#} s measured per run after a warm-up",
            "path", "concurrency", "conn/s", "vs direct", "p50 ms", "p95 ms", "p99 ms", "errors", "cpu %", "others %", "warm-up s", "jit ms");
        foreach (var workers in new[] { 1, arguments.Clients }.Distinct())
        {
            double? direct = null;
            foreach (var (path, target, _) in paths)
            {
                var sources = Enumerable.Range(0, workers).Select(_ => addresses.Next()).ToArray();
                var result = await ClosedLoop.RunAsync(workers, window, PingOperation(target, sources), cancellationToken);
                direct ??= result.Rate;
                table.Row(
                    path,
                    workers.ToString(CultureInfo.InvariantCulture),
                    Units.Whole(result.Rate),
                    (result.Rate / direct.Value).ToString("0.00x", CultureInfo.InvariantCulture),
                    Units.Ms(result.Latency.Median),
                    Units.Ms(result.Latency.Percentile(95)),
                    Units.Ms(result.Latency.Percentile(99)),
                    Units.Whole(result.Errors),
                    Units.Whole(result.Resources.CpuPercent(result.Elapsed)),
                    result.Resources.OthersCpuPercent(result.Elapsed),
                    Units.OneDecimal(result.WarmUp.TotalSeconds),
                    Units.Whole(result.Resources.JitTime.TotalMilliseconds));
            }
        }

        return table
            .Note("each worker binds its own loopback source address; TCP_NODELAY on every socket; the device closes first,")
            .Note("  so TIME_WAIT stays off the clients' ephemeral ports. direct = to the device, gateway = through WAN:external port.")
            .Note("latency: connect to end-of-stream, successful connections only. cpu %: this whole process, 100 % = one core;")
            .Note("  others % = other processes' CPU meanwhile (more than a few percent: the figures are disturbed).");
    }

    private async Task<FigureTable> MeasureBulkAsync(ForwardPath[] paths, CancellationToken cancellationToken)
    {
        var table = new FigureTable(
            $"forward: bulk download device -> client, {BulkBytes / Units.MiB:0} MiB per transfer, median of {BulkRepetitions} after a warm-up transfer",
            "path", "connections", "MiB/s", "vs direct", "min MiB/s", "max MiB/s", "cpu %", "others %", "KiB/relay write");
        foreach (var streams in new[] { 1, ParallelStreams })
        {
            double? direct = null;
            foreach (var (path, target, readWanSent) in paths)
            {
                var source = addresses.Next();
                await TransferAsync(source, target, streams, BulkBytes / 4, cancellationToken);
                var rates = new List<double>();
                var busy = TimeSpan.Zero;
                var before = ResourceUse.Now();
                var sentBefore = readWanSent is null ? default : await readWanSent(cancellationToken);
                for (var repetition = 0; repetition < BulkRepetitions; repetition++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await TransferAsync(source, target, streams, BulkBytes, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    busy += elapsed;
                    rates.Add(BulkBytes / Units.MiB / elapsed.TotalSeconds);
                }

                var used = ResourceUse.Since(before);
                var writeSize = "-";
                if (readWanSent is not null)
                {
                    // The counters are 32-bit and wrap; 5 x 256 MiB stays below one wrap, so unsigned subtraction is exact.
                    var sentAfter = await readWanSent(cancellationToken);
                    var writes = unchecked(sentAfter.Writes - sentBefore.Writes);
                    writeSize = writes == 0 ? "-" : Units.OneDecimal(unchecked(sentAfter.Bytes - sentBefore.Bytes) / 1024.0 / writes);
                }

                rates.Sort();
                var median = rates[rates.Count / 2];
                direct ??= median;
                table.Row(
                    path,
                    streams.ToString(CultureInfo.InvariantCulture),
                    Units.Whole(median),
                    (median / direct.Value).ToString("0.00x", CultureInfo.InvariantCulture),
                    Units.Whole(rates[0]),
                    Units.Whole(rates[^1]),
                    Units.Whole(used.CpuPercent(busy)),
                    used.OthersCpuPercent(busy),
                    writeSize);
            }
        }

        return table
            .Note($"{ParallelStreams} connections share the {BulkBytes / Units.MiB:0} MiB equally; MiB/s is their aggregate. Client reads with a")
            .Note($"  {ReceiveBufferBytes / 1024} KiB buffer, the device writes {ReceiveBufferBytes / 1024} KiB at a time; default socket buffers.")
            .Note("KiB/relay write: from the gateway's own WAN counters (GetTotalBytesSent / GetTotalPacketsSent, which count one")
            .Note("  packet per socket write): the average size of the relay's writes towards the client.");
    }

    /// <summary>Whether the gateway closed every relay once its clients were done: a leak check, not a figure.</summary>
    private static async Task<string> DescribeDrainAsync(VirtualGateway gateway)
    {
        var start = Stopwatch.GetTimestamp();
        while (gateway.ActiveForwardedConnections > 0 && Stopwatch.GetElapsedTime(start) < DrainTimeout)
        {
            await Task.Delay(DrainPoll, TimeProvider.System);
        }

        var open = gateway.ActiveForwardedConnections;
        return open == 0
            ? $"  the gateway had closed every forwarded connection {Units.Ms(Stopwatch.GetElapsedTime(start), 0)} ms after the last transfer."
            : $"  {open} forwarded connections were still open {DrainTimeout.TotalSeconds:0} s after the last transfer.";
    }

    /// <summary>The gateway's WAN counters of bytes and socket writes towards outside peers, read over SOAP.</summary>
    private static async Task<(uint Bytes, uint Writes)> ReadWanSentAsync(HttpClient http, Uri controlUrl, CancellationToken cancellationToken)
    {
        var bytes = await TotalBytesSent.QueryAsync(http, controlUrl, cancellationToken);
        var writes = await TotalPacketsSent.QueryAsync(http, controlUrl, cancellationToken);
        return (uint.Parse(bytes, CultureInfo.InvariantCulture), uint.Parse(writes, CultureInfo.InvariantCulture));
    }

    private static LoadOperation PingOperation(IPEndPoint target, IPAddress[] sources) => async (worker, _, cancellationToken) =>
    {
        using var socket = await ConnectAsync(sources[worker], target, cancellationToken);
        await socket.SendAsync(PingBytes, SocketFlags.None, cancellationToken);
        var reply = new byte[1];
        if (await socket.ReceiveAsync(reply, SocketFlags.None, cancellationToken) != 1 || reply[0] != LoopbackService.Pong)
        {
            return false;
        }

        return await socket.ReceiveAsync(reply, SocketFlags.None, cancellationToken) == 0;
    };

    private static async Task TransferAsync(IPAddress source, IPEndPoint target, int streams, long totalBytes, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TransferTimeout, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var each = totalBytes / streams;
        var received = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => DownloadAsync(source, target, each, linked.Token)));
        if (received.Any(bytes => bytes != each))
        {
            throw new InvalidOperationException($"a transfer from {target} ended early: {string.Join(", ", received)} of {each} bytes each");
        }
    }

    private static async Task<long> DownloadAsync(IPAddress source, IPEndPoint target, long bytes, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(source, target, cancellationToken);
        var request = new byte[9];
        request[0] = LoopbackService.Stream;
        BinaryPrimitives.WriteInt64LittleEndian(request.AsSpan(1), bytes);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task<Socket> ConnectAsync(IPAddress source, IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One way to the device: straight, or through the gateway (whose WAN counters can then be read).</summary>
    private sealed record ForwardPath(string Name, IPEndPoint Target, Func<CancellationToken, Task<(uint Bytes, uint Writes)>>? ReadWanSent);
}
