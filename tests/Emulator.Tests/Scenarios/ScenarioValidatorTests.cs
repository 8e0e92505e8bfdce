using IgdLab.Device.Devices;
using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class ScenarioValidatorTests
{
    [Test]
    public void Validate_OutOfRangeValues_ReportEachAtItsValue()
    {
        var problems = ScenarioText.Problems("""
            name: t
            seed: -1
            duration: 0s
            timeScale: 0
            gateways:
              - id: gw1
            devices:
              - id: nas
                gateway: gw1
                service: { protocol: TCP, port: 0 }
                externalPort: 65536
                lease: 0s
                strategy: renew
                renew: { every: 0ms }
              - generate: 70000
                gateway: gw1
            watchdog:
              probeInterval: 0s
              timeoutConfirmations: 0
            expect:
              remapLatency: { p50: 0s }
              leakedMappings: -2
              maxInstructionsPerFault: 0
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:2:7: error: seed: must be 0 or more, not -1",
            "test.yaml:3:11: error: duration: must be longer than 0",
            "test.yaml:4:12: error: timeScale: must be more than 0, not 0",
            "test.yaml:10:37: error: devices[0].service.port: must be from 1 to 65535, not 0",
            "test.yaml:11:19: error: devices[0].externalPort: must be from 1 to 65535, not 65536",
            "test.yaml:12:12: error: devices[0].lease: must be longer than 0",
            "test.yaml:14:21: error: devices[0].renew.every: must be longer than 0",
            "test.yaml:15:15: error: devices[1].generate: must be from 1 to 65024 devices, not 70000",
            "test.yaml:18:18: error: watchdog.probeInterval: must be longer than 0",
            "test.yaml:19:25: error: watchdog.timeoutConfirmations: must be at least 1, not 0",
            "test.yaml:21:24: error: expect.remapLatency.p50: must be longer than 0",
            "test.yaml:22:19: error: expect.leakedMappings: must be 0 or more, not -2",
            "test.yaml:23:28: error: expect.maxInstructionsPerFault: must be at least 1, not 0",
        }));
    }

    [Test]
    public void Validate_AWorldLargerThanItsAddressesCanHold_IsRefusedWithTheCount()
    {
        var problems = ScenarioText.Problems("""
            name: too-big
            duration: 2h
            gateways:
              - id: gw1
            devices:
              - generate: 40000
                gateway: gw1
              - generate: 20000
                gateway: gw1
            faults:
              - every: 1s
                action: change-wan-ip
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:6:3: error: devices: the world needs 67,203 loopback addresses (60,000 devices, 2 for the LAN and WAN sides of 1 gateways, 2 for the watchdog and the oracle, 7,199 new WAN addresses for faults); a world on sockets holds at most 65,024 (the 256 subnets of its process's /16; network: simulated holds 4,161,536)",
        }));
    }

    [Test]
    public void Validate_OnTheSimulatedNetwork_AWorldBeyondOneSlash16Fits_AndItsOwnLimitIsSaid()
    {
        const string World = """
            name: fleet
            duration: 60s
            network: simulated
            gateways:
              - { id: home, count: 1000 }
            devices:

            """;

        var hundredThousand = ScenarioText.Problems(World + "  - { generate: 100000, gateway: home }");
        var tooMany = ScenarioText.Problems(World + "  - { generate: 4161000, gateway: home }");

        Assert.That(hundredThousand, Is.Empty, "100,000 devices and 2,000 gateway sides fit 127.64.0.0/10");
        Assert.That(tooMany, Is.EqualTo(new[]
        {
            "test.yaml:7:3: error: devices: the world needs 4,163,002 loopback addresses (4,161,000 devices, 2,000 for the LAN and WAN sides of 1,000 gateways, 2 for the watchdog and the oracle, 0 new WAN addresses for faults); a world on the simulated network holds at most 4,161,536 (127.64.0.0/10)",
        }));
    }

    [Test]
    public void Validate_WanChangesOnAGroup_CountOneAddressPerGatewayHit()
    {
        const string World = """
            name: homes
            duration: 600s
            gateways:
              - { id: home, count: 100 }
            devices:
              - { generate: 10000, gateway: home }
            faults:
            """;

        var everyHome = ScenarioText.Problems(World + "\n  - { every: 1s, from: 1s, gateway: home, action: change-wan-ip }");
        var aTenth = ScenarioText.Problems(World + "\n  - { every: 1s, from: 1s, gateway: home, action: change-wan-ip, percent: 10 }");

        Assert.That(everyHome, Is.EqualTo(new[]
        {
            "test.yaml:6:3: error: devices: the world needs 70,102 loopback addresses (10,000 devices, 200 for the LAN and WAN sides of 100 gateways, 2 for the watchdog and the oracle, 59,900 new WAN addresses for faults); a world on sockets holds at most 65,024 (the 256 subnets of its process's /16; network: simulated holds 4,161,536)",
        }));
        Assert.That(aTenth, Is.Empty, "ten gateways a firing take 6,000 addresses");
    }

    [Test]
    public void Validate_TheLargestWorldThatFits_IsAccepted()
    {
        var problems = ScenarioText.Problems("""
            name: just-fits
            duration: 10s
            gateways:
              - id: gw1
            devices:
              - generate: 65018
                gateway: gw1
            faults:
              - at: 5s
                action: reboot
                newWanIp: true
            """);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Validate_UndefinedReferencesAndDuplicateIds_AreReportedWithSuggestions()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
              - id: gw1
              - id: "bad id"
            devices:
              - id: nas
                gateway: gw9
              - id: nas
                gateway: gw1
              - generate: 2
                gateway: gateway1
            faults:
              - at: 5s
                gateway: gw2
                action: drop-all-mappings
              - at: 6s
                gateway: gw1
                device: nsa
                action: drop-mapping
            compare:
              - name: a
                strategy: watchdog
              - name: a
                strategy: renew
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:5:9: error: gateways[1].id: duplicate id 'gw1' (first at line 4)",
            "test.yaml:6:9: error: gateways[2].id: 'bad id' may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit",
            "test.yaml:9:14: error: devices[0].gateway: no gateway 'gw9' is defined; did you mean 'gw1'?",
            "test.yaml:10:9: error: devices[1].id: duplicate id 'nas' (first at line 8)",
            "test.yaml:13:14: error: devices[2].gateway: no gateway 'gateway1' is defined (gateways: gw1, bad id)",
            "test.yaml:16:14: error: faults[0].gateway: no gateway 'gw2' is defined; did you mean 'gw1'?",
            "test.yaml:20:13: error: faults[1].device: no listed device 'nsa'; did you mean 'nas'?",
            "test.yaml:25:11: error: compare[1].name: duplicate variant name 'a' (first at line 23)",
        }));
    }

    [Test]
    public void Validate_ImpossibleSchedules_AreReported()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
            devices:
              - id: nas
                gateway: gw1
            faults:
              - at: 60s
                action: change-wan-ip
              - every: 10s
                from: 70s
                action: change-wan-ip
              - every: 10s
                from: 30s
                until: 20s
                action: change-wan-ip
              - every: 10s
                until: 90s
                count: 0
                jitter: 10s
                probability: 1.5
                action: change-wan-ip
              - at: 5s
                every: 5s
                action: change-wan-ip
              - at: 5s
                from: 1s
                count: 3
                action: soap-error
              - action: expire-leases
              - every: 2m
                action: expire-leases
              - at: 55s
                jitter: 10s
                action: expire-leases
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:9:9: error: faults[0].at: 60s is not before the end of the scenario (60s)",
            "test.yaml:12:11: error: faults[1].from: 70s is not before the end of the scenario (60s)",
            "test.yaml:16:12: error: faults[2].until: 20s is not after from (30s)",
            "test.yaml:19:12: error: faults[3].until: 90s is after the end of the scenario (60s)",
            "test.yaml:20:12: error: faults[3].count: must be at least 1, not 0",
            "test.yaml:21:13: error: faults[3].jitter: 10s must be shorter than every (10s)",
            "test.yaml:22:18: error: faults[3].probability: must be from 0 to 1, not 1.5",
            "test.yaml:25:12: error: faults[4].every: give either at (once) or every (repeating), not both",
            "test.yaml:28:11: error: faults[5].from: only a repeating fault (every) has from",
            "test.yaml:29:12: error: faults[5].count: only a repeating fault (every) has count; for how many SOAP calls fail, use calls",
            "test.yaml:31:5: error: faults[6]: missing 'at' (once) or 'every' (repeating)",
            "test.yaml:32:12: error: faults[7].every: the first firing (120s after the start) is not before the end of the scenario (60s); give from",
            "test.yaml:35:13: error: faults[8].jitter: at 55s plus up to 10s can fire after the end of the scenario (60s)",
        }));
    }

    [Test]
    public void Validate_ActionSettingsAndTargets_MustFitTheAction()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
              - id: empty
            devices:
              - id: nas
                gateway: gw1
            faults:
              - at: 10s
                gateway: gw1
                action: reboot
                downtime: 60s
              - at: 50s
                gateway: gw1
                action: reboot
                downtime: 20s
              - every: 10s
                gateway: gw1
                action: reboot
                downtime: 10s
              - at: 5s
                gateway: gw1
                action: change-wan-ip
                downtime: 5s
                target: all
              - at: 5s
                gateway: gw1
                action: soap-delay
              - at: 5s
                gateway: empty
                action: drop-mapping
              - at: 5s
                gateway: empty
                device: nas
                action: zombie-mapping
              - at: 5s
                gateway: gw1
                action: drop-mapping
                percent: 0
              - at: 5s
                gateway: gw1
                action: soap-error
                soapAction: AddPortMaping
                code: 1000
                calls: 0
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:13:15: error: faults[0].downtime: 60s is not shorter than the scenario (60s)",
            "test.yaml:17:15: error: faults[1].downtime: the router would still be down when the scenario ends (50s + 20s is after 60s)",
            "test.yaml:21:15: error: faults[2].downtime: 10s is not shorter than every (10s); the router would reboot again while down",
            "test.yaml:25:15: error: faults[3].downtime: applies only to reboot, kill-prober and restart-prober, not to change-wan-ip",
            "test.yaml:26:13: error: faults[3].target: applies only to drop-mapping and zombie-mapping; change-wan-ip hits the whole gateway",
            "test.yaml:27:5: error: faults[4]: missing 'delay' (how long each SOAP answer waits)",
            "test.yaml:32:13: error: faults[5].action: drop-mapping hits a device's mapping, but no device sits behind empty",
            "test.yaml:35:13: error: faults[6].device: 'nas' sits behind gw1, not empty",
            "test.yaml:40:14: error: faults[7].percent: must be more than 0 and at most 100, not 0",
            "test.yaml:44:17: error: faults[8].soapAction: unknown SOAP action 'AddPortMaping'; did you mean 'AddPortMapping'?",
            "test.yaml:45:11: error: faults[8].code: must be a UPnP error code from 400 to 999, not 1000",
            "test.yaml:46:12: error: faults[8].calls: must be at least 1, not 0",
        }));
    }

    [Test]
    public void Validate_FleetWithoutStrategyAndDisabledWatchdog_SaysTheDefaultIsTheScenariosStrategy()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
            devices:
              - generate: 3
                gateway: gw1
            watchdog:
              enabled: false
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:6:5: error: devices[0].strategy: uses the watchdog (the scenario's strategy, as it names none), but watchdog.enabled is false; give it a strategy",
        }));
    }

    [Test]
    public void Validate_StrategySettingsAndDisabledWatchdog_MustAgree()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
            devices:
              - id: nas
                gateway: gw1
                strategy: watchdog+poll
                renew: { every: 10s }
              - id: tv
                gateway: gw1
                strategy: none+renew
              - generate: 3
                gateway: gw1
                strategy: mixed
            watchdog:
              enabled: false
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:8:15: error: devices[0].strategy: uses the watchdog, but watchdog.enabled is false",
            "test.yaml:9:12: error: devices[0].renew: settings for the renew strategy, which this device does not use (strategy: watchdog+poll)",
            "test.yaml:12:15: error: devices[1].strategy: 'none' (map once) cannot be combined with other strategies in 'none+renew'",
            "test.yaml:15:15: error: devices[2].strategy: a mixed fleet includes watchdog devices, but watchdog.enabled is false; give the fleet a strategy",
        }));
    }

    [Test]
    public void Validate_ContradictoryOrEmptyLatencyLimits_AreReported()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            expect:
              remapLatency: { p50: 3s, p95: 2s, max: 5s }
              detectionLatency: {}
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:9:33: error: expect.remapLatency.p95: 2s is below p50 (3s); a higher percentile cannot have a lower limit",
            "test.yaml:10:21: error: expect.detectionLatency: sets no limit; give p50, p95, p99 or max",
        }));
    }

    [Test]
    public void Validate_KeyErrorsTypeErrorsAndReferenceErrors_AreAllReportedTogether()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 1m
            gateways:
              - id: gw1
                profile: miniupnp
            devices:
              - id: nas
                gateway: gw2
                service: { protocol: tcp, port: 70000 }
            watchdog:
              probeIntervall: 1s
            faults:
              - at: 2m
                action: drop-mappings
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:5:14: error: gateways[0].profile: unknown router profile 'miniupnp'; did you mean 'miniupnpd'? (built-in: " + string.Join(", ", RouterProfileCatalog.BuiltIn.Keys.Order(StringComparer.Ordinal)) + "; or the path of a profile file)",
            "test.yaml:8:14: error: devices[0].gateway: no gateway 'gw2' is defined; did you mean 'gw1'?",
            "test.yaml:9:26: error: devices[0].service.protocol: unknown protocol 'tcp'; did you mean 'TCP'?",
            "test.yaml:9:37: error: devices[0].service.port: must be from 1 to 65535, not 70000",
            "test.yaml:11:3: error: watchdog.probeIntervall: unknown key in watchdog; did you mean 'probeInterval'?",
            "test.yaml:13:9: error: faults[0].at: 120s is not before the end of the scenario (60s)",
            "test.yaml:14:13: error: faults[0].action: unknown fault action 'drop-mappings'; did you mean 'drop-mapping'?",
        }));
    }

    [Test]
    public void Validate_ScenarioBuiltInCode_ReportsWithoutPositions()
    {
        var scenario = Coded(
            new ScenarioDevice { Id = "nas", Gateway = "gw9", ServicePort = 0 },
            new ScenarioFault { Schedule = new FaultSchedule { At = TimeSpan.FromMinutes(2) }, Gateway = "gw1", Fault = new ChangeWanIp() });

        var problems = ScenarioValidator.Validate(scenario, "coded").Select(d => d.ToString());

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "coded: error: devices[0].gateway: no gateway 'gw9' is defined; did you mean 'gw1'?",
            "coded: error: devices[0].service.port: must be from 1 to 65535, not 0",
            "coded: error: faults[0].at: 120s is not before the end of the scenario (60s)",
        }));
    }

    [Test]
    public void Validate_ValidScenarioBuiltInCode_HasNoProblems()
    {
        var scenario = Coded(
            new ScenarioDevice { Id = "nas", Gateway = "gw1", Strategy = MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events },
            new ScenarioFault { Schedule = new FaultSchedule { Every = TimeSpan.FromSeconds(10) }, Gateway = "gw1", Fault = new DropMapping(), Target = FaultTarget.RandomDevice });

        Assert.That(ScenarioValidator.Validate(scenario), Is.Empty);
    }

    private static Scenario Coded(ScenarioDevice device, ScenarioFault fault) => new()
    {
        Name = "coded",
        Duration = TimeSpan.FromMinutes(1),
        Gateways = [new ScenarioGateway { Id = "gw1" }],
        Devices = [device],
        Faults = [fault],
    };

    [Test]
    public void Validate_GatewayGroupMistakes_AreReportedAtTheGroupsEntry()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - { id: home, count: 0 }
              - { id: flat, count: 10001 }
              - { id: shop, count: 3 }
              - { id: shop-2 }
              - { id: cafe, count: 12 }
              - { id: cafe }
            devices:
              - { id: nas, gateway: shop }
              - { generate: 6, gateway: shop }
              - { generate: 6, gateway: cafe-100 }
              - { id: cam, gateway: shpo }
            faults:
              - { at: 5s, gateway: home, percent: 50, action: reboot }
              - { at: 5s, gateway: shop, percent: 0, action: reboot }
              - { at: 5s, gateway: shop, percent: 10, target: all, action: change-wan-ip }
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:4:24: error: gateways[0].count: must be from 1 to 10000 gateways, not 0",
            "test.yaml:5:24: error: gateways[1].count: must be from 1 to 10000 gateways, not 10001",
            "test.yaml:7:11: error: gateways[3].id: duplicate id 'shop-2' (first at line 6, a member of group 'shop')",
            "test.yaml:9:11: error: gateways[5].id: duplicate id 'cafe' (first at line 8, the name of a group)",
            "test.yaml:11:25: error: devices[0].gateway: 'shop' is a group of 3 gateways and a listed device sits behind one of them; did you mean 'shop-1'? (a generate: N fleet spreads over a group)",
            "test.yaml:13:29: error: devices[2].gateway: no gateway 'cafe-100' is defined; did you mean 'cafe-10'?",
            "test.yaml:14:25: error: devices[3].gateway: no gateway 'shpo' is defined; did you mean 'shop'?",
            "test.yaml:16:39: error: faults[0].percent: on reboot picks a share of a group's gateways, but 'home' is a single gateway; leave percent out, or give percent to drop-mapping or zombie-mapping for a share of its devices",
            "test.yaml:17:39: error: faults[1].percent: must be more than 0 and at most 100, not 0",
            "test.yaml:18:51: error: faults[2].target: applies only to drop-mapping and zombie-mapping; change-wan-ip hits the whole gateway",
        }));
    }

    [Test]
    public void Validate_GroupOnMiniupnpd_IsRefusedOnceForTheGroup()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - { id: home, count: 3, backend: miniupnpd }
            devices:
              - { generate: 3, gateway: home }
            """);
        var viaBackends = ScenarioText.Problems("""
            name: t
            duration: 60s
            backends: [virtual, miniupnpd]
            gateways:
              - { id: home, count: 3 }
            devices:
              - { generate: 3, gateway: home }
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:4:36: error: gateways[0].backend: group 'home' of 3 gateways cannot be played by miniupnpd for now: the namespace backend builds one router per world",
        }));
        Assert.That(viaBackends, Is.EqualTo(new[]
        {
            "test.yaml:5:24: error: gateways[0].count: group 'home' of 3 gateways cannot be played by miniupnpd for now: the namespace backend builds one router per world",
        }));
    }

    [Test]
    public void Validate_DeviceLevelFaultOnAGroup_NeedsDevicesBehindItsMembers()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - { id: home, count: 2 }
              - { id: empty, count: 2 }
              - { id: shop, count: 2 }
            devices:
              - { id: nas, gateway: home-2 }
              - { generate: 2, gateway: shop-1 }
            faults:
              - { at: 5s, gateway: home, action: drop-mapping, percent: 50 }
              - { at: 5s, gateway: empty, action: zombie-mapping }
              - { at: 5s, gateway: shop, action: zombie-mapping, target: all }
              - { at: 5s, gateway: shop-1, action: reboot, percent: 50 }
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:12:39: error: faults[1].action: zombie-mapping hits a device's mapping, but no device sits behind empty",
            "test.yaml:14:57: error: faults[3].percent: on reboot picks a share of a group's gateways, but 'shop-1' is a single gateway; leave percent out, or give percent to drop-mapping or zombie-mapping for a share of its devices",
        }));
    }
}
