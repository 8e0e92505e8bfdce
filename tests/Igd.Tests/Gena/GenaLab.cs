using System.Net;
using IgdLab.Igd.Gena;
using IgdLab.TestUtilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>
/// One test's world on loopback: a gateway (Kestrel + <see cref="GenaPublisher"/>) on its own address, and a control
/// point on another address with an event sink and an HttpClient that connects from that same address.
/// </summary>
internal sealed class GenaLab : IAsyncDisposable
{
    public const string ServicePath = "/evt/IPConn";
    public const string OtherServicePath = "/evt/L3F";
    public const string Server = "IgdLab/1.0 UPnP/1.1 IgdLabTest/1.0";

    private readonly WebApplication _gateway;
    private readonly Uri _gatewayUri;

    private GenaLab(
        FakeTimeProvider time,
        RecordingLogger log,
        GenaPublisher publisher,
        WebApplication gateway,
        Uri gatewayUri,
        CallbackListener listener,
        HttpClient client)
    {
        Time = time;
        Log = log;
        Publisher = publisher;
        _gateway = gateway;
        _gatewayUri = gatewayUri;
        Listener = listener;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public RecordingLogger Log { get; }

    public GenaPublisher Publisher { get; }

    /// <summary>The gateway's LAN address, from which NOTIFYs must come.</summary>
    public IPAddress GatewayAddress => IPAddress.Parse(_gatewayUri.Host);

    /// <summary>The control point's event sink, on the control point's own address.</summary>
    public CallbackListener Listener { get; }

    /// <summary>The control point's HTTP client, bound to <see cref="CallbackListener.Address"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>The current values of the evented variables of <see cref="ServicePath"/>.</summary>
    public List<KeyValuePair<string, string>> Variables { get; } =
    [
        new("PossibleConnectionTypes", "IP_Routed"),
        new("ConnectionStatus", "Connected"),
        new("ExternalIPAddress", "203.0.113.7"),
        new("PortMappingNumberOfEntries", "0"),
    ];

    public Uri EventUrl(string path = ServicePath) => new(_gatewayUri, path);

    public static async Task<GenaLab> StartAsync(TimeSpan? notifyTimeout = null)
    {
        var time = new FakeTimeProvider();
        var log = new RecordingLogger();
        var gatewayAddress = LoopbackAddresses.Next();
        var publisher = new GenaPublisher(time, log, gatewayAddress, Server, notifyTimeout);
        var (gateway, gatewayUri) = await LoopbackWebHost.StartAsync(
            gatewayAddress,
            app => app.MapMethods("/{**path}", ["SUBSCRIBE", "UNSUBSCRIBE"], (RequestDelegate)(ctx => publisher.HandleAsync(ctx))));
        var listener = await CallbackListener.StartAsync(LoopbackAddresses.Next());
        var lab = new GenaLab(time, log, publisher, gateway, gatewayUri, listener, LoopbackWebHost.CreateClientBoundTo(listener.Address));
        publisher.RegisterService(ServicePath, () => [.. lab.Variables]);
        publisher.RegisterService(OtherServicePath, () => [new("Layer3Forwarding", "WAN")]);
        return lab;
    }

    /// <summary>Sends a SUBSCRIBE or UNSUBSCRIBE with exactly the given headers (null values are left out).</summary>
    public async Task<HttpResponseMessage> SendAsync(
        string method,
        string path = ServicePath,
        string? callback = null,
        string? nt = null,
        string? sid = null,
        string? timeout = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), EventUrl(path));
        AddIfPresent(request, "CALLBACK", callback);
        AddIfPresent(request, "NT", nt);
        AddIfPresent(request, "SID", sid);
        AddIfPresent(request, "TIMEOUT", timeout);
        return await Client.SendAsync(request);
    }

    /// <summary>Subscribes a listener path and returns the SID; asserts the reply was 200.</summary>
    public async Task<string> SubscribeAsync(string callbackPath, string path = ServicePath, string timeout = "Second-1800")
    {
        using var response = await SendAsync("SUBSCRIBE", path, Listener.Callback(callbackPath), "upnp:event", timeout: timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "SUBSCRIBE");
        return Header(response, "SID");
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : "";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Publisher.DisposeAsync();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        await Listener.DisposeAsync();
    }

    private static void AddIfPresent(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
