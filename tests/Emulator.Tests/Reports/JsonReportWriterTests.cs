using System.Text;
using System.Text.Json;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class JsonReportWriterTests
{
    [Test]
    public void Write_Run_HasTotalsAndCamelCaseNames()
    {
        using var json = Parse(ReportSamples.Run());
        var root = json.RootElement;

        Assert.That(root.GetProperty("commandLine").GetString(), Is.EqualTo("igdlab run scenarios/ --junit out/junit.xml"));
        Assert.That(root.GetProperty("wallTime").GetDouble(), Is.EqualTo(17.5));
        Assert.That(root.GetProperty("passed").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("failed").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("errors").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("scenarios").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public void Write_Scenario_DurationsAreSecondsWithMillisecondPrecision()
    {
        using var json = Parse(ReportSamples.Of(ReportSamples.FailedTwice()));
        var scenario = json.RootElement.GetProperty("scenarios")[0];

        Assert.That(scenario.GetProperty("duration").GetDouble(), Is.EqualTo(60));
        Assert.That(scenario.GetProperty("wallTime").GetDouble(), Is.EqualTo(12.346));
        var remap = scenario.GetProperty("figures").GetProperty("remapLatency");
        Assert.That(remap.GetProperty("count").GetInt32(), Is.EqualTo(3));
        Assert.That(remap.GetProperty("p50").GetDouble(), Is.EqualTo(1.5));
        Assert.That(remap.GetProperty("p95").GetDouble(), Is.EqualTo(2.314));
        Assert.That(scenario.GetProperty("figures").GetProperty("maxOutage").GetDouble(), Is.EqualTo(15));
        Assert.That(scenario.GetProperty("figures").GetProperty("detectionLatency").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(scenario.GetProperty("figures").GetProperty("soapRequests").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Write_Scenario_WritesEveryField()
    {
        using var json = Parse(ReportSamples.Of(ReportSamples.Passed()));
        var scenario = json.RootElement.GetProperty("scenarios")[0];

        Assert.That(scenario.GetProperty("name").GetString(), Is.EqualTo("one-mapping-dropped"));
        Assert.That(scenario.GetProperty("file").GetString(), Is.EqualTo("scenarios/drop-one.yaml"));
        Assert.That(scenario.GetProperty("description").GetString(), Does.StartWith("The router forgets"));
        Assert.That(scenario.GetProperty("seed").GetInt32(), Is.EqualTo(42));
        Assert.That(scenario.GetProperty("timeScale").GetDouble(), Is.EqualTo(60));
        Assert.That(scenario.GetProperty("variant").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("passed"));
        Assert.That(scenario.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(scenario.GetProperty("replayCommand").GetString(), Is.EqualTo("igdlab run scenarios/drop-one.yaml --seed 42"));

        var expectation = scenario.GetProperty("expectations")[0];
        Assert.That(expectation.GetProperty("name").GetString(), Is.EqualTo("remapLatency.p95"));
        Assert.That(expectation.GetProperty("limit").GetString(), Is.EqualTo("20s"));
        Assert.That(expectation.GetProperty("measured").GetString(), Is.EqualTo("15s"));
        Assert.That(expectation.GetProperty("passed").GetBoolean(), Is.True);
        Assert.That(expectation.GetProperty("message").GetString(), Is.EqualTo("remapLatency.p95 was 15s, limit 20s"));

        var figures = scenario.GetProperty("figures");
        Assert.That(figures.GetProperty("deviceCount").GetInt32(), Is.EqualTo(2));
        Assert.That(figures.GetProperty("faultCount").GetInt32(), Is.EqualTo(1));
        Assert.That(figures.GetProperty("detectionLatency").GetProperty("max").GetDouble(), Is.EqualTo(0.85));
        Assert.That(figures.GetProperty("falseRemaps").GetInt32(), Is.Zero);
        Assert.That(figures.GetProperty("leakedMappings").GetInt32(), Is.Zero);
        Assert.That(figures.GetProperty("instructions").GetInt32(), Is.EqualTo(1));
        Assert.That(figures.GetProperty("maxInstructionsPerFault").GetInt32(), Is.EqualTo(1));
        Assert.That(figures.GetProperty("soapRequests").GetInt32(), Is.EqualTo(3));
        Assert.That(figures.GetProperty("allReachableAtEnd").GetBoolean(), Is.True);

        var nas = scenario.GetProperty("devices")[0];
        Assert.That(nas.GetProperty("deviceId").GetString(), Is.EqualTo("nas"));
        Assert.That(nas.GetProperty("gateway").GetString(), Is.EqualTo("gw1"));
        Assert.That(nas.GetProperty("strategy").GetString(), Is.EqualTo("watchdog"));
        Assert.That(nas.GetProperty("outages")[0].GetProperty("start").GetDouble(), Is.EqualTo(15));
        Assert.That(nas.GetProperty("outages")[0].GetProperty("end").GetDouble(), Is.EqualTo(30));
        Assert.That(nas.GetProperty("instructions")[0].GetDouble(), Is.EqualTo(15.85));
        Assert.That(nas.GetProperty("remaps")[0].GetProperty("at").GetDouble(), Is.EqualTo(29));
        Assert.That(nas.GetProperty("remaps")[0].GetProperty("cause").GetString(), Is.EqualTo("instructed"));
        var incident = nas.GetProperty("incidents")[0];
        Assert.That(incident.GetProperty("start").GetDouble(), Is.EqualTo(15));
        Assert.That(incident.GetProperty("fault").GetInt32(), Is.Zero);
        Assert.That(incident.GetProperty("detected").GetDouble(), Is.EqualTo(15.85));
        Assert.That(incident.GetProperty("restored").GetDouble(), Is.EqualTo(30));
        Assert.That(incident.GetProperty("instructions").GetInt32(), Is.EqualTo(1));
        Assert.That(scenario.GetProperty("devices")[1].GetProperty("remaps")[0].GetProperty("cause").GetString(), Is.EqualTo("renewal"));

        var gateway = scenario.GetProperty("gateways")[0];
        Assert.That(gateway.GetProperty("gateway").GetString(), Is.EqualTo("gw1"));
        Assert.That(gateway.GetProperty("mappingsRemoved")[0].GetDouble(), Is.EqualTo(15));
        Assert.That(gateway.GetProperty("mappingsAdded")[0].GetDouble(), Is.EqualTo(29));

        var fault = scenario.GetProperty("faults")[0];
        Assert.That(fault.GetProperty("at").GetDouble(), Is.EqualTo(15));
        Assert.That(fault.GetProperty("action").GetString(), Is.EqualTo("drop-mapping"));
        Assert.That(fault.GetProperty("gateway").GetString(), Is.EqualTo("gw1"));
        Assert.That(fault.GetProperty("devices")[0].GetString(), Is.EqualTo("nas"));
        Assert.That(fault.GetProperty("detail").GetString(), Is.EqualTo("TCP 20000"));

        var firstEvent = scenario.GetProperty("events")[0];
        Assert.That(firstEvent.GetProperty("at").GetDouble(), Is.EqualTo(1));
        Assert.That(firstEvent.GetProperty("kind").GetString(), Is.EqualTo("mapping-added"));
        Assert.That(firstEvent.GetProperty("gateway").GetString(), Is.EqualTo("gw1"));
        Assert.That(firstEvent.GetProperty("device").GetString(), Is.EqualTo("tv"));
        Assert.That(firstEvent.GetProperty("detail").GetString(), Is.EqualTo("TCP 127.0.3.2:20001 → 127.0.3.11:20001"));
        Assert.That(scenario.GetProperty("events")[2].GetProperty("kind").GetString(), Is.EqualTo("probe-failed"));
    }

    [Test]
    public void Write_NeverRestoredOutage_EndIsNull()
    {
        using var json = Parse(ReportSamples.Of(ReportSamples.FailedTwice()));
        var outage = json.RootElement.GetProperty("scenarios")[0].GetProperty("devices")[0].GetProperty("outages")[0];

        Assert.That(outage.GetProperty("start").GetDouble(), Is.EqualTo(45));
        Assert.That(outage.GetProperty("end").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Write_SubMillisecondTimes_RoundToTheMillisecond()
    {
        var scenario = ReportSamples.Passed() with { WallTime = TimeSpan.FromTicks(10_004_999), Duration = TimeSpan.FromTicks(10_005_000) };

        using var json = Parse(ReportSamples.Of(scenario));
        var written = json.RootElement.GetProperty("scenarios")[0];

        Assert.That(written.GetProperty("wallTime").GetRawText(), Is.EqualTo("1"));
        Assert.That(written.GetProperty("duration").GetRawText(), Is.EqualTo("1.001"));
    }

    [Test]
    public void Read_WrittenRun_GivesTheSameReport()
    {
        var original = ReportSamples.Run();
        var text = Write(original);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = JsonReportWriter.Read(stream);

        Assert.That(Write(read), Is.EqualTo(text));
        Assert.That(read.Scenarios[1].Devices[0].Outages[0], Is.EqualTo(new Outage(TimeSpan.FromSeconds(45), null)));
        Assert.That(read.Scenarios[1].Figures.RemapLatency, Is.EqualTo(original.Scenarios[1].Figures.RemapLatency));
        Assert.That(read.Scenarios[2].Verdict, Is.EqualTo(ScenarioVerdict.Error));
        Assert.That(read.Scenarios[2].Error, Is.EqualTo(original.Scenarios[2].Error));
        Assert.That(read.Scenarios[4].Variant, Is.EqualTo("renew 20s"));
        Assert.That(read.Scenarios[0].Events[2], Is.EqualTo(original.Scenarios[0].Events[2]));
        Assert.That(read.Scenarios[0].Devices[0].Remaps, Is.EqualTo(original.Scenarios[0].Devices[0].Remaps));
        Assert.That(read.Scenarios[1].Devices[0].Incidents, Is.EqualTo(original.Scenarios[1].Devices[0].Incidents));
        Assert.That(read.Scenarios[1].Gateways[0].Downtimes, Is.EqualTo(original.Scenarios[1].Gateways[0].Downtimes));
        Assert.That(read.Host, Is.EqualTo(original.Host));
    }

    [Test]
    public void Write_ShardOfASuite_RecordsIt_AndReadsItBack()
    {
        var original = ReportSamples.Run() with { Shard = new IgdLab.Emulator.Running.RunShard(2, 4) };
        var text = Write(original);
        using var json = JsonDocument.Parse(text);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = JsonReportWriter.Read(stream);

        Assert.That(json.RootElement.GetProperty("shard").GetProperty("index").GetInt32(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("shard").GetProperty("count").GetInt32(), Is.EqualTo(4));
        Assert.That(read.Shard, Is.EqualTo(original.Shard));
    }

    [Test]
    public void Write_Run_RecordsTheHost()
    {
        using var json = Parse(ReportSamples.Run());
        var host = json.RootElement.GetProperty("host");

        Assert.That(host.GetProperty("startedAt").GetString(), Is.EqualTo("2026-03-14T09:26:53+00:00"));
        Assert.That(host.GetProperty("version").GetString(), Is.EqualTo("1.0.0"));
        Assert.That(host.GetProperty("commit").GetString(), Does.StartWith("875475d"));
        Assert.That(host.GetProperty("processorCount").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void Write_AwkwardText_RoundTripsExactly()
    {
        var text = Write(ReportSamples.Of(ReportSamples.Awkward()));

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = JsonReportWriter.Read(stream).Scenarios[0];

        Assert.That(read.Name, Is.EqualTo(ReportSamples.AwkwardName));
        Assert.That(read.Description, Is.EqualTo(ReportSamples.AwkwardDescription));
        Assert.That(read.Devices[0].DeviceId, Is.EqualTo(ReportSamples.AwkwardDevice));
    }

    [Test]
    public void Write_AwkwardText_IsReadableInTheFile()
    {
        var text = Write(ReportSamples.Of(ReportSamples.Awkward() with { Description = "fault → remap" }));

        Assert.That(text, Does.Contain("\"name\": \"a<b & \\\"c\\\"\""));
        Assert.That(text, Does.Contain("\"description\": \"fault → remap\""));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("null")]
    [TestCase("{\"scenarios\":[{\"name\":\"x\"}],\"wallTime\":1,\"commandLine\":\"c\"}")]
    [TestCase("{\"scenarios\":[],\"wallTime\":\"1s\",\"commandLine\":\"c\"}")]
    public void Read_MalformedReport_ThrowsJsonException(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        Assert.That(() => JsonReportWriter.Read(stream), Throws.InstanceOf<JsonException>());
    }

    [TestCaseSource(typeof(TimelineSamples), nameof(TimelineSamples.Written))]
    public void Write_TimelineEvent_WritesTheKindAndDetailOfTheStringTimeline(TimelineEvent timelineEvent, string kind, string? gateway, string? device, string detail)
    {
        using var json = Parse(ReportSamples.Of(ReportSamples.Passed() with { Events = [timelineEvent] }));
        var written = json.RootElement.GetProperty("scenarios")[0].GetProperty("events")[0];

        Assert.Multiple(() =>
        {
            Assert.That(written.GetProperty("at").GetDouble(), Is.EqualTo(15.85));
            Assert.That(written.GetProperty("kind").GetString(), Is.EqualTo(kind));
            Assert.That(written.GetProperty("gateway").GetString(), Is.EqualTo(gateway));
            Assert.That(written.GetProperty("device").GetString(), Is.EqualTo(device));
            Assert.That(written.GetProperty("detail").GetString(), Is.EqualTo(detail));
        });
    }

    [Test]
    public void Write_EveryTimelineEventType_HasASample()
    {
        var sampled = TimelineSamples.Written().Select(c => c.Arguments[0]!.GetType()).ToHashSet();
        var types = typeof(TimelineEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(TimelineEvent)));

        Assert.That(types.Where(t => !sampled.Contains(t)).Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void Read_WrittenTypedEvent_GivesAWrittenEventWithTheSameWords()
    {
        var removed = new MappingRemoved(TimeSpan.FromSeconds(60), "gw1", "nas", TimelineSamples.Mapping(), RemovalReason.Expired);
        var text = Write(ReportSamples.Of(ReportSamples.Passed() with { Events = [removed] }));

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = JsonReportWriter.Read(stream).Scenarios[0].Events.Single();

        Assert.That(read, Is.EqualTo(new WrittenEvent(TimeSpan.FromSeconds(60), TimelineEventKind.MappingExpired, "gw1", "nas", "20000/Tcp -> 127.0.3.10:20000; expired")));
    }

    [Test]
    public void Read_MinimalTimelineEvent_GivesAWrittenEvent()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(WithEvent("{\"at\":1.5,\"kind\":\"note\",\"detail\":\"teardown\"}")));

        var read = JsonReportWriter.Read(stream).Scenarios[0].Events.Single();

        Assert.That(read, Is.EqualTo(new WrittenEvent(TimeSpan.FromSeconds(1.5), TimelineEventKind.Note, null, null, "teardown")));
    }

    [TestCase("{\"at\":1,\"gateway\":null}")]
    [TestCase("{\"kind\":\"note\"}")]
    [TestCase("{\"at\":1,\"kind\":\"no-such-kind\"}")]
    [TestCase("[]")]
    public void Read_MalformedTimelineEvent_ThrowsJsonException(string timelineEvent)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(WithEvent(timelineEvent)));

        Assert.That(() => JsonReportWriter.Read(stream), Throws.InstanceOf<JsonException>());
    }

    private static string WithEvent(string timelineEvent) =>
        $"{{\"scenarios\":[{{\"name\":\"x\",\"file\":\"x.yaml\",\"seed\":1,\"duration\":1,\"verdict\":\"passed\",\"replayCommand\":\"r\",\"events\":[{timelineEvent}]}}],\"wallTime\":1,\"commandLine\":\"c\"}}";

    private static string Write(RunReport report)
    {
        using var stream = new MemoryStream();
        new JsonReportWriter().Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonDocument Parse(RunReport report) => JsonDocument.Parse(Write(report));
}
