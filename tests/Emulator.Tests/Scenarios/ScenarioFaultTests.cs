using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class ScenarioFaultTests
{
    private static readonly FaultSchedule Once = new() { At = TimeSpan.FromSeconds(1) };

    [Test]
    public void ToGatewayFault_Reboot_CarriesDowntimeAndWhatChanges()
    {
        var fault = new ScenarioFault { Schedule = Once, Gateway = "gw1", Action = "reboot", Downtime = TimeSpan.FromSeconds(5), NewWanIp = true, NewHttpPort = false };

        var gatewayFault = fault.ToGatewayFault();

        Assert.That(gatewayFault.Action, Is.EqualTo("reboot"));
        Assert.That(gatewayFault.Downtime, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(gatewayFault.NewWanIp, Is.True);
        Assert.That(gatewayFault.NewHttpPort, Is.False);
    }

    [TestCase(null, null, 1)]
    [TestCase(3, null, 3)]
    [TestCase(null, 10, int.MaxValue)]
    public void ToGatewayFault_SoapError_FailsCallsOrEveryCallForAWhile(int? calls, int? forSeconds, int expectedCount)
    {
        var fault = new ScenarioFault
        {
            Schedule = Once,
            Gateway = "gw1",
            Action = "soap-error",
            SoapAction = "AddPortMapping",
            Code = 606,
            Calls = calls,
            For = forSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };

        var gatewayFault = fault.ToGatewayFault();

        Assert.That(gatewayFault.SoapAction, Is.EqualTo("AddPortMapping"));
        Assert.That(gatewayFault.Code, Is.EqualTo(606));
        Assert.That(gatewayFault.Count, Is.EqualTo(expectedCount));
    }

    [Test]
    public void ToGatewayFault_SoapDelay_CarriesTheDelay()
    {
        var fault = new ScenarioFault { Schedule = Once, Gateway = "gw1", Action = "soap-delay", Delay = TimeSpan.FromMilliseconds(1500) };

        Assert.That(fault.ToGatewayFault().Delay, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }
}
