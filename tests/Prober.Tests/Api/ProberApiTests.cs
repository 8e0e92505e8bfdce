using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests.Api;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProberApiTests : IAsyncDisposable
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret");

    private readonly IPAddress _wan = LoopbackAddresses.Next();
    private readonly HttpClient _http = new();
    private readonly ProberServer _server = new(new ProberOptions
    {
        ListenAddress = LoopbackAddresses.Next(),
        ProbeFrom = LoopbackAddresses.Next(),
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        DeviceKeys = new Dictionary<string, byte[]> { ["nas"] = Key, ["tv"] = Key },
    });

    private HandshakeListener? _listener;
    private ControlTestClient? _client;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _server.DisposeAsync();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _http.Dispose();
    }

    [Test]
    public async Task GetDevices_ReportedAndUnreported_JsonWithEndpointAndState()
    {
        await StartWithHealthyNasAsync();

        using var devices = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseUrl, "devices")));

        var list = devices.RootElement.EnumerateArray().ToArray();
        Assert.That(list.Select(device => device.GetProperty("id").GetString()), Is.EqualTo(new[] { "nas", "tv" }));
        var nas = list[0];
        Assert.That(nas.GetProperty("endpoint").GetString(), Is.EqualTo(_listener!.EndPoint.ToString()));
        Assert.That(nas.GetProperty("state").GetString(), Is.EqualTo("healthy"));
        Assert.That(nas.GetProperty("protocol").GetString(), Is.EqualTo("TCP"));
        Assert.That(nas.GetProperty("connected").GetBoolean(), Is.True);
        Assert.That(nas.GetProperty("lastProbe").GetProperty("outcome").GetString(), Is.EqualTo("ok"));
        Assert.That(nas.GetProperty("lastProbe").GetProperty("elapsedMs").GetDouble(), Is.GreaterThan(0));
        Assert.That(nas.GetProperty("counters").GetProperty("reports").GetInt64(), Is.EqualTo(1));
        Assert.That(nas.GetProperty("episode").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var tv = list[1];
        Assert.That(tv.GetProperty("endpoint").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(tv.GetProperty("state").GetString(), Is.EqualTo("unknown"));
    }

    [Test]
    public async Task GetDevice_AfterARecovery_ShowsTheEpisodeFigures()
    {
        await StartWithHealthyNasAsync();
        await _listener!.DisposeAsync();
        var instruction = await _client!.ReceiveAsync<RemapInstruction>();
        _listener = HandshakeListener.Tcp("nas", Key, _wan);
        var recovered = ServerEvents.Next<DeviceRecovered>(_server);
        await _client.SendAsync(new ReportMessage(2, Mapping(_listener.EndPoint), instruction.InstructionId));
        await recovered;

        using var nas = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseUrl, "devices/nas")));

        var episode = nas.RootElement.GetProperty("recentEpisodes")[0];
        Assert.That(episode.GetProperty("cause").GetString(), Is.EqualTo("refused"));
        Assert.That(episode.GetProperty("instructions").GetInt32(), Is.EqualTo(1));
        Assert.That(episode.GetProperty("detectionLatencyMs").GetDouble(), Is.Zero);
        Assert.That(episode.GetProperty("remapLatencyMs").GetDouble(), Is.GreaterThan(0));
        foreach (var moment in new[] { "suspectedAt", "detectedAt", "firstInstructionAt", "reportedAt", "recoveredAt" })
        {
            Assert.That(episode.GetProperty(moment).ValueKind, Is.EqualTo(JsonValueKind.String), moment);
        }

        Assert.That(nas.RootElement.GetProperty("endpoint").GetString(), Is.EqualTo(_listener.EndPoint.ToString()));
        using var history = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseUrl, "devices/nas/history")));
        Assert.That(
            history.RootElement.EnumerateArray().Select(line => line.GetProperty("kind").GetString()),
            Is.SupersetOf(new[] { "channel-open", "report", "failure-detected", "instruction", "recovered" }));
    }

    [Test]
    public async Task GetDevice_Unknown_NotFound()
    {
        await _server.StartAsync();

        using var response = await _http.GetAsync(new Uri(_server.BaseUrl, "devices/nobody"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("nobody"));
    }

    [Test]
    public async Task GetHealthAndMetrics_AfterProbes_ReportTheFigures()
    {
        await StartWithHealthyNasAsync();

        var health = await _http.GetFromJsonAsync<JsonElement>(new Uri(_server.BaseUrl, "health"));
        var metrics = await _http.GetStringAsync(new Uri(_server.BaseUrl, "metrics"));

        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(health.GetProperty("devices").GetInt32(), Is.EqualTo(2));
        Assert.That(health.GetProperty("channels").GetInt32(), Is.EqualTo(1));
        Assert.That(metrics, Does.Match("igdlab_prober_probes_total\\{outcome=\"ok\"\\} [1-9]"));
        Assert.That(metrics, Does.Contain("igdlab_prober_reports_total 1"));
        Assert.That(metrics, Does.Contain("igdlab_prober_devices{state=\"healthy\"} 1"));
    }

    [Test]
    public async Task GetMetrics_FreshServer_CountersShowZeroInsteadOfNoSeries()
    {
        await _server.StartAsync();

        var metrics = await _http.GetStringAsync(new Uri(_server.BaseUrl, "metrics"));

        foreach (var name in new[] { "remap_failures", "instructions", "reports", "recoveries" })
        {
            Assert.That(metrics, Does.Contain($"\nigdlab_prober_{name}_total 0\n"));
        }

        foreach (var outcome in new[] { "ok", "refused", "timeout", "wrong-device", "handshake-failure" })
        {
            Assert.That(metrics, Does.Contain($"\nigdlab_prober_probes_total{{outcome=\"{outcome}\"}} 0\n"));
            Assert.That(metrics, Does.Contain($"\nigdlab_prober_probe_duration_seconds_count{{outcome=\"{outcome}\"}} 0\n"));
            if (outcome != "ok")
            {
                Assert.That(metrics, Does.Contain($"\nigdlab_prober_verdicts_total{{outcome=\"{outcome}\"}} 0\n"));
            }
        }

        Assert.That(metrics, Does.Contain("\nigdlab_prober_detection_latency_seconds_count 0\n"));
        Assert.That(metrics, Does.Contain("\nigdlab_prober_remap_latency_seconds_count 0\n"));
        var lines = metrics.Split('\n');
        var counters = lines.Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal) && line.EndsWith(" counter", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[2])
            .ToArray();
        Assert.That(counters, Is.Not.Empty);
        foreach (var counter in counters)
        {
            Assert.That(lines.Any(line => line.StartsWith(counter + " ", StringComparison.Ordinal) || line.StartsWith(counter + "{", StringComparison.Ordinal)), counter + " has no sample");
        }
    }

    [Test]
    public async Task Control_PlainHttpGet_BadRequestWithAHint()
    {
        await _server.StartAsync();

        using var response = await _http.GetAsync(new Uri(_server.BaseUrl, "control"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(ControlProtocol.SubProtocol));
    }

    private async Task StartWithHealthyNasAsync()
    {
        await _server.StartAsync();
        _listener = HandshakeListener.Tcp("nas", Key, _wan);
        (_client, _) = await ControlTestClient.AuthenticateAsync(_server.ControlUrl, "nas", Key);
        var healthy = ServerEvents.Next<ProbeCompleted>(_server, e => e.Result.Outcome == ProbeOutcome.Ok);
        await _client.SendAsync(new ReportMessage(1, Mapping(_listener.EndPoint)));
        await healthy;
    }

    private static MappingReport Mapping(IPEndPoint external) =>
        new(external.Address.ToString(), external.Port, MappingProtocol.Tcp, "127.0.0.1", 8080, 0);
}
