using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using IgdLab.Contracts;
using IgdLab.Prober;
using Npgsql;

namespace IgdLab.Benchmarks;

/// <summary>
/// Prober instances sharing one PostgreSQL registry, in this process, probing a simulated world (gateways and devices
/// on the in-process network, so that the probes cost little and the registry's share shows): probes per second and
/// what the registry writes with 1, 2 and 3 instances, then the takeover after an instance is killed
/// (<see cref="ProberServer.KillAsync"/>: no last write, no release, its lease left to run out), again and again.
/// </summary>
internal sealed class ClusterBenchmark(BenchArguments arguments, LoopbackAddresses addresses)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var count = arguments.Devices[0];
        var window = TimeSpan.FromSeconds(arguments.ProberSeconds);
        await using var world = await ProbeWorld.BuildAsync("simulated", count, addresses);
        var load = new FigureTable(
            $"cluster: {Units.Whole(count)} devices probed every 1 s by instances sharing one PostgreSQL registry (lease 1 s), {window.TotalSeconds:0} s measured after they balanced",
            "instances", "devices each", "probes/s", "due/s", "ok %", "db commits/s", "rows written/s", "rows written/s per 1,000 devices", "cpu %");
        for (var instances = 1; instances <= 3; instances++)
        {
            await using var run = await Run.StartAsync(arguments.Database!, world, instances, addresses, cancellationToken);
            await Task.Delay(Settle, TimeProvider.System, cancellationToken);
            var before = await run.WritesAsync();
            var use = ResourceUse.Now();
            var started = Stopwatch.GetTimestamp();
            var (probes, ok) = run.Probes;
            await Task.Delay(window, TimeProvider.System, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (probesAfter, okAfter) = run.Probes;
            var after = await run.WritesAsync();
            var rows = (after.Rows - before.Rows) / elapsed.TotalSeconds;
            load.Row(
                instances.ToString(CultureInfo.InvariantCulture),
                string.Join("/", run.Owned),
                Units.Whole((probesAfter - probes) / elapsed.TotalSeconds),
                Units.Whole(count),
                (probesAfter == probes ? 0 : (okAfter - ok) * 100.0 / (probesAfter - probes)).ToString("F2", CultureInfo.InvariantCulture),
                Units.OneDecimal((after.Commits - before.Commits) / elapsed.TotalSeconds),
                Units.OneDecimal(rows),
                Units.OneDecimal(rows * 1000 / count),
                Units.Whole(ResourceUse.Since(use).CpuPercent(elapsed)));
        }

        load
            .Note("probes/s: completed probes of all instances together; due/s: devices / interval. ok %: of those probes.")
            .Note("db commits/s and rows written/s: pg_stat_database of the registry's database over the window (its transactions,")
            .Note("  and rows inserted + updated + deleted), the instances' heartbeats, claims and progress writes included.")
            .Note("cpu %: this process (instances, world and probes), 100 % = one core; the PostgreSQL server's own CPU is not in it.")
            .Print(output);

        await MeasureFailoverAsync(output, count, cancellationToken);
    }

    private async Task MeasureFailoverAsync(TextWriter output, int count, CancellationToken cancellationToken)
    {
        await using var world = await ProbeWorld.BuildAsync("simulated", count, addresses);
        await using var run = await Run.StartAsync(arguments.Database!, world, 3, addresses, cancellationToken);
        var claimed = new List<TimeSpan>();
        var probed = new List<TimeSpan>();
        for (var kill = 0; kill < arguments.Kills; kill++)
        {
            var (claim, probe) = await run.KillOneAsync(kill % 3, cancellationToken);
            claimed.Add(claim);
            probed.Add(probe);
            await run.ReplaceAsync(kill % 3, cancellationToken);
        }

        var claims = Distribution.Of(claimed);
        var probes = Distribution.Of(probed);
        new FigureTable(
            $"cluster failover: one of 3 instances killed {arguments.Kills} times (a new one started after each), {Units.Whole(count)} devices, probe interval and lease 1 s",
            "after the kill", "p50 ms", "max ms", "min ms")
            .Row("every orphan claimed by a survivor", Units.Ms(claims.Median, 0), Units.Ms(claims.Max, 0), Units.Ms(claimed.Min(), 0))
            .Row("every orphan probed by a survivor", Units.Ms(probes.Median, 0), Units.Ms(probes.Max, 0), Units.Ms(probed.Min(), 0))
            .Note($"each kill, claimed/probed ms: {string.Join(", ", claimed.Zip(probed, (c, p) => $"{c.TotalMilliseconds:0}/{p.TotalMilliseconds:0}"))}")
            .Note("orphans: the devices the killed instance owned. Claimed: owned by a live instance again; probed: each of them")
            .Note("  probed by its new owner. The bound is a lease and a quarter (heartbeat) plus a probe: 1.25 s and a little.")
            .Print(output);
    }

    /// <summary>Instances on a database of their own, seeded with the world's devices; the database is dropped at the end.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly string _admin;
        private readonly string _database;
        private readonly string _name;
        private readonly ProbeWorld.Fleet _world;
        private readonly LoopbackAddresses _addresses;
        private readonly ProberServer?[] _instances;
        private readonly ConcurrentDictionary<string, ProberServer> _owners = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private readonly List<(Func<bool> Condition, TaskCompletionSource Met)> _waits = [];
        private long _probes;
        private long _ok;

        private Run(string admin, string name, ProbeWorld.Fleet world, int instances, LoopbackAddresses addresses)
        {
            _admin = admin;
            _name = name;
            _database = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            _world = world;
            _addresses = addresses;
            _instances = new ProberServer?[instances];
        }

        public (long Probes, long Ok) Probes => (Interlocked.Read(ref _probes), Interlocked.Read(ref _ok));

        public IEnumerable<int> Owned => _instances.Select(instance => instance?.OwnedDeviceCount ?? 0);

        public static async Task<Run> StartAsync(string admin, ProbeWorld.Fleet world, int instances, LoopbackAddresses addresses, CancellationToken cancellationToken)
        {
            var name = $"igdlab_bench_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var run = new Run(admin, name, world, instances, addresses);
            ProberBenchmark.Seed(run._database, world.Targets);
            for (var i = 0; i < instances; i++)
            {
                await run.StartInstanceAsync(i, cancellationToken);
            }

            try
            {
                await run.UntilAsync(run.Balanced);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the instances did not balance within {Patience.TotalSeconds:0} s: they own {string.Join("/", run.Owned)} of {world.Targets.Count} devices");
            }

            return run;
        }

        /// <summary>The registry database's transactions and rows written so far (the statistics lag by up to a second).</summary>
        public async Task<(long Commits, long Rows)> WritesAsync()
        {
            await using var connection = new NpgsqlConnection(_database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }

        /// <summary>Kills instance <paramref name="index"/>; how long until its devices were claimed, and probed, by the others.</summary>
        public async Task<(TimeSpan Claimed, TimeSpan Probed)> KillOneAsync(int index, CancellationToken cancellationToken)
        {
            var victim = _instances[index]!;
            var orphans = _owners.Where(owner => owner.Value == victim).Select(owner => owner.Key).ToHashSet(StringComparer.Ordinal);
            var unprobed = new HashSet<string>(orphans, StringComparer.Ordinal);
            var probedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claimedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            EventHandler<ProbeCompleted> probed = (sender, probe) =>
            {
                lock (unprobed)
                {
                    if (sender != victim && unprobed.Remove(probe.DeviceId) && unprobed.Count == 0)
                    {
                        probedAll.TrySetResult();
                    }
                }
            };
            var survivors = _instances.Where(instance => instance != victim).ToList();
            foreach (var survivor in survivors)
            {
                survivor!.ProbeCompleted += probed;
            }

            var stopwatch = Stopwatch.StartNew();
            await victim.KillAsync();
            _instances[index] = null;
            var claimedWait = UntilAsync(() => orphans.All(id => _owners.TryGetValue(id, out var owner) && owner != victim));
            await claimedWait.WaitAsync(Patience, cancellationToken);
            var claimed = stopwatch.Elapsed;
            await probedAll.Task.WaitAsync(Patience, cancellationToken);
            var all = stopwatch.Elapsed;
            foreach (var survivor in survivors)
            {
                survivor!.ProbeCompleted -= probed;
            }

            return (claimed, all);
        }

        /// <summary>Starts a new instance in place of a killed one and waits until the three are balanced again.</summary>
        public async Task ReplaceAsync(int index, CancellationToken cancellationToken)
        {
            await StartInstanceAsync(index, cancellationToken);
            await UntilAsync(Balanced).WaitAsync(Patience, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var instance in _instances)
            {
                if (instance is not null)
                {
                    await instance.DisposeAsync();
                }
            }

            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        private bool Balanced()
        {
            var owned = _instances.Where(instance => instance is not null).Select(instance => instance!.OwnedDeviceCount).ToList();
            // Each instance claims up to its share, the devices over the live instances rounded up (1,000 over 3: 334/334/332).
            var share = (_world.Targets.Count + owned.Count - 1) / owned.Count;
            return owned.Sum() == _world.Targets.Count && owned.Max() <= share && _owners.Count == _world.Targets.Count;
        }

        private async Task StartInstanceAsync(int index, CancellationToken cancellationToken)
        {
            var from = _addresses.Next();
            var instance = new ProberServer(
                new ProberOptions { ListenAddress = _addresses.Next(), ProbeFrom = from, DatabasePath = _database, InstanceName = $"bench{index}" },
                connector: new ProberBenchmark.InMemoryProbeConnector(_world.Network!, from));
            instance.OwnershipChanged += (sender, e) =>
            {
                if (e.Owned)
                {
                    _owners[e.DeviceId] = instance;
                }
                else
                {
                    _owners.TryRemove(new KeyValuePair<string, ProberServer>(e.DeviceId, instance));
                }

                Check();
            };
            instance.ProbeCompleted += (_, probe) =>
            {
                Interlocked.Increment(ref _probes);
                if (probe.Result.Outcome == ProbeOutcome.Ok)
                {
                    Interlocked.Increment(ref _ok);
                }
            };
            _instances[index] = instance;
            await instance.StartAsync(cancellationToken);
        }

        private Task UntilAsync(Func<bool> condition)
        {
            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waits.Add((condition, met));
            }

            Check();
            return met.Task.WaitAsync(Patience);
        }

        private void Check()
        {
            lock (_gate)
            {
                foreach (var wait in _waits.ToList())
                {
                    if (wait.Condition())
                    {
                        wait.Met.TrySetResult();
                        _waits.Remove(wait);
                    }
                }
            }
        }
    }
}
