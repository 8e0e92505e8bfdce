using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace IgdLab.Benchmarks;

/// <summary>
/// The soak with the prober in a process of its own (<c>soak --prober-process</c>), so that its memory is its own: an
/// <c>igdlab prober</c> child on a registry seeded with N devices (an SQLite file, or with <c>--db</c> a database of its
/// own on that PostgreSQL server, dropped after), probing them every second through 10 virtual
/// gateways of a second child (<see cref="ProbeWorld"/>'s gateway path), which breaks and mends their mappings at
/// random (<see cref="FaultLoop"/>) until a minute before the end. Both processes are sampled every 10 s; at the end the
/// prober's <c>/devices</c> must show every device reached by its last probe, with no fault open.
/// </summary>
internal sealed class ProberSoakBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ChildPatience = TimeSpan.FromMinutes(2);
    private const int FaultSeed = 21;

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var devices = arguments.Devices[0];
        var duration = TimeSpan.FromMinutes(arguments.Minutes);
        var folder = Directory.CreateTempSubdirectory("igdlab-prober-soak-");
        Process? world = null;
        Process? prober = null;
        string? database = null;
        try
        {
            var targetsFile = Path.Combine(folder.FullName, "devices.txt");
            world = Start(BenchmarkChild(), [ProbeWorld.ChildCommand, "gateway", Text(devices), targetsFile, "faults", Text(FaultSeed), Text((int)(duration - Quiet).TotalSeconds)]);
            if (await ReadLineAsync(world, cancellationToken) is not "ready" and var first)
            {
                throw new InvalidOperationException($"the device process said '{first}' instead of 'ready'");
            }

            var targets = (await File.ReadAllLinesAsync(targetsFile, cancellationToken))
                .Select(line => line.Split(' '))
                .Select(parts => (parts[0], new IPEndPoint(IPAddress.Parse(parts[1]), int.Parse(parts[2], CultureInfo.InvariantCulture))))
                .ToList();
            database = arguments.Database is { } admin ? await CreateDatabaseAsync(admin, cancellationToken) : Path.Combine(folder.FullName, "registry.db");
            ProberBenchmark.Seed(database, targets);

            var listen = new IPEndPoint(addresses.Next(), 0);
            listen.Port = FreePort(listen.Address);
            prober = Start([SoakBenchmark.FindIgdlab()], ["prober", "--listen", $"http://{listen}", "--db", database, "--probe-from", addresses.Next().ToString()]);
            var said = new Queue<string>();
            prober.OutputDataReceived += (_, e) => Keep(said, e.Data);
            prober.ErrorDataReceived += (_, e) => Keep(said, e.Data);
            prober.BeginOutputReadLine();
            prober.BeginErrorReadLine();
            world.ErrorDataReceived += (_, e) => Keep(said, e.Data is null ? null : $"devices' process: {e.Data}");
            world.BeginErrorReadLine();

            var table = new FigureTable(
                $"soak, prober in its own process on {(arguments.Database is null ? "an SQLite" : "a PostgreSQL")} registry: {Units.Whole(devices)} devices behind {Units.Whole((devices + 99) / 100)} gateways probed every 1 s, {duration.TotalMinutes:0} min, random mapping drops and reboots until the last minute; sampled every {SampleEvery.TotalSeconds:0} s",
                "elapsed s", "prober rss MB", "descriptors", "threads", "devices' process rss MB");
            var samples = new List<(TimeSpan At, SoakBenchmark.ProcessSample Prober)>();
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started) < duration && !prober.HasExited)
            {
                await Task.Delay(SampleEvery, TimeProvider.System, cancellationToken);
                if (SoakBenchmark.Sample(prober.Id) is { } sample)
                {
                    var at = Stopwatch.GetElapsedTime(started);
                    samples.Add((at, sample));
                    var worldRss = SoakBenchmark.Sample(world.Id)?.RssMb;
                    table.Row(Units.Whole(at.TotalSeconds), Units.OneDecimal(sample.RssMb), Units.Whole(sample.Descriptors), Units.Whole(sample.Threads), worldRss is { } rss ? Units.OneDecimal(rss) : "–");
                }
            }

            if (prober.HasExited)
            {
                throw new InvalidOperationException($"igdlab prober exited with {prober.ExitCode}; it said:\n{Said(said)}");
            }

            // The faults ended a minute ago (Quiet), every mapping put back.
            var faults = await ReadLineAsync(world, cancellationToken);
            var (reached, known, probes, failed, verdicts) = await ReachedAsync(listen, cancellationToken);
            table
                .Note($"prober rss: VmRSS of the igdlab prober process alone (server, scheduler, probes, its {(arguments.Database is null ? "SQLite" : "PostgreSQL")} registry); descriptors: entries of /proc/PID/fd.")
                .Note("devices' process: the 10 virtual gateways and the devices' service endpoints, for comparison.")
                .Note("The first minute includes starting; compare a sample after it with the last.")
                .Print(output);
            if (samples.Count > 0)
            {
                var settled = samples.FirstOrDefault(sample => sample.At >= TimeSpan.FromMinutes(1), samples[0]).Prober;
                var last = samples[^1].Prober;
                output.WriteLine();
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"prober, after the first minute → at the end: rss {settled.RssMb:0.0} → {last.RssMb:0.0} MB (max {samples.Max(s => s.Prober.RssMb):0.0}), descriptors {settled.Descriptors} → {last.Descriptors} (max {samples.Max(s => s.Prober.Descriptors)}), threads {settled.Threads} → {last.Threads}"));
            }

            output.WriteLine($"faults: {faults?["restored ".Length..]}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the prober's counters: {probes:N0} probes, {failed:N0} failed, {verdicts:N0} failure verdicts"));
            output.WriteLine(reached == devices && known == devices
                ? $"devices at the end: all {devices} reached by their last probe, no fault open; none lost"
                : $"devices at the end: {reached} of {devices} reached by their last probe with no fault open ({known} known to the prober); {devices - reached} LOST");
        }
        finally
        {
            if (prober is { HasExited: false })
            {
                prober.Kill();
            }

            if (world is { HasExited: false })
            {
                world.StandardInput.Close();
                await world.WaitForExitAsync(CancellationToken.None).WaitAsync(ChildPatience, TimeProvider.System, CancellationToken.None);
            }

            prober?.Dispose();
            world?.Dispose();
            folder.Delete(recursive: true);
            if (arguments.Database is { } admin && database is not null)
            {
                await DropDatabaseAsync(admin, database);
            }
        }
    }

    // The prober's devices at the end: how many it reached at its last probe with no fault open, out of how many it has.
    // They have no control channel, so their state reads "offline" (probed, but no instruction can reach them).
    private static async Task<(int Reached, int Known, long Probes, long Failed, long Verdicts)> ReachedAsync(IPEndPoint prober, CancellationToken cancellationToken)
    {
        using var http = LoopbackHttp.Create();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://{prober}/devices"), cancellationToken));
        var devices = document.RootElement.EnumerateArray().ToList();
        var reached = devices.Count(device =>
            device.TryGetProperty("lastProbe", out var probe) && probe.ValueKind == JsonValueKind.Object
            && string.Equals(probe.GetProperty("outcome").ToString(), "ok", StringComparison.OrdinalIgnoreCase)
            && (!device.TryGetProperty("episode", out var episode) || episode.ValueKind == JsonValueKind.Null));
        long Total(string counter) => devices.Sum(device => device.GetProperty("counters").GetProperty(counter).GetInt64());
        return (reached, devices.Count, Total("probes"), Total("failedProbes"), Total("verdicts"));
    }

    // The last lines the children printed, for when something went wrong.
    private static void Keep(Queue<string> said, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (said)
        {
            said.Enqueue(line);
            if (said.Count > 30)
            {
                said.Dequeue();
            }
        }
    }

    private static string Said(Queue<string> said)
    {
        lock (said)
        {
            return string.Join('\n', said);
        }
    }

    // A database of the run's own on the given PostgreSQL server; its connection string.
    private static async Task<string> CreateDatabaseAsync(string admin, CancellationToken cancellationToken)
    {
        var name = $"igdlab_soak_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string admin, string database)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ReadLineAsync(Process process, CancellationToken cancellationToken) =>
        await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(ChildPatience, TimeProvider.System, cancellationToken);

    // This benchmark's own program, to start again as the device process.
    private static string[] BenchmarkChild() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? [typeof(ProberSoakBenchmark).Assembly.Location] : [];

    private static Process Start(string[] program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program.Length > 0 && program[0].EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in program.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
