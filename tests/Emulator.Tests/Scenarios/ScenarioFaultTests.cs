using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class ScenarioFaultTests
{
    private static readonly FaultSchedule Once = new() { At = TimeSpan.FromSeconds(1) };

    [Test]
    public void Action_Reboot_IsTheFaultsWireName()
    {
        var fault = new ScenarioFault { Schedule = Once, Gateway = "gw1", Fault = new Reboot { Downtime = TimeSpan.FromSeconds(5), NewWanIp = true } };

        Assert.That(fault.Action, Is.EqualTo("reboot"));
    }

    [Test]
    public void Action_UnreadableFault_IsEmpty()
    {
        var fault = new ScenarioFault { Schedule = Once, Gateway = "gw1", Fault = null };

        Assert.That(fault.Action, Is.Empty);
    }

    [TestCase(null, null, 1)]
    [TestCase(3, null, 3)]
    [TestCase(null, 10, int.MaxValue)]
    public void SoapErrorCount_CallsOrFor_FailsCallsOrEveryCallForAWhile(int? calls, int? forSeconds, int expectedCount)
    {
        var count = ScenarioFault.SoapErrorCount(calls, forSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.That(count, Is.EqualTo(expectedCount));
    }

    [Test]
    public void Load_SoapDelay_BindsTheTypedFault()
    {
        var result = ScenarioText.Load("""
            name: t
            description: d
            duration: 60s
            gateways: [{ id: gw1 }]
            devices: [{ id: nas, gateway: gw1, service: { protocol: TCP, port: 20000 } }]
            faults:
              - { at: 1s, action: soap-delay, soapAction: AddPortMapping, delay: 1500ms, for: 5s }
            """);

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Scenario!.Faults[0].Fault, Is.EqualTo(new SoapDelay { SoapAction = "AddPortMapping", Delay = TimeSpan.FromMilliseconds(1500) }));
    }
}
