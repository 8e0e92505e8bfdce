using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Prober;
using IgdLab.Prober.Api;
using IgdLab.Prober.Registry;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// The watchdog against a real router daemon (issue 4's acceptance): <c>igdlab prober</c> runs on the WAN host of the
/// miniupnpd testbed, <c>igdlab device</c> on the LAN host — it finds miniupnpd by multicast, maps its handshake port
/// and reaches the prober through the router's NAT. Then the router loses every mapping (miniupnpd's nftables chains
/// are flushed), and the WAN host must reach the device through the router again within probe interval + 1.5 s.
/// </summary>
[Category("Interop")]
public sealed class WatchdogAgainstMiniupnpdTests
{
    private const string DeviceId = "wd-lan-1";
    private const string DeviceKey = "interop-watchdog-key";
    private const int ServicePort = 20000;
    private const int Flushes = 3;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryBound = ProbeInterval + TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly IPEndPoint Published = new(IPAddress.Parse(MiniupnpdTestbed.RouterWanAddress), ServicePort);

    [Test]
    public async Task ProberAndDevice_MiniupnpdLosesEveryMapping_DeviceReachableAgainWithinProbeIntervalPlus1500Ms()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        await using var prober = await IgdlabProcess.StartAsync(
            [
                "prober", "--listen", $"http://{MiniupnpdTestbed.WanHostAddress}:0", "--probe-interval", $"{ProbeInterval.TotalMilliseconds}ms", "--probe-timeout", "500ms",
                "--device-key", $"{DeviceId}={DeviceKey}", "--probe-from", MiniupnpdTestbed.WanHostAddress, "--verbose",
            ],
            ["listen", "probe"],
            StartTimeout,
            bed.Wan.ExecPrefix);
        var api = new Uri(prober.StartLines["listen"]);
        await using var device = await IgdlabProcess.StartAsync(
            [
                "device", "--id", DeviceId, "--key", DeviceKey, "--prober", api.ToString().TrimEnd('/'),
                "--service-port", ServicePort.ToString(CultureInfo.InvariantCulture), "--local-ip", MiniupnpdTestbed.LanHostAddress,
            ],
            ["device", "service", "mapped"],
            StartTimeout,
            bed.Lan.ExecPrefix);
        var diagnostics = () => $"\n--- device ---\n{device.Output}\n--- prober ---\n{prober.Output}\n--- miniupnpd ---\n{bed.DaemonLog}";
        Assert.That(device.StartLines["mapped"], Is.EqualTo($"{Published} -> {MiniupnpdTestbed.LanHostAddress}:{ServicePort} TCP"), diagnostics());

        using var http = bed.Wan.CreateHttpClient(TimeSpan.FromSeconds(5));
        var before = await WaitForSnapshotAsync(http, api, s => s.State == DeviceState.Healthy && s.Connected && s.LastProbe?.Outcome == ProbeOutcome.Ok, diagnostics);
        Assert.That(before.Endpoint, Is.EqualTo(Published.ToString()), diagnostics());
        var first = await ProbeFromWanAsync(bed);
        Assert.That(first.Outcome, Is.EqualTo(ProbeOutcome.Ok), first.Detail + diagnostics());

        var recoveries = new List<TimeSpan>();
        var recovered = before.Counters.Recoveries;
        for (var flush = 1; flush <= Flushes; flush++)
        {
            var flushedAt = Stopwatch.GetTimestamp();
            await bed.FlushRulesAsync();

            // The outage must be real: the first probe after the flush finds the router without the rule.
            var down = await ProbeFromWanAsync(bed);
            Assert.That(down.Outcome, Is.Not.EqualTo(ProbeOutcome.Ok), $"flush {flush}: still reachable right after the flush" + diagnostics());

            var recovery = await WaitUntilReachableAsync(bed, flushedAt, diagnostics);
            recoveries.Add(recovery);
            TestContext.Progress.WriteLine(
                $"flush {flush}: unreachable right after ({down.Outcome}: {down.Detail}); reachable again {recovery.TotalMilliseconds:F0} ms after the flush");

            // The prober saw it too: a finished episode, caused by the router refusing the probe, closed by a remap.
            var after = await WaitForSnapshotAsync(
                http, api, s => s.Counters.Recoveries > recovered && s.Episode is null && s.State == DeviceState.Healthy, diagnostics);
            recovered = after.Counters.Recoveries;
            Assert.That(after.RecentEpisodes, Is.Not.Empty, diagnostics());
            var episode = after.RecentEpisodes[^1];
            Assert.That(episode.Cause, Is.EqualTo(ProbeOutcome.Refused), diagnostics());
            Assert.That(episode.RecoveredAt, Is.Not.Null, diagnostics());
            Assert.That(episode.Instructions, Is.GreaterThanOrEqualTo(1), diagnostics());
            Assert.That(after.Endpoint, Is.EqualTo(Published.ToString()), diagnostics());
            Assert.That(await bed.NatRulesAsync(), Does.Contain($"dport {ServicePort}"), diagnostics());
            TestContext.Progress.WriteLine(
                $"flush {flush}: prober episode cause {episode.Cause}, detection {Ms(episode.DetectionLatency)}, remap {Ms(episode.RemapLatency)}, outage {Ms(episode.Outage)}");
        }

