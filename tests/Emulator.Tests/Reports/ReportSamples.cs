using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>Hand-built run results for the report writer tests; each call builds fresh objects.</summary>
internal static class ReportSamples
{
    public const string AwkwardName = "a<b & \"c\"";
    public const string AwkwardDescription = "<script>alert('x')</script> & more";
    public const string AwkwardDevice = "dev<&>\"1";

    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>One mapping dropped at 15 s; nas is out 15 s → 30 s, tv is never hit. Duration 60 s.</summary>
    public static ScenarioReport Passed() => new()
    {
        Name = "one-mapping-dropped",
        File = "scenarios/drop-one.yaml",
        Description = "The router forgets one mapping; the watchdog notices and the device remaps.",
        Seed = 42,
        TimeScale = 60,
        Duration = S(60),
        WallTime = Ms(1234.5),
        Verdict = ScenarioVerdict.Passed,
        Expectations =
        [
            ExpectationResult.Create("remapLatency.p95", "20s", "15s", passed: true),
            ExpectationResult.Create("falseRemaps", "0", "0", passed: true),
        ],
        Figures = new ScenarioFigures
        {
            DeviceCount = 2,
            FaultCount = 1,
            RemapLatency = new LatencySummary(1, 0, S(15), S(15), S(15), S(15)),
            DetectionLatency = new LatencySummary(1, 0, Ms(850), Ms(850), Ms(850), Ms(850)),
            MaxOutage = S(15),
            Instructions = 1,
            MaxInstructionsPerFault = 1,
            SoapRequests = 3,
            AllReachableAtEnd = true,
        },
        Devices =
        [
            new DeviceTimeline
            {
                DeviceId = "nas",
                Gateway = "gw1",
                Strategy = "watchdog",
                Outages = [new Outage(S(15), S(30))],
                Instructions = [Ms(15_850)],
                Remaps = [new DeviceRemap(S(29), RemapCause.Instructed)],
                Incidents = [new DeviceIncident(S(15), 0, Ms(15_850), S(30), 1)],
            },
            new DeviceTimeline { DeviceId = "tv", Gateway = "gw1", Strategy = "watchdog", Remaps = [new DeviceRemap(S(1), RemapCause.Renewal)] },
        ],
        Gateways = [new GatewayTimeline { Gateway = "gw1", MappingsRemoved = [S(15)], MappingsAdded = [S(29)] }],
        Faults = [new FaultRecord(S(15), "drop-mapping", "gw1", ["nas"], "TCP 20000")],
        Events =
        [
            new WrittenEvent(S(1), TimelineEventKind.MappingAdded, "gw1", "tv", "TCP 127.0.3.2:20001 → 127.0.3.11:20001"),
            new WrittenEvent(S(15), TimelineEventKind.Fault, "gw1", null, "drop-mapping"),
            new WrittenEvent(Ms(15_850), TimelineEventKind.ProbeFailed, "gw1", "nas", "refused"),
            new WrittenEvent(Ms(15_850), TimelineEventKind.Instruction, null, "nas", null),
            new WrittenEvent(S(30), TimelineEventKind.Reachable, null, "nas", null),
        ],
        ReplayCommand = "igdlab run scenarios/drop-one.yaml --seed 42",
    };

    /// <summary>A reboot that misses two expectations; cam goes down at 45 s and never comes back.</summary>
    public static ScenarioReport FailedTwice() => new()
    {
        Name = "router-reboot",
        File = "scenarios/reboot.yaml",
        Description = "The router reboots with a new WAN IP.",
        Seed = 7,
        Duration = S(60),
        WallTime = Ms(12_345.6),
        Verdict = ScenarioVerdict.Failed,
        Expectations =
        [
            ExpectationResult.Create("remapLatency.p95", "2s", "2.314s", passed: false),
            ExpectationResult.Create("maxOutage", "5s", "15s", passed: false),
            ExpectationResult.Create("leakedMappings", "0", "0", passed: true),
        ],
        Figures = new ScenarioFigures
        {
            DeviceCount = 1,
            FaultCount = 1,
            RemapLatency = new LatencySummary(3, 0, Ms(1500), Ms(2314), Ms(2314), Ms(2314)),
            MaxOutage = S(15),
            Instructions = 4,
            MaxInstructionsPerFault = 4,
        },
        Devices =
        [
            new DeviceTimeline
            {
                DeviceId = "cam",
                Strategy = "watchdog",
                Outages = [new Outage(S(45), null)],
                Instructions = [S(46), S(50)],
                Incidents = [new DeviceIncident(S(45), 0, S(46), null, 2)],
            },
        ],
        Gateways = [new GatewayTimeline { Gateway = "gw1", Downtimes = [new GatewayDowntime(S(45), S(50), "reboot")], WanChanges = [S(50)] }],
        Faults = [new FaultRecord(S(45), "reboot", "gw1", ["cam"], "downtime 5s, new WAN IP")],
        Events = [new WrittenEvent(S(45), TimelineEventKind.Fault, "gw1", null, "reboot")],
        ReplayCommand = "igdlab run scenarios/reboot.yaml --seed 7",
    };

