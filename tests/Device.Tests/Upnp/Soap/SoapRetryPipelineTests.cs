using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Upnp.Soap;

public sealed class SoapRetryPipelineTests
{
    private static readonly Uri Url = new("http://127.0.0.1:1/ctl");

    [TestCase(UpnpErrorCode.InvalidArgs)]
    [TestCase(UpnpErrorCode.ActionNotAuthorized)]
    [TestCase(UpnpErrorCode.NoSuchEntryInArray)]
    [TestCase(UpnpErrorCode.ConflictInMappingEntry)]
    [TestCase(UpnpErrorCode.OnlyPermanentLeasesSupported)]
    [TestCase(UpnpErrorCode.InvalidAction)]
    public void ShouldRetry_UpnpAnswer_Never(int code) =>
        Assert.That(SoapRetryPipeline.ShouldRetry(new UpnpErrorException(code, "", "A"), 0, 5, 5), Is.False);

    [Test]
    public void ShouldRetry_ActionFailed_UpToItsOwnLimit()
    {
        var error = new UpnpErrorException(UpnpErrorCode.ActionFailed, "", "A");
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 0, 0, 2), Is.True);
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 1, 0, 2), Is.True);
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 2, 0, 2), Is.False);
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 0, 5, 0), Is.False);
    }

    [TestCase(UpnpTransportFailure.ConnectFailed, null, true)]
    [TestCase(UpnpTransportFailure.ConnectionLost, null, true)]
    [TestCase(UpnpTransportFailure.Timeout, null, true)]
    [TestCase(UpnpTransportFailure.HttpStatus, 503, true)]
    [TestCase(UpnpTransportFailure.HttpStatus, 404, false)]
    [TestCase(UpnpTransportFailure.SoapFault, 500, true)]
    [TestCase(UpnpTransportFailure.SoapFault, 200, false)]
    [TestCase(UpnpTransportFailure.MalformedResponse, 200, false)]
    [TestCase(UpnpTransportFailure.UnexpectedContentType, 200, false)]
    [TestCase(UpnpTransportFailure.ResponseTooLarge, 200, false)]
    public void ShouldRetry_TransportFailure_OnlyWhenTransient(UpnpTransportFailure failure, int? status, bool expected)
    {
        var error = new UpnpTransportException(failure, "A", Url, "x", (System.Net.HttpStatusCode?)status);
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 0, 2, 0), Is.EqualTo(expected));
        Assert.That(SoapRetryPipeline.ShouldRetry(error, 2, 2, 0), Is.False, "never beyond RetryCount");
    }

    [Test]
    public void ShouldRetry_OtherExceptions_Never() =>
        Assert.That(SoapRetryPipeline.ShouldRetry(new InvalidOperationException(), 0, 5, 5), Is.False);

    [Test]
    public void ShouldRetry_RefusedConnectionWhenTurnedOff_IsNotRetried_OtherTransportFailuresStill()
    {
        var refused = new UpnpTransportException(UpnpTransportFailure.ConnectFailed, "AddPortMapping", new Uri("http://127.0.0.1:1/ctl"), "refused");
        var lost = new UpnpTransportException(UpnpTransportFailure.ConnectionLost, "AddPortMapping", new Uri("http://127.0.0.1:1/ctl"), "reset");

        Assert.Multiple(() =>
        {
            Assert.That(SoapRetryPipeline.ShouldRetry(refused, 0, 2, 0, retryRefused: false), Is.False);
            Assert.That(SoapRetryPipeline.ShouldRetry(refused, 0, 2, 0, retryRefused: true), Is.True);
            Assert.That(SoapRetryPipeline.ShouldRetry(lost, 0, 2, 0, retryRefused: false), Is.True);
        });
    }
}
