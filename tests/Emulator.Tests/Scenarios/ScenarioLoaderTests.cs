using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    // The sketch in DESIGN.md's "Scenario files", verbatim.
    private const string DesignSketch = """
        name: router-reboot
        description: The router reboots for 5 s and returns with a new WAN IP and an empty table.
        seed: 42
        duration: 60s
        timeScale: 1
        gateways:
          - id: gw1
            profile: miniupnpd        # router behaviour, see `igdlab profiles`
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
          - generate: 20              # a Bogus-generated fleet
            gateway: gw1
        watchdog:
          probeInterval: 1s
          probeTimeout: 300ms
        faults:
          - at: 10s
            gateway: gw1
            action: reboot
            downtime: 5s
            newWanIp: true
          - every: 15s
            from: 20s
            gateway: gw1
            action: drop-mapping      # one random device's mapping
        expect:
          remapLatency: { p95: 2s, max: 3s }
          allReachableAtEnd: true
          falseRemaps: 0
          leakedMappings: 0
        """;

    // Found by ScenarioYamlFuzzTests: a value quoted in a problem kept its line break, so one problem took two lines.
    [Test]
    public void Parse_MultiLineValueInAProblem_IsOneLine()
    {
        var result = ScenarioLoader.Parse("x\n\n y\n", "multi.yaml");

        Assert.That(result.Diagnostics, Has.Count.EqualTo(1));
        Assert.That(result.Diagnostics[0].ToString(), Does.StartWith("multi.yaml:1:1: error: ").And.EndWith("not 'x\\ny'"));
    }

    [Test]
    public void Parse_FleetWithoutStrategy_UsesTheScenariosStrategyInsteadOfMixingSilently()
    {
        // The README example plus a WAN change failed with 16 unreachable: the fleet had silently drawn renew, poll and none.
        var scenario = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways: [{ id: gw1 }]
            devices:
              - { generate: 20, gateway: gw1 }
            """).Scenario!;

        Assert.That(scenario.Fleets.Single().Strategy, Is.EqualTo(MappingStrategyKinds.Watchdog));
    }

    [Test]
    public void Parse_ScenarioStrategy_IsTheDefaultOfDevicesAndFleetsThatNameNone()
    {
        var scenario = ScenarioText.Load("""
            name: t
            duration: 60s
            strategy: renew
            gateways: [{ id: gw1 }]
            devices:
              - { id: nas, gateway: gw1 }
              - { id: cam, gateway: gw1, strategy: poll }
              - { generate: 2, gateway: gw1 }
            """).Scenario!;

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Strategy, Is.EqualTo(MappingStrategyKinds.Renew));
            Assert.That(scenario.Devices.Select(d => d.Strategy), Is.EqualTo(new[] { MappingStrategyKinds.Renew, MappingStrategyKinds.Poll }));
            Assert.That(scenario.Fleets.Single().Strategy, Is.EqualTo(MappingStrategyKinds.Renew));
        });
    }

    [Test]
    public void Parse_FleetStrategyMixed_DrawsEachDevicesStrategy()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways: [{ id: gw1 }]
            devices:
              - { generate: 20, gateway: gw1, strategy: mixed }
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Fleets.Single().Strategy, Is.Null);
    }

    [Test]
    public void Parse_MixedOnAListedDevice_IsAnUnknownStrategy()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways: [{ id: gw1 }]
            devices:
              - { id: nas, gateway: gw1, strategy: mixed }
            """);

        Assert.That(problems, Has.Some.Contains("devices[0].strategy: unknown strategy 'mixed'"));
    }

    [Test]
    public void Parse_DesignSketch_LoadsEveryValue()
    {
        var result = ScenarioText.Load(DesignSketch);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.IsValid, Is.True);
        var scenario = result.Scenario!;
        Assert.That(scenario.Name, Is.EqualTo("router-reboot"));
        Assert.That(scenario.Description, Does.StartWith("The router reboots for 5 s"));
        Assert.That(scenario.Seed, Is.EqualTo(42));
        Assert.That(scenario.Duration, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(scenario.TimeScale, Is.EqualTo(1));

        var gateway = scenario.Gateways.Single();
        Assert.That(gateway.Id, Is.EqualTo("gw1"));
        Assert.That(gateway.ProfileReference, Is.EqualTo("miniupnpd"));
        Assert.That(gateway.Profile.Name, Is.EqualTo("miniupnpd"));

        var nas = scenario.Devices.Single();
        Assert.That(nas.Id, Is.EqualTo("nas"));
        Assert.That(nas.Gateway, Is.EqualTo("gw1"));
        Assert.That(nas.Protocol, Is.EqualTo(MappingProtocol.Tcp));
        Assert.That(nas.ServicePort, Is.EqualTo(20000));
        Assert.That(nas.ExternalPort, Is.Null);
        Assert.That(nas.Strategy, Is.EqualTo(MappingStrategyKinds.Watchdog));

        var fleet = scenario.Fleets.Single();
        Assert.That(fleet.Count, Is.EqualTo(20));
        Assert.That(fleet.Gateway, Is.EqualTo("gw1"));
        Assert.That(fleet.Strategy, Is.EqualTo(MappingStrategyKinds.Watchdog), "no strategy: the scenario's, watchdog unless set");

        Assert.That(scenario.Watchdog, Is.EqualTo(new ScenarioWatchdog { ProbeInterval = TimeSpan.FromSeconds(1), ProbeTimeout = TimeSpan.FromMilliseconds(300) }));

        var reboot = scenario.Faults[0];
        Assert.That(reboot.Schedule, Is.EqualTo(new FaultSchedule { At = TimeSpan.FromSeconds(10) }));
        Assert.That(reboot.Gateway, Is.EqualTo("gw1"));
        Assert.That(reboot.Action, Is.EqualTo("reboot"));
        Assert.That(reboot.Fault, Is.EqualTo(new Reboot { Downtime = TimeSpan.FromSeconds(5), NewWanIp = true }));
        Assert.That(reboot.Target, Is.EqualTo(FaultTarget.Gateway));

        var drop = scenario.Faults[1];
        Assert.That(drop.Schedule, Is.EqualTo(new FaultSchedule { Every = TimeSpan.FromSeconds(15), From = TimeSpan.FromSeconds(20) }));
        Assert.That(drop.Action, Is.EqualTo("drop-mapping"));
        Assert.That(drop.Target, Is.EqualTo(FaultTarget.RandomDevice), "a device-level action without a target hits one random device");

        Assert.That(scenario.Expect.RemapLatency, Is.EqualTo(new LatencyLimits { P95 = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(3) }));
        Assert.That(scenario.Expect.AllReachableAtEnd, Is.True);
        Assert.That(scenario.Expect.FalseRemaps, Is.Zero);
        Assert.That(scenario.Expect.LeakedMappings, Is.Zero);
        Assert.That(scenario.Compare, Is.Empty);
    }

    [Test]
    public void Parse_NoSeed_KeepsNullSoTheRunDrawsOne()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal);

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Scenario!.Seed, Is.Null);
        Assert.That(result.Scenario.TimeScale, Is.EqualTo(1));
        Assert.That(result.Scenario.Gateways[0].Profile.Name, Is.EqualTo("standard"));
    }

    [Test]
    public void Parse_KindScenario_IsAccepted()
    {
        var result = ScenarioText.Load("kind: scenario\n" + ScenarioText.Minimal);

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Parse_KindProfile_SaysAScenarioFileSaysScenario()
    {
        var problems = ScenarioText.Problems("kind: profile\n" + ScenarioText.Minimal);

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:1:7: error: kind: a scenario file says 'kind: scenario' or leaves kind out, not 'profile'" }));
    }

    [Test]
    public void Parse_OracleIntervalAndVariantExpectations_AreBound_AndVariantsOverrideTheScenario()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal + """

            oracle: { interval: 30m }
            compare:
              - name: watchdog
                strategy: watchdog
              - name: poll
                strategy: poll
                expect: { allReachableAtEnd: false, remapLatency: { max: 65s } }
            expect:
              allReachableAtEnd: true
              falseRemaps: 0
            """);

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Diagnostics));
        var scenario = result.Scenario!;
        var poll = scenario.Compare[1].Over(scenario.Expect);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Oracle.Interval, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(scenario.Compare[0].Over(scenario.Expect), Is.SameAs(scenario.Expect));
            Assert.That(poll.AllReachableAtEnd, Is.False);
            Assert.That(poll.RemapLatency!.Max, Is.EqualTo(TimeSpan.FromSeconds(65)));
            Assert.That(poll.FalseRemaps, Is.Zero, "the scenario's expectations the variant does not set still apply");
        });
    }

    [Test]
    public void Parse_BadOracleIntervalAndVariantExpectation_ReportedAtTheirLines()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            oracle: { interval: 0s }
            compare:
              - name: a
                strategy: watchdog
              - name: b
                strategy: renew
                expect: { falseRemaps: -1 }
            """);

        Assert.That(problems, Has.Some.StartsWith("test.yaml:8:").And.Contains("oracle.interval"));
        Assert.That(problems, Has.Some.StartsWith("test.yaml:14:").And.Contains("compare[1].expect.falseRemaps"));
    }

    [Test]
    public void Parse_EveryKeyOfTheFormat_BindsIntoTheRecords()
    {
        var result = ScenarioText.Load("""
            name: settings
            description: every key of the format once
            seed: 0
            duration: 10m
            timeScale: 60
            gateways:
              - id: gw1
                profile: permanent-only
            devices:
              - id: cam
                gateway: gw1
                kind: ip-camera
                service: { protocol: UDP, port: 554 }
                externalPort: 10554
                strategy: renew+poll+events
                lease: 2m
                renew: { every: 30s }
                poll: { every: 45s }
                events: { retryDelay: 5s }
              - generate: 3
                gateway: gw1
                kinds: [nas, set-top-box]
                strategy: watchdog+events
            faults:
              - every: 1m
                from: 30s
                until: 9m
                count: 4
                jitter: 5s
                probability: 0.5
                action: zombie-mapping
                percent: 25
              - at: 1m
                device: cam
                action: drop-mapping
              - at: 2m
                action: soap-error
                soapAction: AddPortMapping
                code: 606
                for: 10s
              - at: 3m
                target: all
                action: drop-mapping
              - at: 4m
                action: soap-delay
                soapAction: GetExternalIPAddress
                delay: 2s
                for: 30s
              - at: 5m
                action: reboot
                downtime: 5s
                newWanIp: true
                newHttpPort: false
            watchdog:
              enabled: true
              probeInterval: 2s
              probeTimeout: 500ms
              timeoutConfirmations: 2
              maxConcurrentProbes: 16
            expect:
              remapLatency: { p50: 1s, p95: 2s, p99: 3s, max: 4s }
              detectionLatency: { max: 2s }
              maxOutage: 10s
              allReachableAtEnd: false
              falseRemaps: 1
              leakedMappings: 2
              maxInstructionsPerFault: 3
            compare:
              - name: watchdog
                strategy: watchdog
              - name: renew-20s
                strategy: renew
                renew: { every: 20s }
                lease: 1m
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        var scenario = result.Scenario!;
        Assert.That((scenario.Seed, scenario.TimeScale, scenario.Gateways[0].Profile.Name), Is.EqualTo((0, 60.0, "permanent-only")));
        var cam = scenario.Devices[0];
        Assert.That(cam.Kind, Is.EqualTo(DeviceKind.IpCamera));
        Assert.That(cam.Protocol, Is.EqualTo(MappingProtocol.Udp));
        Assert.That(cam.ServicePort, Is.EqualTo(554));
        Assert.That(cam.ExternalPort, Is.EqualTo(10554));
        Assert.That(cam.Strategy, Is.EqualTo(MappingStrategyKinds.Renew | MappingStrategyKinds.Poll | MappingStrategyKinds.Events));
        Assert.That(cam.Settings.Lease, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(cam.Settings.Renew.Interval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(cam.Settings.Poll.Interval, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(cam.Settings.Events.RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(5)));

        var fleet = scenario.Fleets[0];
        Assert.That(fleet.Kinds, Is.EqualTo(new[] { DeviceKind.Nas, DeviceKind.SetTopBox }));
        Assert.That(fleet.Strategy, Is.EqualTo(MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events));

        Assert.That(scenario.Faults[0].Schedule, Is.EqualTo(new FaultSchedule
        {
            Every = TimeSpan.FromMinutes(1),
            From = TimeSpan.FromSeconds(30),
            Until = TimeSpan.FromMinutes(9),
            Count = 4,
            Jitter = TimeSpan.FromSeconds(5),
            Probability = 0.5,
        }));
        Assert.That(scenario.Faults[0].Gateway, Is.EqualTo("gw1"), "the only gateway");
        Assert.That(scenario.Faults[0].Target, Is.EqualTo(FaultTarget.Share(25)));
        Assert.That(scenario.Faults[1].Target, Is.EqualTo(FaultTarget.Device("cam")));
        Assert.That(scenario.Faults[2].Fault, Is.EqualTo(new SoapError { SoapAction = "AddPortMapping", Code = 606, Count = int.MaxValue }), "every call fails for a while");
        Assert.That(scenario.Faults[2].For, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(scenario.Faults[3].Target, Is.EqualTo(FaultTarget.AllDevices));
        Assert.That(scenario.Faults[4].Fault, Is.EqualTo(new SoapDelay { SoapAction = "GetExternalIPAddress", Delay = TimeSpan.FromSeconds(2) }));
        Assert.That(scenario.Faults[4].For, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(scenario.Faults[5].Fault, Is.EqualTo(new Reboot { Downtime = TimeSpan.FromSeconds(5), NewWanIp = true, NewHttpPort = false }));

        Assert.That(scenario.Watchdog, Is.EqualTo(new ScenarioWatchdog
        {
            ProbeInterval = TimeSpan.FromSeconds(2),
            ProbeTimeout = TimeSpan.FromMilliseconds(500),
            TimeoutConfirmations = 2,
            MaxConcurrentProbes = 16,
        }));
        Assert.That(scenario.Expect, Is.EqualTo(new ScenarioExpectations
        {
            RemapLatency = new LatencyLimits { P50 = TimeSpan.FromSeconds(1), P95 = TimeSpan.FromSeconds(2), P99 = TimeSpan.FromSeconds(3), Max = TimeSpan.FromSeconds(4) },
            DetectionLatency = new LatencyLimits { Max = TimeSpan.FromSeconds(2) },
            MaxOutage = TimeSpan.FromSeconds(10),
            AllReachableAtEnd = false,
            FalseRemaps = 1,
            LeakedMappings = 2,
            MaxInstructionsPerFault = 3,
        }));

        Assert.That(scenario.Compare.Select(v => v.Name), Is.EqualTo(new[] { "watchdog", "renew-20s" }));
        Assert.That(scenario.Compare[1].Strategy, Is.EqualTo(MappingStrategyKinds.Renew));
        Assert.That(scenario.Compare[1].Settings.Renew.Interval, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(scenario.Compare[1].Settings.Lease, Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Parse_FaultWithoutGatewayNamingADevice_TakesTheDevicesGateway()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
              - id: gw2
            devices:
              - id: nas
                gateway: gw2
            faults:
              - at: 5s
                device: nas
                action: drop-mapping
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Faults[0].Gateway, Is.EqualTo("gw2"));
    }

    [Test]
    public void Parse_MergeKeys_CopyTheAnchoredSettings()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
            devices:
              - &nas
                id: nas
                gateway: gw1
                strategy: renew
              - <<: *nas
                id: nas2
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Devices.Select(d => (d.Id, d.Strategy)), Is.EqualTo(new[]
        {
            ("nas", MappingStrategyKinds.Renew), ("nas2", MappingStrategyKinds.Renew),
        }));
    }

    [Test]
    public void Parse_ProfileFileRelativeToTheScenario_IsResolved()
    {
        var folder = Directory.CreateTempSubdirectory("igdlab-profile-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "profiles"));
            File.WriteAllText(Path.Combine(folder, "profiles", "flaky.yaml"), "name: flaky\nigdVersion: 1\n");
            File.WriteAllText(Path.Combine(folder, "s.yaml"), ScenarioText.Minimal.Replace("  - id: gw1", "  - id: gw1\n    profile: profiles/flaky.yaml", StringComparison.Ordinal));

            var result = ScenarioLoader.LoadFile(Path.Combine(folder, "s.yaml"));

            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Scenario!.Gateways[0].Profile.Name, Is.EqualTo("flaky"));
            Assert.That(result.Scenario.Gateways[0].Profile.IgdVersion, Is.EqualTo(1));
            Assert.That(result.Scenario.Gateways[0].ProfileReference, Is.EqualTo("profiles/flaky.yaml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Parse_InvalidProfileFile_ReportsItAtTheProfileValue()
    {
        var folder = Directory.CreateTempSubdirectory("igdlab-profile-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "bad.yaml"), "name: bad\nigdVersion: 3\n");
            var problems = ScenarioText.Problems("""
                name: t
                duration: 60s
                gateways:
                  - id: gw1
                    profile: bad.yaml
                  - id: gw2
                    profile: missing.yaml
                devices:
                  - id: nas
                    gateway: gw1
                """, folder);

            Assert.That(problems, Is.EqualTo(new[]
            {
                "test.yaml:5:14: error: gateways[0].profile: router profile file 'bad.yaml' is invalid: bad.yaml: igdVersion: must be 1 or 2, not 3",
                $"test.yaml:7:14: error: gateways[1].profile: no router profile file 'missing.yaml' (looked for {Path.Combine(folder, "missing.yaml")})",
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Parse_SyntaxError_ReportsTheParsersPosition()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s: 1
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:2:14: error: YAML syntax: a second ': ' on one line; put a value that contains ': ' in quotes, or start the nested mapping on its own line",
        }));
    }

    [Test]
    public void Parse_TabIndentOnLine4_IsReportedAtTheTabNot1_1()
    {
        var problems = ScenarioText.Problems("name: t\nduration: 60s\ngateways:\n\t- id: gw1\n");

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:4:1: error: YAML syntax: a tab in the indentation; YAML indents with spaces only" }));
    }

    [Test]
    public void Parse_MissingColon_IsReportedOnItsLineInPlainWords()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration 60s
            gateways:
              - id: gw1
            """);

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:2:9: error: YAML syntax: missing ':' after 'duration'; write 'duration: value'" }));
    }

    [Test]
    public void Parse_UnclosedFlowList_PointsAtItInsteadOfThrowing()
    {
        // YamlDotNet's scanner throws InvalidOperationException here rather than a YamlException.
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways: [ { id: gw1 }
            devices: []
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Is.EqualTo("test.yaml:3:11: error: YAML syntax: unclosed '[': no ']' closes it"));
    }

    [Test]
    public void Parse_BadIndentation_ReportsTheLine()
    {
        var problems = ScenarioText.Problems("""
            name: t
            gateways:
              - id: gw1
               profile: standard
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Is.EqualTo("test.yaml:4:4: error: YAML syntax: bad indentation: 'profile' (3 spaces in) lines up with no key or list item above it"));
    }

    [TestCase("")]
    [TestCase("# only a comment\n")]
    public void Parse_EmptyFile_SaysSo(string yaml)
    {
        Assert.That(ScenarioText.Problems(yaml), Is.EqualTo(new[]
        {
            "test.yaml:1:1: error: the file is empty; a scenario needs at least name, duration, gateways and devices",
        }));
    }

    [Test]
    public void Parse_RootIsAList_SaysAScenarioIsAMapping()
    {
        Assert.That(ScenarioText.Problems("- name: t\n"), Is.EqualTo(new[]
        {
            "test.yaml:1:1: error: a scenario is a mapping of keys (name, duration, gateways, devices, ...), not a list",
        }));
    }

    [Test]
    public void Parse_SecondDocument_IsAnError()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\n---\nname: other\n");

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:8:1: error: a second YAML document ('---'); a file holds exactly one scenario" }));
    }

    [Test]
    public void Parse_DuplicateKey_ReportsTheSecondWithTheFirstLine()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\nduration: 30s\n");

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:8:1: error: duplicate key 'duration' (first at line 2)" }));
    }

    [Test]
    public void Parse_MissingRequiredKeys_ReportsEachAtTheMapping()
    {
        var problems = ScenarioText.Problems("""
            description: nothing else
            gateways:
              - profile: standard
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:1:1: error: missing 'devices'",
            "test.yaml:1:1: error: missing 'duration'",
            "test.yaml:1:1: error: missing 'name'",
            "test.yaml:3:5: error: gateways[0]: missing 'id'",
        }));
    }

    [Test]
    public void Parse_UnknownKeys_SuggestTheNearestAllowedKey()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duraton: 60s
            timescale: 2
            gateways:
              - id: gw1
                profil: standard
            devices:
              - id: nas
                gateway: gw1
                servce: { port: 1 }
              - generat: 3
                gateway: gw1
            watchdog:
              interval: 1s
              colour: blue
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:1:1: error: missing 'duration'",
            "test.yaml:2:1: error: duraton: unknown key in the scenario; did you mean 'duration'?",
            "test.yaml:3:1: error: timescale: unknown key in the scenario; did you mean 'timeScale'?",
            "test.yaml:6:5: error: gateways[0].profil: unknown key in a gateway; did you mean 'profile'?",
            "test.yaml:10:5: error: devices[0].servce: unknown key in a listed device; did you mean 'service'?",
            "test.yaml:11:5: error: devices[1].generat: unknown key in a listed device; did you mean 'generate'?",
            "test.yaml:11:5: error: devices[1]: missing 'id'",
            "test.yaml:14:3: error: watchdog.interval: unknown key in watchdog; did you mean 'probeInterval'?",
            "test.yaml:15:3: error: watchdog.colour: unknown key in watchdog (allowed: enabled, probeInterval, probeTimeout, timeoutConfirmations, maxConcurrentProbes, instances, registry)",
        }));
    }

    [Test]
    public void Parse_WrongTypes_SayWhatWasExpected()
    {
        var problems = ScenarioText.Problems("""
            name: [a, b]
            seed: "42"
            duration: soon
            timeScale: fast
            gateways:
              - id: gw1
            devices:
              - id: nas
                gateway: gw1
                service: 20000
                externalPort: 1.5
            watchdog:
              enabled: yes
              probeInterval: 1
            faults: { at: 1s }
            expect:
              allReachableAtEnd: "true"
              maxOutage:
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:1:7: error: name: expected text, not a list",
            "test.yaml:2:7: error: seed: expected a whole number, not the text \"42\" (remove the quotes)",
            "test.yaml:3:11: error: duration: 'soon' is not a duration; write a number and a unit such as 300ms, 2s, 1.5m, 1h or 1d",
            "test.yaml:4:12: error: timeScale: expected a number, not 'fast'",
            "test.yaml:10:14: error: devices[0].service: expected a mapping, not '20000'",
            "test.yaml:11:19: error: devices[0].externalPort: expected a whole number, not '1.5'",
            "test.yaml:13:12: error: watchdog.enabled: expected true or false, not 'yes'",
            "test.yaml:14:18: error: watchdog.probeInterval: '1' has no unit; write it as 1ms, 1s, 1m or 1h",
            "test.yaml:15:9: error: faults: expected a list, not a mapping",
            "test.yaml:17:22: error: expect.allReachableAtEnd: expected true or false, not the text \"true\" (remove the quotes)",
            "test.yaml:18:13: error: expect.maxOutage: has no value",
        }));
    }

    [Test]
    public void Parse_ListItemThatIsNotAMapping_IsReportedAndTheRestStillChecked()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - gw1
              - id: gw2
            devices:
              - id: nas
                gateway: gw3
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:4:5: error: gateways[0]: expected a mapping (a gateway with id and profile), not 'gw1'",
            "test.yaml:8:14: error: devices[0].gateway: no gateway 'gw3' is defined; did you mean 'gw2'?",
        }));
    }

    [Test]
    public void Parse_HugeNumbers_AreOutOfRangeNotACrash()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\nseed: 99999999999999999999\nwatchdog: { probeInterval: 99999999999999999d }\n");

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:8:7: error: seed: 99999999999999999999 is out of range (a whole number from -2147483648 to 2147483647)",
            "test.yaml:9:28: error: watchdog.probeInterval: '99999999999999999d' is too long a duration",
        }));
    }

    [Test]
    public void Parse_AliasBomb_StopsWithAClearError()
    {
        // "Billion laughs": nine levels of ten aliases expand to 10^9 nodes.
        var lines = new List<string> { "a0: &a0 [lol]" };
        for (var i = 1; i <= 9; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        var problems = ScenarioText.Problems(string.Join('\n', lines));

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Match(@"^test\.yaml:\d+:\d+: error: the document expands to more than 100000 YAML nodes"));
    }

    [Test]
    public void Parse_DeepNesting_StopsWithAClearError()
    {
        var problems = ScenarioText.Problems("name: " + new string('[', 500) + new string(']', 500));

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:1:70: error: lists and mappings are nested deeper than 64 levels" }));
    }

    [Test]
    public void Parse_UndefinedAlias_IsAnError()
    {
        Assert.That(ScenarioText.Problems("name: *nowhere\n"), Is.EqualTo(new[] { "test.yaml:1:7: error: alias '*nowhere' refers to no anchor defined before it" }));
    }

    [Test]
    public void Parse_TextOverTheSizeLimit_IsRejectedBeforeParsing()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\n# " + new string('x', 2000) + "\n", limits: new YamlLimits { MaxBytes = 1000 });

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Match(@"^test\.yaml: error: the text is \d+ bytes; a scenario may be at most 1000 bytes$"));
    }

    [Test]
    public void LoadFile_FileOverOneMebibyte_IsRejectedWithItsSize()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("igdlab-big-").FullName, "big.yaml");
        try
        {
            using (var writer = File.CreateText(path))
            {
                writer.Write(ScenarioText.Minimal);
                writer.Write("\n# ");
                writer.Write(new string('x', 1024 * 1024));
            }

            var result = ScenarioLoader.LoadFile(path);

            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Diagnostics.Single().ToString(), Is.EqualTo($"{path}: error: the file is {new FileInfo(path).Length} bytes; a scenario file may be at most 1048576 bytes"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Test]
    public void LoadFile_MissingFile_SaysSo()
    {
        var result = ScenarioLoader.LoadFile("/nonexistent/igdlab/scenario.yaml");

        Assert.That(result.Diagnostics.Single().ToString(), Is.EqualTo("/nonexistent/igdlab/scenario.yaml: error: no such file"));
    }

    [Test]
    public void Parse_BinaryGarbage_ReportsInsteadOfThrowing()
    {
        var garbage = new string(Enumerable.Range(0, 4000).Select(i => (char)((i * 7919) % 0xD7FF)).ToArray());

        var result = ScenarioText.Load(garbage);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Diagnostics, Is.Not.Empty);
    }

    [Test]
    public void Parse_Tags_AreKeptInFileOrder()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal + "\ntags: [upnp, fleet-200, slow]");

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Tags, Is.EqualTo(new[] { "upnp", "fleet-200", "slow" }));
    }

    [Test]
    public void Parse_TagsThatAreNoWordsOrRepeat_AreEachReportedWhereTheyStand()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\ntags: [upnp, Vendor, upnp, { a: 1 }, fleet 200]");

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:8:14: error: tags[1]: 'Vendor' is not a tag; a tag is a lowercase word of a-z, 0-9 and '-' (e.g. upnp, fleet-200)",
            "test.yaml:8:22: error: tags[2]: 'upnp' is listed more than once",
            "test.yaml:8:28: error: tags[3]: expected text, not a mapping",
            "test.yaml:8:38: error: tags[4]: 'fleet 200' is not a tag; a tag is a lowercase word of a-z, 0-9 and '-' (e.g. upnp, fleet-200)",
        }));
    }

    [Test]
    public void Parse_TagsNotAList_IsReported()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\ntags: upnp");

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:8:7: error: tags: expected a list, not 'upnp'" }));
    }

    [TestCaseSource(nameof(LibraryFiles))]
    public void LoadFile_LibraryScenario_IsValidAndReferencesTheSchema(string file)
    {
        var path = Path.Combine(ScenarioText.LibraryFolder, file);

        var result = ScenarioLoader.LoadFile(path);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(File.ReadLines(path).First(), Is.EqualTo("# yaml-language-server: $schema=./scenario.schema.json"));
        Assert.That(result.Scenario!.Description, Is.Not.Null.And.Not.Empty, "every library scenario tells its story");
    }

    [Test]
    public void Parse_GatewayGroup_ExpandsIntoPlainGatewaysAlike()
    {
        var loaded = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - { id: home, count: 12, profile: miniupnpd, override: { leases: { maxSeconds: 600 } } }
              - { id: office }
              - { id: lab, count: 1 }
            devices:
              - { generate: 24, gateway: home }
              - { id: nas, gateway: home-07 }
            faults:
              - { at: 5s, gateway: home, percent: 25, action: reboot }
            """);

        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var scenario = loaded.Scenario!;
        Assert.That(scenario.Gateways.Select(g => g.Id), Is.EqualTo((string[])[.. GatewayGroups.MemberIds("home", 12), "office", "lab"]));
        Assert.That(scenario.Gateways.Take(12).Select(g => g.Group), Has.All.EqualTo("home"));
        Assert.That(scenario.Gateways.Skip(12).Select(g => g.Group), Has.All.Null, "a gateway alone and a group of one keep their id");
        Assert.That(scenario.Gateways.Take(12).Select(g => g.Profile).Distinct().Count(), Is.EqualTo(1), "every member has the same profile");
        Assert.That(scenario.Gateways.Take(12).Select(g => g.ProfileReference), Has.All.EqualTo("miniupnpd"));
        Assert.That(scenario.Gateways[11].Profile.Leases.MaxSeconds, Is.EqualTo(600));
        Assert.That(scenario.GatewaysNamed("home"), Has.Count.EqualTo(12));
        Assert.That(scenario.GatewaysNamed("lab"), Is.EqualTo(new[] { "lab" }));
        Assert.That(scenario.GatewaysNamed("home-07"), Is.EqualTo(new[] { "home-07" }), "a member named alone is one gateway");
        Assert.That(scenario.GatewaysNamed("hom"), Is.Empty);
        Assert.That(scenario.Fleets.Single().Gateway, Is.EqualTo("home"));
        Assert.That(scenario.Faults.Single().GatewayPercent, Is.EqualTo(25));
        Assert.That(scenario.Faults.Single().Target, Is.EqualTo(FaultTarget.Gateway), "percent on a reboot picks gateways, not devices");
    }

    [Test]
    public void Parse_FaultWithoutGatewayInAWorldOfOneGroup_TakesTheGroup()
    {
        var loaded = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - { id: home, count: 3 }
            devices:
              - { generate: 3, gateway: home }
            faults:
              - { at: 5s, action: drop-mapping, percent: 50 }
            """);

        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        Assert.That(loaded.Scenario!.Faults.Single().Gateway, Is.EqualTo("home"));
        Assert.That(loaded.Scenario.Faults.Single().Target, Is.EqualTo(FaultTarget.Share(50)));
    }

    private static IEnumerable<string> LibraryFiles() =>
        Directory.EnumerateFiles(ScenarioText.LibraryFolder, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ScenarioText.LibraryFolder, f))
            .Order(StringComparer.Ordinal);
}
