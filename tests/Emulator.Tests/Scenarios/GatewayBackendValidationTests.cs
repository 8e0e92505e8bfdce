using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>The <c>backend</c> key of a gateway and the rules a real miniupnpd gateway is held to.</summary>
public sealed class GatewayBackendValidationTests
{
    [Test]
    public void Load_NoBackend_IsVirtual()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal);

        Assert.That(result.Scenario!.Gateways[0].Backend, Is.EqualTo(GatewayBackend.Virtual));
    }

    [Test]
    public void Load_BackendMiniupnpdWithItsFaults_IsValid()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                profile: miniupnpd
                backend: miniupnpd
            devices:
              - id: nas
                gateway: gw1
            faults:
              - { at: 5s, action: drop-mapping, device: nas }
              - { at: 10s, action: drop-all-mappings }
              - { at: 15s, action: change-wan-ip }
              - { at: 20s, action: reboot, downtime: 2s, newWanIp: true }
              - { at: 30s, action: disable-upnp }
              - { at: 35s, action: enable-upnp }
            """);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Gateways[0].Backend, Is.EqualTo(GatewayBackend.Miniupnpd));
    }

    [Test]
    public void Validate_MiniupnpdBackendWithVirtualOnlyFaults_RefusesEachNamingTheBackend()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                backend: miniupnpd
            devices:
              - id: nas
                gateway: gw1
            faults:
              - { at: 5s, action: zombie-mapping, device: nas }
              - { at: 10s, action: soap-error, code: 501 }
              - { at: 15s, action: disable-natpmp }
              - { at: 20s, action: reboot, downtime: 2s, newHttpPort: true }
            """);

        Assert.That(problems, Has.Count.EqualTo(4));
        Assert.That(problems[0], Does.StartWith("test.yaml:10:").And.Contain("faults[0].action: gateway 'gw1' uses backend miniupnpd, which cannot play 'zombie-mapping'"));
        Assert.That(problems[1], Does.Contain("faults[1].action: gateway 'gw1' uses backend miniupnpd, which cannot play 'soap-error'"));
        Assert.That(problems[2], Does.Contain("cannot play 'disable-natpmp'").And.Contain("use backend: virtual"));
        Assert.That(problems[3], Does.Contain("faults[3].newHttpPort: gateway 'gw1' uses backend miniupnpd, whose HTTP port follows the profile"));
    }

    [Test]
    public void Validate_VirtualOnlyFaultsOnAVirtualGateway_AreStillAccepted()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            faults:
              - { at: 5s, action: zombie-mapping, device: nas }
              - { at: 10s, action: soap-error, code: 501 }
            """);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Validate_MiniupnpdGatewayBesideAnother_IsRefused()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - { id: gw1, backend: miniupnpd }
              - { id: gw2 }
            devices:
              - id: nas
                gateway: gw1
            """);

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:4:25: error: gateways[0].backend: a gateway played by miniupnpd must be the scenario's only gateway for now" }));
    }

    [Test]
    public void Validate_UnknownBackend_IsReportedWithTheChoices()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - { id: gw1, backend: openwrt }
            devices:
              - id: nas
                gateway: gw1
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("gateways[0].backend").And.Contain("virtual").And.Contain("miniupnpd"));
    }
}

/// <summary>The scenario's <c>backends:</c> list: one run per backend, held to every backend's rules.</summary>
public sealed class ScenarioBackendsTests
{
    [Test]
    public void Load_Backends_AreReadInOrder_AndOnSetsEveryGateway()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal + "\nbackends: [miniupnpd, virtual]\n");

        Assert.That(result.Diagnostics, Is.Empty);
        var scenario = result.Scenario!;
        Assert.That(scenario.Backends, Is.EqualTo(new[] { GatewayBackend.Miniupnpd, GatewayBackend.Virtual }));
        Assert.That(scenario.On(GatewayBackend.Miniupnpd).Gateways.Select(g => g.Backend), Is.All.EqualTo(GatewayBackend.Miniupnpd));
        Assert.That(scenario.On(null), Is.SameAs(scenario));
    }

    [Test]
    public void Load_UnknownBackend_IsReportedWhereItStands_WithASuggestion()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\nbackends: [virtual, miniupnp]\n");

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("backends[1]: unknown gateway backend 'miniupnp'; did you mean 'miniupnpd'?"));
    }

    [Test]
    public void Validate_BackendsWithMiniupnpd_HoldsEveryFaultToTheDaemonsRules()
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
              - { at: 5s, action: drop-mapping, device: nas }
              - { at: 10s, action: soap-error, code: 501 }
            backends: [virtual, miniupnpd]
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("faults[1].action: gateway 'gw1' uses backend miniupnpd, which cannot play 'soap-error'"));
    }

    [Test]
    public void Validate_BackendsOnlyVirtual_AllowsVirtualOnlyFaults()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            faults:
              - { at: 10s, action: soap-error, code: 501 }
            backends: [virtual]
            """);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Validate_BackendsBesideAGatewaysBackend_OrRepeated_AreRefused()
    {
        var problems = ScenarioText.Problems("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                backend: virtual
            devices:
              - id: nas
                gateway: gw1
            backends: [virtual, virtual]
            """);

        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems, Has.Some.Contains("backends: lists virtual more than once"));
        Assert.That(problems, Has.Some.Contains("gateways[0].backend: the scenario's backends: already says what plays every gateway"));
    }

    [Test]
    public void Differences_OnMiniupnpd_SayWhatTheDaemonDoesOtherwise_AndThatRestoreAfterReturnIsNotMeasured()
    {
        var scenario = ScenarioText.Load(ScenarioText.Minimal + """

            expect:
              restoreAfterReturn: { max: 3s }
            backends: [virtual, miniupnpd]
            """).Scenario!;

        var onDaemon = BackendDifferences.Of(scenario.On(GatewayBackend.Miniupnpd), scenario.Expect);
        var onVirtual = BackendDifferences.Of(scenario.On(GatewayBackend.Virtual), scenario.Expect);

        Assert.That(onDaemon, Has.Some.StartsWith("restoreAfterReturn is not measured on backend miniupnpd"));
        Assert.That(onDaemon, Has.Some.Contains("gateway 'gw1' is played by miniupnpd").And.Some.Contains("soap.deleteMissingSucceeds (profile: false, daemon: true)"));
        Assert.That(onVirtual, Is.Empty);
    }
}
