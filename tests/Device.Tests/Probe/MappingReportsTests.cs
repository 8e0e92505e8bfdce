using System.Net;
using IgdLab.Contracts.Control;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Probe;

public sealed class MappingReportsTests
{
    [Test]
    public void ToReport_UdpMapping_CopiesEveryFieldInTheContractsSpelling()
    {
        var result = new MappingResult
        {
            ExternalAddress = IPAddress.Parse("127.70.9.2"),
            ExternalPort = 3074,
            Protocol = MappingProtocol.Udp,
            InternalEndPoint = new IPEndPoint(IPAddress.Parse("127.70.9.10"), 3075),
            LeaseSeconds = 0,
        };

        var report = MappingReports.ToReport(result);

        Assert.That(report, Is.EqualTo(new MappingReport("127.70.9.2", 3074, MappingProtocol.Udp, "127.70.9.10", 3075, 0)));
        Assert.That(ControlProtocol.Validate(report!), Is.Null);
    }

    [Test]
    public void ToReport_NoExternalAddress_IsNull()
    {
        var result = new MappingResult
        {
            ExternalAddress = null,
            ExternalPort = 20000,
            Protocol = MappingProtocol.Tcp,
            InternalEndPoint = new IPEndPoint(IPAddress.Loopback, 20000),
            LeaseSeconds = 3600,
        };

        Assert.That(MappingReports.ToReport(result), Is.Null);
    }
}
