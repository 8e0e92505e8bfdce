using System.Net;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Upnp.Soap;

public sealed class UpnpClientOptionsTests
{
    [Test]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new UpnpClientOptions();

        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That((options.RetryCount, options.ActionFailedRetryCount), Is.EqualTo((2, 2)));
        Assert.That(options.RetryDelay, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(options.MaxResponseBytes, Is.EqualTo(1024 * 1024));
        Assert.That(options.LocalAddress, Is.Null);
        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var options = new UpnpClientOptions
        {
            Timeout = TimeSpan.Zero,
            RetryCount = -1,
            ActionFailedRetryCount = -1,
            RetryDelay = TimeSpan.FromSeconds(2),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            MaxResponseBytes = 1,
            LocalAddress = IPAddress.Any,
        };

        Assert.That(options.Validate(), Has.Count.EqualTo(6));
    }

    [TestCase("urn:schemas-upnp-org:service:WANIPConnection:2", 2)]
    [TestCase("urn:schemas-upnp-org:service:WANIPConnection:1", 1)]
    [TestCase("urn:dslforum-org:service:WANPPPConnection:1", 1)]
    [TestCase("odd", 1)]
    public void VersionOf_ReadsTheTrailingNumber(string serviceType, int version) =>
        Assert.That(UpnpUrns.VersionOf(serviceType), Is.EqualTo(version));
}
