using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IgdLab.Prober.Tests.Cluster;

/// <summary>
/// Several prober instances on one real PostgreSQL registry (the tests' private cluster), on the real clock with real
/// control channels: how they share the devices, take over a killed one's, and pass instructions between them.
/// Probes go to a scripted connector per instance, which also tells which instance probed which device.
/// </summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ClusterTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly IPAddress Wan = LoopbackAddresses.Next();

    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly List<ILoggerFactory> _loggers = [];
    private string _database = null!;

    // With pooling, as a deployment would run: without it every statement of a heartbeat starts a server process.
    [SetUp]
    public async Task CreateDatabaseAsync() =>
        _database = new NpgsqlConnectionStringBuilder(await PostgresTestServer.CreateDatabaseAsync()) { Pooling = true }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        foreach (var loggers in _loggers)
        {
            loggers.Dispose();
        }
    }

    [Test]
    public async Task AJoiningInstance_GetsHalf_AndEachDeviceIsProbedByOneInstanceOnly()
    {
        Seed(12);
        var owners = new Owners();
        var (first, firstProbes) = await StartAsync("first", owners);
        await owners.UntilAsync(sets => sets[0].Count == 12);

        var (second, secondProbes) = await StartAsync("second", owners);
        await owners.UntilAsync(sets => sets[0].Count == 6 && sets[1].Count == 6);
        var balanced = TimeProvider.System.GetUtcNow();
        var probedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var counts = new Dictionary<string, int>();
        EventHandler<ProbeCompleted> count = (_, probe) =>
        {
            lock (counts)
            {
                if (probe.At > balanced && (counts[probe.DeviceId] = counts.GetValueOrDefault(probe.DeviceId) + 1) >= 2 && counts.Count == 12 && counts.Values.All(n => n >= 2))
                {
                    probedTwice.TrySetResult();
                }
            }
        };
        first.ProbeCompleted += count;
        second.ProbeCompleted += count;
        await probedTwice.Task.WaitAsync(Patience);

        var byFirst = firstProbes.Calls.Where(call => call.At > balanced).Select(call => call.DeviceId).ToHashSet();
        var bySecond = secondProbes.Calls.Where(call => call.At > balanced).Select(call => call.DeviceId).ToHashSet();
        Assert.That(byFirst, Is.EquivalentTo(owners.Of(0)), "the first probes what it owns, and nothing else");
        Assert.That(bySecond, Is.EquivalentTo(owners.Of(1)), "the second probes what it owns, and nothing else");
        Assert.That(byFirst.Intersect(bySecond), Is.Empty);
        Assert.That(byFirst.Union(bySecond).Count(), Is.EqualTo(12));
        Assert.That(first.OwnedDeviceCount + second.OwnedDeviceCount, Is.EqualTo(12));
        using var http = new HttpClient();
        foreach (var server in new[] { first, second })
        {
            using var health = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "health")));
            Assert.That(health.RootElement.GetProperty("instance").GetString(), Is.EqualTo(server.InstanceId).And.StartsWith(server == first ? "first-" : "second-"));
            Assert.That(health.RootElement.GetProperty("owned").GetInt32(), Is.EqualTo(6), "/health says how many devices the instance probes");
            Assert.That(health.RootElement.GetProperty("devices").GetInt32(), Is.EqualTo(12));
        }
    }

    [Test]
    public async Task AKilledInstancesDevices_AreProbedByTheOthersWithinTwoProbeIntervals()
    {
        Seed(12);
        var owners = new Owners();
        var (doomed, _) = await StartAsync("doomed", owners);
        var (survivor, _) = await StartAsync("survivor", owners);
        await owners.UntilAsync(sets => sets[0].Count == 6 && sets[1].Count == 6);
        var orphans = owners.Of(0);
        var takenOver = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = new Stopwatch();
        var probed = new HashSet<string>();
        survivor.ProbeCompleted += (_, probe) =>
        {
            lock (probed)
            {
                if (stopwatch.IsRunning && orphans.Contains(probe.DeviceId) && probed.Add(probe.DeviceId) && probed.Count == orphans.Count)
                {
                    takenOver.TrySetResult(stopwatch.Elapsed);
                }
            }
        };

        stopwatch.Start();
        await doomed.KillAsync();
        var elapsed = await takenOver.Task.WaitAsync(Patience);

        TestContext.Out.WriteLine($"every device of the killed instance probed by the survivor {elapsed.TotalMilliseconds:0} ms after the kill");
        Assert.That(elapsed, Is.LessThanOrEqualTo(2 * Interval), "a lease (one probe interval) and a heartbeat, then a probe at once");
        await owners.UntilAsync(sets => sets[1].Count == 12);
    }

    [Test]
    public async Task AnInstruction_ForADeviceConnectedToAnotherInstance_ReachesItOnce_AndItsReportReachesTheOwner()
    {
        var ((owner, ownerProbes), (bystander, _)) = await StartTwoOnOneDeviceAsync();
        var sent = Count<InstructionSent>(owner);
        ownerProbes.Answer("d00", ProbeOutcome.Refused);

        var (client, welcome) = await ControlTestClient.AuthenticateAsync(bystander.ControlUrl, "d00", Key("d00"));
        _cleanup.Add(client);
        var instruction = await client.ReceiveAsync<RemapInstruction>();

        Assert.That(welcome, Is.TypeOf<WelcomeMessage>());
        Assert.That(instruction.Endpoint, Is.EqualTo(Endpoint(0).ToString()), "the owner's instruction names the endpoint whose probe failed");
        var moved = new IPEndPoint(Wan, 30000);
        ownerProbes.Answer("d00", ProbeOutcome.Ok);
        var recovered = ServerEvents.Next<DeviceRecovered>(owner);
        var probedMoved = ServerEvents.Next<ProbeCompleted>(owner, probe => probe.Target.Equals(moved));
        await client.SendAsync(new ReportMessage(2, Mapping(moved), instruction.InstructionId));

        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(2)), "the instance the device talks to acknowledges, and sends no second instruction first");
        await probedMoved;
        await recovered;
        Assert.That(sent(), Is.EqualTo(1));
        Assert.That(owner.GetDevice("d00")!.Endpoint, Is.EqualTo(moved.ToString()));
    }

    [Test]
    public async Task ANonOwner_AnswersAboutADevice_WithTheRegistrysWord_ItsNewMappingAndWhereItsChannelIs()
    {
        var ((owner, _), (other, _)) = await StartTwoOnOneDeviceAsync();
        var (client, _) = await ControlTestClient.AuthenticateAsync(owner.ControlUrl, "d00", Key("d00"));
        _cleanup.Add(client);
        var moved = new IPEndPoint(Wan, 30001);

        await client.SendAsync(new ReportMessage(1, Mapping(moved), null));
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(1)));

        var answer = other.GetDevice("d00");
        Assert.That(answer, Is.Not.Null);
        Assert.That(answer!.Endpoint, Is.EqualTo(moved.ToString()), "the mapping the device reported to the owner, not the one the other instance read at its start");
        Assert.That(answer.Connected, Is.True, "its channel is open, on the owner");
        Assert.That(other.Devices.Single(device => device.Id == "d00").Endpoint, Is.EqualTo(moved.ToString()), "the list says the same");
        Assert.That(owner.GetDevice("d00")!.Endpoint, Is.EqualTo(moved.ToString()));
    }

    [Test]
    public async Task AnOwnerKilledWithAnInstructionOutstanding_ItsSuccessorSendsTheSameOneAgain_AndNoSecond()
    {
        var ((owner, ownerProbes), (successor, successorProbes)) = await StartTwoOnOneDeviceAsync();
        ownerProbes.Answer("d00", ProbeOutcome.Refused);
        successorProbes.Answer("d00", ProbeOutcome.Refused);
        var (client, _) = await ControlTestClient.AuthenticateAsync(successor.ControlUrl, "d00", Key("d00"));
        _cleanup.Add(client);
        var instruction = await client.ReceiveAsync<RemapInstruction>();

        var successorSent = new ConcurrentQueue<InstructionSent>();
        successor.InstructionSent += (_, sent) => successorSent.Enqueue(sent);
        var judged = ServerEvents.Next<FailureDetected>(successor);
        var resentReported = ServerEvents.Next<InstructionSent>(successor);
        await owner.KillAsync();
        var resent = await client.ReceiveAsync<RemapInstruction>();
        await judged;
        await resentReported;

        // The dead owner may have recorded it and died before sending it: the successor sends it again, same id.
        Assert.That(resent.InstructionId, Is.EqualTo(instruction.InstructionId), "the same instruction again, not a second one");
        var moved = new IPEndPoint(Wan, 30001);
        successorProbes.Answer("d00", ProbeOutcome.Ok);
        var recovered = ServerEvents.Next<DeviceRecovered>(successor);
        await client.SendAsync(new ReportMessage(2, Mapping(moved), instruction.InstructionId));
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new ReportAck(2)), "no second instruction came before the answer's acknowledgement");
        await recovered;
        Assert.That(
            successorSent.Select(sent => (sent.Instruction.InstructionId, sent.Again)),
            Is.EqualTo(new[] { (instruction.InstructionId, true) }),
            "the successor found the instruction outstanding, sent it again, and reported it as sent again; no new one");
        Assert.That(successor.GetDevice("d00")!.Counters.RemapFailures, Is.Zero, "the answer counted as the instruction's");
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(successor.BaseUrl, "metrics"));
        Assert.That(metrics, Does.Contain("\nigdlab_prober_instructions_resent_total 1\n"), "/metrics counts the re-send");
        Assert.That(metrics, Does.Contain("\nigdlab_prober_instructions_total 0\n"), "and no new instruction");
    }

    [Test]
    public async Task AnInstanceProbingADeviceTheRegistryGivesAnotherOwner_StopsProbingItWithinAHeartbeat_AndSaysSo()
    {
        Seed(12);
        var owners = new Owners();
        var logs = new LogLines();
        var (server, probes) = await StartAsync("stale", owners, logs);
        await owners.UntilAsync(sets => sets[0].Count == 12);
        var gone = ServerEvents.Next<OwnershipChanged>(server, change => change.DeviceId == "d00" && !change.Owned);

        // What a claim race once did: another live instance's name on a row this instance believes it owns.
        await using (var source = NpgsqlDataSource.Create(_database))
        await using (var intrude = source.CreateCommand("""
            INSERT INTO instances (id, name, started_at, expires_at) VALUES ('intruder', 'intruder', now(), now() + interval '1 hour');
            UPDATE devices SET owner = 'intruder' WHERE id = 'd00';
            """))
        {
            await intrude.ExecuteNonQueryAsync();
        }

        var change = await gone;
        var after = TimeProvider.System.GetUtcNow();
        await ServerEvents.Next<ProbeCompleted>(server, probe => probe.At > after + Interval);

        Assert.That(change.Reason, Is.EqualTo("the registry no longer names this instance its owner"));
        Assert.That(probes.Calls.Where(call => call.DeviceId == "d00" && call.At > after), Is.Empty, "no probe of d00 after it was given up");
        Assert.That(logs.Matching("The registry no longer names this instance the owner of 1 devices it probed (first: d00)"), Has.Count.EqualTo(1));
        Assert.That(owners.Of(0), Does.Not.Contain("d00"));
    }

    [Test]
    public async Task ADeviceAuthenticatingOnAnotherInstance_HasItsChannelOnTheFirstClosedAsReplaced()
    {
        var ((owner, _), (bystander, _)) = await StartTwoOnOneDeviceAsync();
        var (first, _) = await ControlTestClient.AuthenticateAsync(bystander.ControlUrl, "d00", Key("d00"));
        _cleanup.Add(first);

        var (second, welcome) = await ControlTestClient.AuthenticateAsync(owner.ControlUrl, "d00", Key("d00"));
        _cleanup.Add(second);

        Assert.That(welcome, Is.TypeOf<WelcomeMessage>());
        Assert.That(await first.ReceiveAsync(), Is.EqualTo(new ControlError(ControlErrorCodes.Replaced, "the device authenticated on another instance")));
        Assert.That(owner.GetDevice("d00")!.Connected, Is.True);
    }

    [Test]
    public async Task ARegistryOutOfReach_StopsTheProbesWhenTheLeaseRunsOut_AndItClaimsAgainWhenItAnswers_LoggingOnce()
    {
        Seed(2);
        var owners = new Owners();
        var logs = new LogLines();
        var (server, _) = await StartAsync("alone", owners, logs);
        await owners.UntilAsync(sets => sets[0].Count == 2);
        var lost = ServerEvents.Next<OwnershipChanged>(server, e => !e.Owned);

        await AllowConnectionsAsync(false);
        var gone = await lost;
        var back = ServerEvents.Next<OwnershipChanged>(server, e => e.Owned);
        await AllowConnectionsAsync(true);
        await back;
        await owners.UntilAsync(sets => sets[0].Count == 2);

        Assert.That(gone.Reason, Is.EqualTo("this instance's lease ran out"));
        Assert.That(logs.Matching("Could not work with the shared registry"), Has.Count.EqualTo(1), "one error for the outage, not one a heartbeat");
        Assert.That(logs.Matching("The shared registry answers again"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AKeyRegisteredOnOneInstance_AuthenticatesOnAnother_AndRevokingItClosesThatChannel()
    {
        var owners = new Owners();
        var (one, _) = await StartAsync("one", owners);
        var (other, _) = await StartAsync("other", owners);
        var key = Key("late");
        var registered = ServerEvents.Next<OwnershipChanged>(other, e => e.DeviceId == "late");
        var registeredToo = ServerEvents.Next<OwnershipChanged>(one, e => e.DeviceId == "late");

        one.RegisterDevice("late", key);
        await Task.WhenAny(registered, registeredToo).WaitAsync(Patience);
        var (client, welcome) = await ControlTestClient.AuthenticateAsync(other.ControlUrl, "late", key);
        _cleanup.Add(client);
        Assert.That(welcome, Is.TypeOf<WelcomeMessage>(), "the other instance learnt the key");

        Assert.That(one.RevokeDevice("late"), Is.True);
        var closed = await client.ReceiveAsync();
        Assert.That(closed, Is.EqualTo(new ControlError(ControlErrorCodes.AuthenticationFailed, "the device's key was revoked")));
    }

    private static byte[] Key(string deviceId) => Encoding.UTF8.GetBytes($"key-{deviceId}");

    private static IPEndPoint Endpoint(int device) => new(Wan, 20000 + device);

    private static MappingReport Mapping(IPEndPoint external) =>
        new(external.Address.ToString(), external.Port, MappingProtocol.Tcp, "127.0.0.1", 8080, 0);

    private static Func<int> Count<T>(ProberServer server)
        where T : WatchdogEvent
    {
        var count = 0;
        server.EventRaised += (_, raised) =>
        {
            if (raised is T)
            {
                Interlocked.Increment(ref count);
            }
        };
        return () => Volatile.Read(ref count);
    }

    /// <summary>Stores <paramref name="devices"/> devices (d00, d01, …) with keys and mappings, as earlier instances would have.</summary>
    private void Seed(int devices)
    {
        using var store = RegistryStores.Open(_database, 10);
        var at = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < devices; i++)
        {
            var id = $"d{i:00}";
            store.SaveKey(id, Key(id));
            store.SaveMapping(id, Mapping(Endpoint(i)), at, new HistoryEntry(at, "report", "seeded"));
        }
    }

    private async Task<(ProberServer Server, ScriptedProbeConnector Probes)> StartAsync(string name, Owners owners, LogLines? logs = null)
    {
        var probes = new ScriptedProbeConnector(TimeProvider.System);
        var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs ?? new LogLines()));
        _loggers.Add(loggers);
        var server = new ProberServer(
            new ProberOptions
            {
                ListenAddress = LoopbackAddresses.Next(),
                ProbeInterval = Interval,
                DatabasePath = _database,
                InstanceName = name,
            },
            TimeProvider.System,
            loggers,
            probes);
        owners.Watch(server);
        _cleanup.Add(server);
        await server.StartAsync();
        return (server, probes);
    }

    /// <summary>Refuses (and ends) or allows again every connection to the test's database, as a registry out of reach would.</summary>
    private async Task AllowConnectionsAsync(bool allow)
    {
        var database = new NpgsqlConnectionStringBuilder(_database).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE {database} ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allow)
        {
            await using var end = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'", admin);
            await end.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Two instances on a registry of one device (d00): the one that owns it, then the other.</summary>
    private async Task<((ProberServer Server, ScriptedProbeConnector Probes) Owner, (ProberServer Server, ScriptedProbeConnector Probes) Other)> StartTwoOnOneDeviceAsync()
    {
        Seed(1);
        var owners = new Owners();
        var one = await StartAsync("one", owners);
        var other = await StartAsync("other", owners);
        await owners.UntilAsync(sets => sets[0].Count + sets[1].Count == 1);
        return owners.Of(0).Count == 1 ? (one, other) : (other, one);
    }

    /// <summary>Every log line of the instances it is given to, for counting.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Matching(string start) => [.. _lines.Where(line => line.StartsWith(start, StringComparison.Ordinal))];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }

    /// <summary>Which devices each watched instance owns, from its ownership events, and a wait for a condition on them.</summary>
    private sealed class Owners
    {
        private readonly List<HashSet<string>> _sets = [];
        private readonly List<(Func<IReadOnlyList<IReadOnlySet<string>>, bool> Condition, TaskCompletionSource Met)> _waits = [];

        public void Watch(ProberServer server)
        {
            HashSet<string> set;
            lock (_sets)
            {
                set = [];
                _sets.Add(set);
            }

            server.OwnershipChanged += (_, e) =>
            {
                TestContext.Out.WriteLine($"{e.At:HH:mm:ss.fff} {server.InstanceId} {e.DeviceId} {(e.Owned ? "owned" : "gone")}: {e.Reason}");
                lock (_sets)
                {
                    _ = e.Owned ? set.Add(e.DeviceId) : set.Remove(e.DeviceId);
                    Check();
                }
            };
        }

        public IReadOnlySet<string> Of(int instance)
        {
            lock (_sets)
            {
                return _sets[instance].ToHashSet();
            }
        }

        public Task UntilAsync(Func<IReadOnlyList<IReadOnlySet<string>>, bool> condition)
        {
            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sets)
            {
                _waits.Add((condition, met));
                Check();
            }

            return met.Task.WaitAsync(Patience);
        }

        private void Check()
        {
            foreach (var (condition, met) in _waits.ToList())
            {
                if (condition(_sets))
                {
                    met.TrySetResult();
                    _waits.Remove((condition, met));
                }
            }
        }
    }
}
