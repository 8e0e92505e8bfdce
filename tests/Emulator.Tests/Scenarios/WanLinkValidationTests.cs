using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>
/// The scenario's <c>links:</c> and the <c>partition</c> fault: read into records, held to the simulated network, and
/// every mistake reported where it is written.
/// </summary>
public sealed class WanLinkValidationTests
{
    private const string World = """
        name: t
        network: simulated
        duration: 60s
        gateways:
          - id: gw1
          - id: home
            count: 3
        devices:
          - id: nas
            gateway: gw1

        """;

    [Test]
    public void Load_Links_ReadIntoRecords()
    {
        var result = ScenarioText.Load(World + """
            links:
              - { gateway: home, latency: 30ms, jitter: 5ms, loss: 2.5 }
              - { gateway: gw1, loss: 100 }
            """);

        Assert.That(result.Diagnostics, Is.Empty, string.Join('\n', result.Diagnostics));
        Assert.That(result.Scenario!.Links, Is.EqualTo(new[]
        {
            new ScenarioLink { Gateway = "home", Impairment = new() { Latency = TimeSpan.FromMilliseconds(30), Jitter = TimeSpan.FromMilliseconds(5), Loss = 2.5 } },
            new ScenarioLink { Gateway = "gw1", Impairment = new() { Loss = 100 } },
        }));
        Assert.That(result.Scenario.ImpairsLinks, Is.True);
    }

    [TestCase("", PartitionDirection.Both)]
    [TestCase("direction: inbound, ", PartitionDirection.Inbound)]
    [TestCase("direction: outbound, ", PartitionDirection.Outbound)]
    [TestCase("direction: both, ", PartitionDirection.Both)]
    public void Load_Partition_ReadsItsDirectionAndDuration(string direction, PartitionDirection expected)
    {
        var result = ScenarioText.Load(World + $$"""
            faults:
              - { at: 10s, gateway: home, action: partition, {{direction}}for: 20s }
              - { at: 40s, gateway: gw1, action: heal-partition }
            """);

        Assert.That(result.Diagnostics, Is.Empty, string.Join('\n', result.Diagnostics));
        var fault = result.Scenario!.Faults[0];
        Assert.That(fault.Fault, Is.EqualTo(new Partition { Direction = expected }));
        Assert.That(fault.For, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(result.Scenario.Faults[1].Fault, Is.TypeOf<HealPartition>());
    }

    [Test]
    public void Validate_LinksOnSockets_RefusedAtTheKeySayingWhy()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            links:
              - { gateway: gw1, latency: 30ms }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:9:3: error: links: ").And.Contain("IgdLab cannot impair").And.Contain("network: simulated"));
    }

    [TestCase("partition")]
    [TestCase("heal-partition")]
    public void Validate_PartitionOnSockets_RefusedAtTheAction(string action)
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\n" + $$"""
            faults:
              - { at: 10s, action: {{action}} }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain($"faults[0].action: {action} cuts a gateway's WAN link").And.Contain("IgdLab cannot impair"));
    }

    [Test]
    public void Validate_UnknownGateway_SuggestsTheNearName()
    {
        var problems = ScenarioText.Problems(World + """
            links:
              - { gateway: hom, loss: 1 }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:12:16:").And.EndWith("links[0].gateway: no gateway 'hom' is defined; did you mean 'home'?"));
    }

    [Test]
    public void Validate_UnknownKeyInALink_SuggestsTheKey()
    {
        var problems = ScenarioText.Problems(World + """
            links:
              - gateway: gw1
                latncy: 30ms
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:13:5:").And.EndWith("links[0].latncy: unknown key in a link; did you mean 'latency'?"));
    }

    [TestCase("loss: 101", "links[0].loss: must be a percentage from 0 to 100, not 101")]
    [TestCase("loss: -1", "links[0].loss: must be a percentage from 0 to 100, not -1")]
    [TestCase("latency: -5ms", "links[0].latency: '-5ms' is not a duration")]
    [TestCase("jitter: 5", "links[0].jitter: '5' has no unit")]
    [TestCase("loss: lots", "links[0].loss: ")]
    public void Validate_BadValue_ReportedAtIt(string setting, string expected)
    {
        var problems = ScenarioText.Problems(World + $$"""
            links:
              - { gateway: gw1, {{setting}} }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:12:").And.Contain(expected));
    }

    [TestCase("links: 5", "links: expected a list")]
    [TestCase("links: [gw1]", "links[0]: expected a mapping (a link with gateway, latency, jitter and loss)")]
    [TestCase("links:\n  - { gateway: [gw1] }", "links[0].gateway: ")]
    [TestCase("links:\n  - { gateway: gw1, loss: .nan }", "links[0].loss: ")]
    public void Validate_MisshapenLinks_ReportedNotThrown(string yaml, string expected)
    {
        var problems = ScenarioText.Problems(World + yaml);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain(expected));
    }

    [Test]
    public void Validate_MissingGateway_Reported()
    {
        var problems = ScenarioText.Problems(World + """
            links:
              - { loss: 1 }
            """);

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:12:5: error: links[0]: missing 'gateway'" }));
    }

    [Test]
    public void Validate_AGatewaysLinkDescribedTwice_ReportedAtTheSecond()
    {
        var problems = ScenarioText.Problems(World + """
            links:
              - { gateway: home, loss: 1 }
              - { gateway: home-2, latency: 10ms }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:13:16:").And.Contain("links[1].gateway: the link of 'home-2' is already described by links[0] at line 12"));
    }

    [TestCase("direction: sideways", "faults[0].direction: unknown partition direction 'sideways'")]
    [TestCase("for: 0s", "faults[0].for: must be longer than 0")]
    [TestCase("delay: 1s", "faults[0].delay: applies only to soap-delay, not to partition")]
    public void Validate_BadPartitionSetting_ReportedAtIt(string setting, string expected)
    {
        var problems = ScenarioText.Problems(World + $$"""
            faults:
              - { at: 10s, gateway: gw1, action: partition, {{setting}} }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("test.yaml:12:").And.Contain(expected));
    }

    [Test]
    public void Validate_DirectionOnAnotherFault_AppliesOnlyToPartition()
    {
        var problems = ScenarioText.Problems(World + """
            faults:
              - { at: 10s, gateway: gw1, action: reboot, direction: inbound }
            """);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("faults[0].direction: applies only to partition, not to reboot"));
    }
}
