using System.Net;
using IgdLab.Device.Tests.Upnp.Description;
using IgdLab.Device.Upnp.Http;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Http;

/// <summary>The HTTP client factory's binding to the device's own address, on loopback.</summary>
[Category("Loopback")]
public sealed class LocalBoundHttpClientFactoryTests
{
    [Test]
    public async Task Create_WithLocalAddress_EveryConnectionComesFromIt()
    {
        var device = LoopbackAddresses.Next();
        await using var server = new FakeHttpServer(_ => new FakeHttpResponse(200, "text/plain", "ok"u8.ToArray()));
        using var http = LocalBoundHttpClientFactory.Create(device);

        await http.GetStringAsync(server.Url("/a"));
        await http.GetStringAsync(server.Url("/b"));

        Assert.That(server.Clients.Select(c => c.Address), Is.All.EqualTo(device));
        Assert.That(server.Clients, Has.Count.EqualTo(2));
    }

    [Test]
    public void CreateHandler_Always_UsesNoProxyNoRedirectsNoCookies()
    {
        using var handler = LocalBoundHttpClientFactory.CreateHandler(IPAddress.Loopback);

        Assert.That(handler.UseProxy, Is.False);
        Assert.That(handler.AllowAutoRedirect, Is.False);
        Assert.That(handler.UseCookies, Is.False);
        Assert.That(handler.ConnectCallback, Is.Not.Null);
    }

    [Test]
    public void Create_Always_LeavesTimeoutsToTheCaller()
    {
        using var http = LocalBoundHttpClientFactory.Create(null);

        Assert.That(http.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
    }
}
