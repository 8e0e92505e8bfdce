using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>The scenario's <c>network</c> key, and what cannot live on a simulated network.</summary>
public sealed class WorldNetworkValidationTests
{
    [TestCase("", WorldNetwork.Sockets)]
    [TestCase("network: sockets\n", WorldNetwork.Sockets)]
    [TestCase("network: simulated\n", WorldNetwork.Simulated)]
    public void Load_Network_ReadsTheWord(string line, WorldNetwork expected)
    {
        var result = ScenarioText.Load(line + ScenarioText.Minimal);

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Scenario!.Network, Is.EqualTo(expected));
    }

    [Test]
    public void Load_MisspelledNetwork_SuggestsTheWord()
    {
        var problems = ScenarioText.Problems("network: simulted\n" + ScenarioText.Minimal);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:1:10:").And.Contain("simulated"));
    }

    [Test]
    public void Validate_SimulatedWithAMiniupnpdGateway_RefusedAtItsBackend()
    {
        var problems = ScenarioText.Problems("""
            name: t
            network: simulated
            duration: 60s
            gateways:
              - id: gw1
                backend: miniupnpd
            devices:
              - id: nas
                gateway: gw1
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:6:").And.Contain("gateways[0].backend: miniupnpd cannot live on network: simulated"));
    }

    [Test]
    public void Validate_SimulatedWithMiniupnpdInBackends_RefusedAtTheList()
    {
        var problems = ScenarioText.Problems("""
            name: t
            network: simulated
            duration: 60s
            backends: [virtual, miniupnpd]
            gateways:
              - id: gw1
                profile: miniupnpd
            devices:
              - id: nas
                gateway: gw1
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:4:").And.Contain("backends: lists miniupnpd, which cannot live on network: simulated"));
    }
}
