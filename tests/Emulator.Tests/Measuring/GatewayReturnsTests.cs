using System.Net;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Measuring;

public sealed class GatewayReturnsTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Incident Broken(string device, double start, double? restored) => new()
    {
        Device = device,
        Start = S(start),
        FirstFailure = S(start + 0.05),
        Restored = restored is { } at ? S(at) : null,
    };

    [Test]
    public void RestoreLatencies_RebootHeldTheDeviceUp_CountFromTheRebootsCompletionNotTheFault()
    {
        // router-reboot-new-port: a 5 s reboot at 15 s; remap latency (7.1 s) hid that the device took 2.1 s once the router was back.
        var returns = GatewayReturns.From([new RebootStarted(S(15), "home", ""), new RebootCompleted(S(20.02), "home", IPAddress.Loopback, "")]);

        var latencies = returns.RestoreLatencies([Broken("nas", 15, 22.12)], _ => "home", S(45));

        Assert.That(latencies.Single(), Is.EqualTo(S(2.1)).Within(TimeSpan.FromTicks(1)));
    }

    [Test]
    public void RestoreLatencies_UpnpEnabledAndSoapBurstCleared_AreReturnsToo()
    {
        var burst = new ScenarioFault { Schedule = new FaultSchedule { At = S(10) }, Gateway = "gw2", Fault = new SoapError(), For = S(10) };
        var returns = GatewayReturns.From([new UpnpEnabled(S(20), "gw1"), new FaultCleared(S(20), "gw2", burst, S(10))]);

        var latencies = returns.RestoreLatencies([Broken("a", 10, 20.3), Broken("b", 10, 20.1)], i => i.Device == "a" ? "gw1" : "gw2", S(40));

        Assert.That(latencies, Is.EqualTo(new TimeSpan?[] { S(0.3), S(0.1) }).Within(TimeSpan.FromTicks(1)));
    }

    [Test]
    public void RestoreLatencies_HealPartition_IsAReturn()
    {
        var heal = new ScenarioFault { Schedule = new FaultSchedule { At = S(30) }, Gateway = "gw1", Fault = new HealPartition() };
        var returns = GatewayReturns.From([new FaultInjected(S(30), "gw1", new PlannedFault(S(30), 1, heal, "gw1", []), [])]);

        var latencies = returns.RestoreLatencies([Broken("nas", 10, 31.2)], _ => "gw1", S(40));

        Assert.That(latencies.Single(), Is.EqualTo(S(1.2)).Within(TimeSpan.FromTicks(1)));
    }

    [Test]
    public void RestoreLatencies_NeverRestoredAfterTheReturn_IsNever()
    {
        var returns = new GatewayReturns([("home", S(20))]);

        var latencies = returns.RestoreLatencies([Broken("nas", 15, null)], _ => "home", S(45));

        Assert.That(latencies, Is.EqualTo(new TimeSpan?[] { null }));
    }

    [Test]
    public void RestoreLatencies_NoDowntimeDuringTheIncident_LeavesItOut()
    {
        // A return before the incident, one on another gateway, and one after its restoration hold nothing up.
        var returns = new GatewayReturns([("home", S(5)), ("other", S(12)), ("home", S(30))]);

        var latencies = returns.RestoreLatencies([Broken("nas", 10, 11.5)], _ => "home", S(45));

        Assert.That(latencies, Is.Empty);
    }

    [Test]
    public void RestoreLatencies_TwoReturnsDuringOneIncident_CountFromTheLatest()
    {
        var returns = new GatewayReturns([("home", S(12)), ("home", S(18))]);

        var latencies = returns.RestoreLatencies([Broken("nas", 10, 18.4)], _ => "home", S(45));

        Assert.That(latencies.Single(), Is.EqualTo(S(0.4)).Within(TimeSpan.FromTicks(1)));
    }
}