    /// <summary>A testbed error before anything ran: no devices, no figures; the message has a control character.</summary>
    public static ScenarioReport Error() => new()
    {
        Name = "wan-flap",
        File = "scenarios/wan-flap.yaml",
        Seed = 3,
        Duration = S(30),
        WallTime = Ms(20),
        Verdict = ScenarioVerdict.Error,
        Error = "could not bind 127.0.9.2:20000\u0001",
        ReplayCommand = "igdlab run scenarios/wan-flap.yaml --seed 3",
    };

    public static ScenarioReport Variant(string variant, ScenarioVerdict verdict, double remapP50Seconds) => new()
    {
        Name = "strategies",
        File = "scenarios/compare.yaml",
        Seed = 11,
        Duration = S(120),
        WallTime = S(2),
        Variant = variant,
        Verdict = verdict,
        Expectations = verdict == ScenarioVerdict.Passed ? [] : [ExpectationResult.Create("remapLatency.max", "10s", "19.5s", passed: false)],
        Figures = new ScenarioFigures
        {
            DeviceCount = 4,
            FaultCount = 2,
            RemapLatency = new LatencySummary(8, 0, S(remapP50Seconds), S(remapP50Seconds * 2), S(remapP50Seconds * 2), S(remapP50Seconds * 3)),
            Instructions = variant == "watchdog" ? 8 : 0,
            SoapRequests = variant == "watchdog" ? 16 : 96,
            AllReachableAtEnd = true,
        },
        Devices =
        [
            new DeviceTimeline { DeviceId = "nas", Gateway = "gw1", Strategy = variant, Outages = [new Outage(S(30), S(30 + remapP50Seconds))] },
            new DeviceTimeline { DeviceId = "tv", Gateway = "gw1", Strategy = variant },
        ],
        Faults = [new FaultRecord(S(30), "drop-mapping", "gw1", ["nas"], null)],
        ReplayCommand = Emulator.Running.ScenarioReportBuilder.ReplayCommand("scenarios/compare.yaml", 11, variant),
    };

    public static ScenarioReport Awkward() => new()
    {
        Name = AwkwardName,
        File = "scenarios/odd & <names>.yaml",
        Description = AwkwardDescription,
        Seed = 5,
        Duration = S(10),
        Verdict = ScenarioVerdict.Failed,
        Expectations = [ExpectationResult.Create("falseRemaps", "0", "<2> & \"more\"", passed: false)],
        Devices = [new DeviceTimeline { DeviceId = AwkwardDevice, Strategy = "renew <20s>", Outages = [new Outage(S(1), S(2))] }],
        Faults = [new FaultRecord(S(1), "soap-error", "gw<1>", [AwkwardDevice], "code 501 & \"count\" 3")],
        Events = [new WrittenEvent(S(1), TimelineEventKind.Note, "gw<1>", AwkwardDevice, "<b>bold</b>")],
        ReplayCommand = "igdlab run 'scenarios/odd & <names>.yaml' --seed 5",
    };

    /// <summary>A fleet of <paramref name="count"/> devices, each with one outage.</summary>
    public static ScenarioReport Fleet(int count) => new()
    {
        Name = "fleet",
        File = "scenarios/fleet.yaml",
        Seed = 9,
        Duration = S(100),
        Verdict = ScenarioVerdict.Passed,
        Figures = new ScenarioFigures { DeviceCount = count },
        Devices = Enumerable.Range(0, count)
            .Select(i => new DeviceTimeline { DeviceId = $"device-{i:000}", Strategy = "watchdog", Outages = [new Outage(S(10), S(12))] })
            .ToArray(),
        ReplayCommand = "igdlab run scenarios/fleet.yaml --seed 9",
    };

    /// <summary>Passed, failed twice, error, and a compared scenario with two variants (one failed): 2 passed, 3 failed.</summary>
    public static RunReport Run() => new(
        [
            Passed(),
            FailedTwice(),
            Error(),
            Variant("watchdog", ScenarioVerdict.Passed, 1.25),
            Variant("renew 20s", ScenarioVerdict.Failed, 9.5),
        ],
        S(17.5),
        "igdlab run scenarios/ --junit out/junit.xml")
    {
        Host = new RunHost(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero), "1.0.0", "875475daf6b1bbaed8c1dfaaa435b47b4104205d", 2, "Debian GNU/Linux 12 (bookworm)", ".NET 10.0.0"),
    };

    public static RunReport Of(params ScenarioReport[] scenarios) => new(scenarios, S(1), "igdlab run scenarios/");
}
