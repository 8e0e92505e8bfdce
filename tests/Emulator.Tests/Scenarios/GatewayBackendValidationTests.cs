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

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:4:25: error: gateways[0].backend: a gateway with backend miniupnpd must be the scenario's only gateway for now" }));
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
