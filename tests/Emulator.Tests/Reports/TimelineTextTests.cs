using System.Net;
using IgdLab.Contracts;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class TimelineTextTests
{
    private static readonly TimeSpan At = TimeSpan.FromMilliseconds(15_850);

    [Test]
    public void ProgressLine_FaultInjected_NamesTheActionAndTheGateway()
    {
        var fault = new FaultInjected(At, "gw1", TimelineSamples.Planned(TimelineSamples.Fault(new IgdLab.Igd.Faults.DropMapping()), "nas"), ["nas"]);

        Assert.That(TimelineText.ProgressLine(fault), Is.EqualTo("15.9s drop-mapping on gw1"));
    }

    [Test]
    public void ProgressLine_OutageStartAndEnd_NameTheDevice()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 20000);

        Assert.That(TimelineText.ProgressLine(new DeviceUnreachable(At, "nas", endpoint, ProbeOutcome.Refused)), Is.EqualTo("15.9s nas unreachable"));
        Assert.That(TimelineText.ProgressLine(new DeviceReachable(At, "nas", endpoint, ProbeOutcome.Ok)), Is.EqualTo("15.9s nas reachable again"));
    }

    [Test]
    public void ProgressLine_OtherEvent_NamesItsKind()
    {
        Assert.That(TimelineText.ProgressLine(new ChannelOpened(At, "nas")), Is.EqualTo("15.9s channel-open"));
    }
}
