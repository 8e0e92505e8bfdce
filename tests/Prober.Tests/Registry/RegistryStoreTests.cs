using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests.Registry;

/// <summary>The registry's behaviour, the same on both stores: an SQLite file and a PostgreSQL database.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class RegistryStoreTests(string store) : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly MappingReport Mapping = new("127.0.0.2", 20000, MappingProtocol.Udp, "127.0.0.5", 8080, 600);

    private readonly TempFolder _folder = new("igdlab-registry-");
    private string _database = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() =>
        _database = store == "postgres" ? await PostgresTestServer.CreateDatabaseAsync() : _folder.Combine("registry.db");

    public void Dispose() => _folder.Dispose();

    private IRegistryStore Open(int historyPerDevice)
    {
        var opened = RegistryStores.Open(_database, historyPerDevice);
        Assert.That(opened, store == "postgres" ? Is.InstanceOf<PostgresRegistryStore>() : Is.InstanceOf<SqliteRegistryStore>());
        return opened;
    }

    [Test]
    public void Load_AfterReopening_ReturnsWhatWasSaved()
    {
        var probe = new ProbeRecord(ProbeOutcome.Refused, At, TimeSpan.FromMilliseconds(1.5), "ConnectionRefused", null);
        var counters = new DeviceCounters(10, 2, 1, 1, 3, 0, 1);
        using (var store = Open(10))
        {
            store.SaveKey("nas", [1, 2, 3]);
            store.SaveMapping("nas", Mapping, At, new HistoryEntry(At, "report", "first"));
            store.SaveProgress([new StoredDevice("nas", [1, 2, 3], Mapping, At, DeviceState.Remapping, probe, counters, 2)], []);
        }

        using var reopened = Open(10);
        var device = reopened.Load().Single();

        Assert.That(device.Id, Is.EqualTo("nas"));
        Assert.That(device.Key, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(device.Mapping, Is.EqualTo(Mapping));
        Assert.That(device.ReportedAt, Is.EqualTo(At));
        Assert.That(device.State, Is.EqualTo(DeviceState.Remapping));
        Assert.That(device.LastProbe, Is.EqualTo(probe));
        Assert.That(device.Counters, Is.EqualTo(counters));
        Assert.That(device.ConsecutiveRemapFailures, Is.EqualTo(2));
    }

    [Test]
    public void SaveKey_Again_ReplacesTheKeyAndKeepsTheMapping()
    {
        using var store = Open(10);
        store.SaveKey("nas", [1]);
        store.SaveMapping("nas", Mapping, At, new HistoryEntry(At, "report", "first"));

        store.SaveKey("nas", [9]);

        var device = store.Load().Single();
        Assert.That(device.Key, Is.EqualTo(new byte[] { 9 }));
        Assert.That(device.Mapping, Is.EqualTo(Mapping));
    }

    [Test]
    public void SaveProgress_MoreHistoryThanKept_KeepsTheNewestLines()
    {
        using var store = Open(3);
        store.SaveKey("nas", [1]);
        store.SaveKey("tv", [2]);

        store.SaveProgress([], [.. Enumerable.Range(1, 5).Select(i => ("nas", new HistoryEntry(At.AddSeconds(i), "instruction", $"#{i}"))), ("tv", new HistoryEntry(At, "report", "tv"))]);

        Assert.That(store.History("nas", 100).Select(entry => entry.Detail), Is.EqualTo(new[] { "#3", "#4", "#5" }));
        Assert.That(store.History("tv", 100).Single().Detail, Is.EqualTo("tv"));
    }

    [Test]
    public void History_ReportWrittenBeforeEarlierBatchedLines_ListedInTimeOrder()
    {
        using var store = Open(10);
        store.SaveKey("nas", [1]);
        store.SaveMapping("nas", Mapping, At.AddMilliseconds(20), new HistoryEntry(At.AddMilliseconds(20), "report", "first"));

        store.SaveProgress([], [
            ("nas", new HistoryEntry(At, "channel-open", "authenticated")),
            ("nas", new HistoryEntry(At.AddMilliseconds(30), "instruction", "#1")),
            ("nas", new HistoryEntry(At.AddMilliseconds(20), "gateway-signal", "same time as the report, written after it"))]);

        Assert.That(
            store.History("nas", 100).Select(entry => entry.Kind),
            Is.EqualTo(new[] { "channel-open", "report", "gateway-signal", "instruction" }));
        Assert.That(store.History("nas", 2).Select(entry => entry.Kind), Is.EqualTo(new[] { "gateway-signal", "instruction" }), "the newest by time");
    }

    [Test]
    public void SaveProgress_MoreHistoryThanKept_DropsTheOldestByTimeNotTheFirstWritten()
    {
        using var store = Open(2);
        store.SaveKey("nas", [1]);
        store.SaveMapping("nas", Mapping, At.AddMilliseconds(20), new HistoryEntry(At.AddMilliseconds(20), "report", "first"));
        store.SaveProgress([], [("nas", new HistoryEntry(At, "channel-open", "authenticated"))]);

        store.SaveProgress([], [("nas", new HistoryEntry(At.AddMilliseconds(30), "instruction", "#1"))]);

        Assert.That(store.History("nas", 100).Select(entry => entry.Kind), Is.EqualTo(new[] { "report", "instruction" }));
    }
}
