using System.Diagnostics;
using System.Globalization;
using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Contracts.InProcess;
using IgdLab.Prober;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;

namespace IgdLab.Benchmarks;

/// <summary>
/// The watchdog's sustained load: N registered devices (each a real loopback listener answering the identity
/// handshake, in a child process) probed every second. The devices' mappings are put in the registry database first,
/// so the server starts probing them at once, as after a restart. Prints probes per second, probe latency and the
/// server process's CPU and memory (the child's CPU separately).
/// </summary>
internal sealed class ProberBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private const int DevicesPerAddress = 500;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ChildPatience = TimeSpan.FromSeconds(120);

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(arguments.ProberSeconds);
        var table = new FigureTable(
            $"prober: every device probed every 1 s (timeout 500 ms, up to {ProberDefaults.MaxConcurrentProbes} in flight), {window.TotalSeconds:0} s measured after a {WarmUp.TotalSeconds:0} s warm-up",
            "path", "devices", "probes/s", "due/s", "ok %", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu %", "of it kernel %", "devices cpu %", "others %", "prober µs/probe", "devices µs/probe", "working set MB", "gc heap MB", "alloc MB/s", "gc 0/1/2");
        foreach (var path in arguments.Paths)
        {
            foreach (var count in arguments.Devices)
            {
                await MeasureAsync(path, count, window, table, cancellationToken);
            }
        }

        table
            .Note("cpu %: the prober's process (server, scheduler, probes, SQLite writes), 100 % = one core; of it kernel %: the share spent in")
            .Note("  the kernel (loopback TCP is processed in the sender's context, so part of the devices' side lands here); devices cpu %: the child process")
            .Note("  holding the devices' listeners; others % = everything else on the machine meanwhile (more than a few percent: disturbed).")
            .Note("path: bare = minimal handshake listeners; direct = the devices' real service endpoints; gateway = those behind")
            .Note("  virtual gateways of 100 devices (relayed over loopback); handoff = the gateways hand each connection to the device;")
            .Note("  simulated = gateways, devices and prober in one process on the simulated network (network: simulated): the prober's")
            .Note("  µs/probe is then the whole probe, both sides, and the devices' columns say in process.")
            .Note("µs/probe: CPU time (user + kernel) per completed probe of the prober's process and of the child holding devices")
            .Note("  (and gateways): what one probe costs each side.")
            .Note("latency: connect + handshake as the probe measured it. due/s: devices / interval, what a perfect schedule would do.")
            .Note("working set and gc heap: the prober's process at the end of the window.")
            .Print(output);
    }

    private async Task MeasureAsync(string path, int count, TimeSpan window, FigureTable table, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("igdlab-prober-bench-");
        try
        {
            // The simulated path keeps its world in this process (its probes never leave it); the others in a child.
            await using var local = path == "simulated" ? await ProbeWorld.BuildAsync(path, count, addresses) : null;
            var endpoints = local is null ? await StartFleetAsync(path, count, directory.FullName, cancellationToken) : (null, local.Targets);
            using var child = endpoints.Child;
            var database = Path.Combine(directory.FullName, "registry.db");
            Seed(database, endpoints.Devices);
            var probeFrom = addresses.Next();

            var samples = new long[(int)(count * (window + WarmUp + TimeSpan.FromSeconds(5)).TotalSeconds * 1.2)];
            var recorded = 0L;
            var ok = 0L;
            var measuring = false;
            await using var server = new ProberServer(
                new ProberOptions
                {
                    ListenAddress = addresses.Next(),
                    ProbeFrom = probeFrom,
                    DatabasePath = database,
                },
                connector: local?.Network is { } network ? new InMemoryProbeConnector(network, probeFrom) : null);
            server.ProbeCompleted += (_, probe) =>
            {
                if (!Volatile.Read(ref measuring))
                {
                    return;
                }

                var index = Interlocked.Increment(ref recorded) - 1;
                if (index < samples.Length)
                {
                    samples[index] = (long)(probe.Result.Elapsed.TotalSeconds * Stopwatch.Frequency);
                }

                if (probe.Result.Outcome == ProbeOutcome.Ok)
                {
                    Interlocked.Increment(ref ok);
                }
            };
            await server.StartAsync(cancellationToken);
            await Task.Delay(WarmUp, TimeProvider.System, cancellationToken);

            var childBefore = ProcessCpu(child?.Id);
            var ownBefore = ProcessCpu(Environment.ProcessId);
            var before = ResourceUse.Now();
            var started = Stopwatch.GetTimestamp();
            Volatile.Write(ref measuring, true);
            await Task.Delay(window, TimeProvider.System, cancellationToken);
            Volatile.Write(ref measuring, false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var used = ResourceUse.Since(before);
            var childCpu = ProcessCpu(child?.Id);
            var childUsed = childCpu.User + childCpu.System - childBefore.User - childBefore.System;
            var ownCpu = ProcessCpu(Environment.ProcessId);
            var ownKernel = ownCpu.System - ownBefore.System;
            var ownUsed = ownCpu.User + ownCpu.System - ownBefore.User - ownBefore.System;
            var workingSet = Environment.WorkingSet;
            var heap = GC.GetGCMemoryInfo().HeapSizeBytes;

            var probes = Interlocked.Read(ref recorded);
            var latency = Distribution.Of(samples.Take((int)Math.Min(probes, samples.Length)));
            table.Row(
                path,
                Units.Whole(count),
                Units.Whole(probes / elapsed.TotalSeconds),
                Units.Whole(count / ProberDefaults.ProbeInterval.TotalSeconds),
                (probes == 0 ? 0 : Interlocked.Read(ref ok) * 100.0 / probes).ToString("F2", CultureInfo.InvariantCulture),
                Units.Ms(latency.Median),
                Units.Ms(latency.Percentile(95)),
                Units.Ms(latency.Percentile(99)),
                Units.Ms(latency.Max, 1),
                Units.Whole(used.CpuPercent(elapsed)),
                Units.Whole(used.CpuTime > TimeSpan.Zero ? ownKernel / used.CpuTime * 100 : 0),
                child is null ? "in process" : Units.Whole(childUsed / elapsed * 100),
                OthersPercent(used, childUsed, elapsed),
                MicrosecondsPer(ownUsed, probes),
                child is null ? "in process" : MicrosecondsPer(childUsed, probes),
                Units.OneDecimal(workingSet / Units.MiB),
                Units.OneDecimal(heap / Units.MiB),
                Units.OneDecimal(used.AllocatedBytes / Units.MiB / elapsed.TotalSeconds),
                used.Collections);

            if (child is not null)
            {
                await child.StandardInput.DisposeAsync();
                await child.WaitForExitAsync(cancellationToken);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Starts the child process with the devices' listeners and reads where each one listens.</summary>
    private async Task<(Process? Child, IReadOnlyList<(string Id, IPEndPoint EndPoint)> Devices)> StartFleetAsync(string path, int count, string directory, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, "devices.txt");
        var countText = count.ToString(CultureInfo.InvariantCulture);
        var childArguments = path == "bare"
            ? new[] { HandshakeFleet.ChildCommand, countText, file }.Concat(
                Enumerable.Range(0, (count + DevicesPerAddress - 1) / DevicesPerAddress).Select(_ => addresses.Next().ToString()))
            : [ProbeWorld.ChildCommand, path, countText, file];
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ProberBenchmark).Assembly.Location);
        }

        foreach (var argument in childArguments)
        {
            info.ArgumentList.Add(argument);
        }

        var child = Process.Start(info) ?? throw new InvalidOperationException("could not start the device process");
        using var patience = new CancellationTokenSource(ChildPatience, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(patience.Token, cancellationToken);
        var ready = await child.StandardOutput.ReadLineAsync(linked.Token);
        if (ready != "ready")
        {
            child.Kill();
            throw new InvalidOperationException($"the device process said '{ready}' instead of 'ready'");
        }

        var devices = (await File.ReadAllLinesAsync(file, cancellationToken))
            .Select(line => line.Split(' '))
            .Select(parts => (parts[0], new IPEndPoint(IPAddress.Parse(parts[1]), int.Parse(parts[2], CultureInfo.InvariantCulture))))
            .ToList();
        return (child, devices);
    }

    /// <summary>Writes every device's key and mapping into a fresh registry database.</summary>
    internal static void Seed(string database, IReadOnlyList<(string Id, IPEndPoint EndPoint)> devices)
    {
        using var store = RegistryStores.Open(database, ProberDefaults.HistoryPerDevice);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var (id, endPoint) in devices)
        {
            store.SaveKey(id, HandshakeFleet.KeyOf(id));
            var mapping = new MappingReport(endPoint.Address.ToString(), endPoint.Port, MappingProtocol.Tcp, endPoint.Address.ToString(), endPoint.Port, 0);
            store.SaveMapping(id, mapping, now, new HistoryEntry(now, "report", "seeded by the benchmark"));
        }
    }

    /// <summary>A process's user and kernel CPU time so far, from /proc (zero elsewhere).</summary>
    private static (TimeSpan User, TimeSpan System) ProcessCpu(int? processId)
    {
        var path = $"/proc/{processId}/stat";
        if (processId is null || !File.Exists(path))
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15 (1-based), in USER_HZ (100).
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (TimeSpan.FromSeconds(long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0),
            TimeSpan.FromSeconds(long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0));
    }

    private static string MicrosecondsPer(TimeSpan cpu, long probes) =>
        probes == 0 ? "n/a" : Units.Whole(cpu.TotalMicroseconds / probes);

    private static string OthersPercent(ResourceUse used, TimeSpan childUsed, TimeSpan elapsed)
    {
        if (used.MachineCpuTime is not { } machine)
        {
            return "n/a";
        }

        return Units.Whole(Math.Max(0, (machine - used.CpuTime - childUsed) / elapsed * 100));
    }

    /// <summary>The watchdog's probe on the simulated network, as a world with <c>network: simulated</c> makes it.</summary>
    internal sealed class InMemoryProbeConnector(InProcessNetwork network, IPAddress from) : IProbeConnector
    {
        public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) =>
            IdentityProbe.ProbeTcpAsync(network, target.EndPoint, target.DeviceId, target.Key, Timeout.InfiniteTimeSpan, TimeProvider.System, from, cancellationToken);
    }
}
