using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Prober.Tests.Watchdog;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeviceRegistryTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("key-a");
    private static readonly MappingReport Mapping = new("127.0.0.2", 20000, MappingProtocol.Tcp, "127.0.0.5", 8080, 0);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"igdlab-device-registry-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Load_AfterDispose_RestoresKeyMappingAndCountersButNoChannel()
    {
        using (var registry = new DeviceRegistry(new ProberOptions { DatabasePath = _path }, NullLogger.Instance))
        {
            registry.Register("a", Key);
            registry.SaveMapping("a", Mapping, At, new HistoryEntry(At, "report", "first"));
            var entry = registry.Get("a");
            lock (entry.Gate)
            {
                entry.Channel = new RecordingChannel();
                entry.Probes = 5;
                entry.Reports = 1;
                entry.ConsecutiveRemapFailures = 2;
            }
        }

        using var reopened = new DeviceRegistry(new ProberOptions { DatabasePath = _path }, NullLogger.Instance);
        reopened.Load();

        var device = reopened.Snapshot("a")!;
        Assert.That(device.Endpoint, Is.EqualTo("127.0.0.2:20000"));
        Assert.That(device.ReportedAt, Is.EqualTo(At));
        Assert.That(device.Counters.Probes, Is.EqualTo(5));
        Assert.That(device.ConsecutiveRemapFailures, Is.EqualTo(2));
        Assert.That(device.Connected, Is.False);
        Assert.That(reopened.Get("a").Key, Is.EqualTo(Key));
    }

    [Test]
    public void History_BufferedLines_WrittenBeforeReading()
    {
        using var registry = new DeviceRegistry(new ProberOptions(), NullLogger.Instance);
        registry.Register("a", Key);

        registry.Remember("a", At, "channel-open", "authenticated");

        Assert.That(registry.History("a", 10).Select(line => line.Kind), Is.EqualTo(new[] { "channel-open" }));
    }

    [Test]
    public void Persist_AfterDispose_DropsTheWriteQuietly()
    {
        var registry = new DeviceRegistry(new ProberOptions(), NullLogger.Instance);
        registry.Register("a", Key);
        registry.Dispose();

        Assert.That(registry.Persist, Throws.Nothing, "a late timer tick after shutdown");
    }

    [Test]
    public void Register_UnknownDevice_AddsItWithoutAMapping()
    {
        using var registry = new DeviceRegistry(new ProberOptions(), NullLogger.Instance);

        registry.Register("a", Key);

        Assert.That(registry.Count, Is.EqualTo(1));
        Assert.That(registry.Snapshot("a")!.State, Is.EqualTo(DeviceState.Unknown));
        Assert.That(registry.Snapshot("b"), Is.Null);
    }
}