        var sorted = recoveries.Order().ToList();
        TestContext.Progress.WriteLine(
            $"recovery after a miniupnpd flush ({Flushes} flushes, probe interval {ProbeInterval.TotalSeconds} s): "
            + $"min {sorted[0].TotalMilliseconds:F0} ms, median {sorted[sorted.Count / 2].TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms");
        Assert.That(recoveries, Has.All.LessThanOrEqualTo(RecoveryBound), string.Join(", ", recoveries.Select(r => $"{r.TotalMilliseconds:F0} ms")) + diagnostics());

        // Stopping the agent (SIGTERM) deletes its mapping from the router.
        await device.DisposeAsync();
        Assert.That(device.ExitCode, Is.Zero, diagnostics());
        Assert.That(device.Output, Does.Contain($"unmapped: {ServicePort}/TCP"), diagnostics());
        Assert.That(await bed.NatRulesAsync(), Does.Not.Contain($"dport {ServicePort}"), diagnostics());
    }

    // The prober's own probe (IdentityProbe) from the WAN host: it opens its socket before its first await, so the
    // socket belongs to the WAN namespace. Were that to change, probes would fail (no route from the test's own
    // namespace), never pass by mistake.
    private static Task<ProbeResult> ProbeFromWanAsync(MiniupnpdTestbed bed) =>
        bed.Wan.RunInside(() => IdentityProbe.ProbeTcpAsync(
            Published, DeviceId, Encoding.UTF8.GetBytes(DeviceKey), TimeSpan.FromMilliseconds(500), TimeProvider.System, IPAddress.Parse(MiniupnpdTestbed.WanHostAddress)));

    /// <summary>Probes every 50 ms until the device answers; returns the time since <paramref name="flushedAt"/>.</summary>
    private static async Task<TimeSpan> WaitUntilReachableAsync(MiniupnpdTestbed bed, long flushedAt, Func<string> diagnostics)
    {
        var deadline = RecoveryBound + TimeSpan.FromSeconds(10);
        ProbeResult last;
        do
        {
            last = await ProbeFromWanAsync(bed);
            if (last.Outcome == ProbeOutcome.Ok)
            {
                return Stopwatch.GetElapsedTime(flushedAt);
            }

            await Task.Delay(PollEvery, TimeProvider.System);
        }
        while (Stopwatch.GetElapsedTime(flushedAt) < deadline);

        Assert.Fail($"not reachable {deadline.TotalSeconds} s after the flush (last probe {last.Outcome}: {last.Detail})" + diagnostics());
        return deadline;
    }

    /// <summary>Polls <c>GET /devices/{id}</c> from the WAN host until <paramref name="condition"/> holds.</summary>
    private static async Task<DeviceSnapshot> WaitForSnapshotAsync(HttpClient http, Uri api, Func<DeviceSnapshot, bool> condition, Func<string> diagnostics)
    {
        var started = Stopwatch.GetTimestamp();
        DeviceSnapshot? last = null;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            using var response = await http.GetAsync(new Uri(api, $"devices/{DeviceId}"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await response.Content.ReadFromJsonAsync<DeviceSnapshot>(ProberJson.Options);
                if (last is not null && condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(PollEvery, TimeProvider.System);
        }

        Assert.Fail($"the prober's view of {DeviceId} did not reach the expected state; last: {last}" + diagnostics());
        return last!;
    }

    private static string Ms(TimeSpan? span) => span is { } value ? $"{value.TotalMilliseconds:F0} ms" : "-";
}
