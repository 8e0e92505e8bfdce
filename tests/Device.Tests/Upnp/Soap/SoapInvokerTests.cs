using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Device.Upnp.Soap;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>The wire format of requests, and what comes of hostile or broken router answers.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SoapInvokerTests
{
    private const string XmlType = "text/xml; charset=\"utf-8\"";

    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(400);

    [Test]
    public async Task Request_IsOneCompactLineWithQuotedSoapActionAndArgumentsInScpdOrder()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, ScriptedHttpServer.Envelope("AddPortMapping", ""), cancellationToken: ct));
        using var client = Client(server);

        await client.AddPortMappingAsync(new PortMappingEntry
        {
            ExternalPort = 40000, Protocol = MappingProtocol.Udp, InternalClient = "127.0.0.9", InternalPort = 7000,
            Description = "a\r\nb & <c>", LeaseSeconds = 120, Enabled = false,
        });

        var request = server.Requests.Single();
        Assert.That(request.RequestLine, Is.EqualTo("POST /ctl/IPConn HTTP/1.1"));
        Assert.That(request.Headers.Single(h => h.Key.Equals("SOAPAction", StringComparison.OrdinalIgnoreCase)).Key, Is.EqualTo("SOAPAction"));
        Assert.That(request.Header("SOAPAction"), Is.EqualTo("\"urn:schemas-upnp-org:service:WANIPConnection:2#AddPortMapping\""));
        Assert.That(request.Header("Content-Type"), Is.EqualTo("text/xml; charset=\"utf-8\""));
        Assert.That(request.Header("Content-Length"), Is.EqualTo(Encoding.UTF8.GetByteCount(request.Body).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(request.Header("Connection"), Is.EqualTo("close").IgnoreCase);
        Assert.That(request.Header("Host"), Is.EqualTo(server.EndPoint.ToString()));
        Assert.That(request.Body, Does.Not.Contain("\r").And.Not.Contain("\n"));
        Assert.That(request.Body, Does.StartWith("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""));
        Assert.That(request.Body, Does.Contain(
            "<u:AddPortMapping xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:2\">" +
            "<NewRemoteHost></NewRemoteHost><NewExternalPort>40000</NewExternalPort><NewProtocol>UDP</NewProtocol>" +
            "<NewInternalPort>7000</NewInternalPort><NewInternalClient>127.0.0.9</NewInternalClient><NewEnabled>0</NewEnabled>" +
            "<NewPortMappingDescription>a&#13;&#10;b &amp; &lt;c&gt;</NewPortMappingDescription><NewLeaseDuration>120</NewLeaseDuration>" +
            "</u:AddPortMapping></s:Body></s:Envelope>"));
    }

    [Test]
    public async Task Request_BoundToALocalAddress_ComesFromIt()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, ScriptedHttpServer.Envelope("GetExternalIPAddress", "<NewExternalIPAddress>1.2.3.4</NewExternalIPAddress>"), cancellationToken: ct));
        var local = LoopbackAddresses.Next();
        using var client = Client(server, new UpnpClientOptions { LocalAddress = local });

        Assert.That(await client.GetExternalIPAddressAsync(), Is.EqualTo(IPAddress.Parse("1.2.3.4")));
        Assert.That(server.RemoteEndPoints.Single().Address, Is.EqualTo(local));
    }

    [Test]
    public async Task Response_MalformedXml_ThrowsMalformedResponseWithoutRetrying()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, "<s:Envelope><s:Body><oops", cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.MalformedResponse));
        Assert.That(error.Message, Does.Contain("GetExternalIPAddress").And.Contain(server.ControlUrl.ToString()).And.Contain("malformed XML"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Response_TenMegabyteBody_ThrowsResponseTooLargeQuickly(bool announceLength)
    {
        var huge = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddressResponse><NewExternalIPAddress>"
            + new string('9', 10 * 1024 * 1024) + "</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, huge, announceLength, ct));
        using var client = Client(server, new UpnpClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        var watch = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.ResponseTooLarge));
        Assert.That(error.Message, Does.Contain("1048576"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "stops reading at the limit instead of downloading everything");
    }

    [Test]
    public async Task Response_HtmlLoginPage_ThrowsUnexpectedContentType()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, "text/html", "<html><body>Please log in</body></html>", cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetStatusInfoAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.UnexpectedContentType));
        Assert.That(error.Message, Does.Contain("text/html").And.Contain("Please log in"));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task Response_FaultWithoutDetail_ThrowsSoapFaultAfterRetrying()
    {
        const string fault = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>" +
            "<faultcode>s:Server</faultcode><faultstring>Internal trouble</faultstring></s:Fault></s:Body></s:Envelope>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 500, XmlType, fault, cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.SoapFault));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.Message, Does.Contain("Internal trouble"));
        Assert.That(server.Requests, Has.Count.EqualTo(3), "HTTP 5xx without a UPnP fault is transient: 1 + 2 retries");
    }

    [Test]
    public async Task Response_FaultWithoutDetailAndStatus200_IsNotRetried()
    {
        const string fault = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultstring>nope</faultstring></s:Fault></s:Body></s:Envelope>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, fault, cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.SoapFault));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Response_ServerAcceptsAndNeverAnswers_ThrowsTimeoutWithinTheTimeout()
    {
        await using var server = new ScriptedHttpServer((_, _, ct) => ScriptedHttpServer.HangAsync(ct));
        using var client = Client(server, new UpnpClientOptions { Timeout = ShortTimeout, RetryCount = 0 });
        var watch = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.AddPortMappingAsync(Mapping()));

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.Timeout));
        Assert.That(error.RequestMayHaveBeenProcessed, Is.True);
        Assert.That(error.Message, Does.Contain("AddPortMapping").And.Contain(server.ControlUrl.ToString()).And.Contain("400 ms"));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortTimeout - TimeSpan.FromMilliseconds(50)).And.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Response_HeadersThenSilence_ThrowsTimeout()
    {
        await using var server = new ScriptedHttpServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 400\r\n\r\n<s:Envelope"u8.ToArray(), ct);
            await ScriptedHttpServer.HangAsync(ct);
        });
        using var client = Client(server, new UpnpClientOptions { Timeout = ShortTimeout, RetryCount = 0 });

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.Timeout));
    }

    [Test]
    public async Task Response_ConnectionClosedMidAnswer_ThrowsConnectionLost()
    {
        await using var server = new ScriptedHttpServer(async (_, stream, ct) =>
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 400\r\n\r\n<s:Envelope"u8.ToArray(), ct));
        using var client = Client(server, new UpnpClientOptions { RetryCount = 0 });

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.ConnectionLost));
        Assert.That(error.IsTransient, Is.True);
    }

    [Test]
    public async Task Response_Http503WithoutFault_IsRetriedThenThrowsHttpStatus()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 503, "text/plain", "busy", cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("503").And.Contain("busy"));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Response_Http404_IsNotRetried()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 404, "text/html", "<h1>Not Found</h1>", cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.HttpStatus));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(200)]
    [TestCase(500)]
    [TestCase(400)]
    public async Task Response_UpnpFault_IsDecodedWhateverTheStatus(int status)
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, status, "text/xml", ScriptedHttpServer.Fault(725, "OnlyPermanentLeasesSupported"), cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => client.AddPortMappingAsync(Mapping()));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.OnlyPermanentLeasesSupported));
        Assert.That(error.Description, Is.EqualTo("OnlyPermanentLeasesSupported"));
        Assert.That(error.Action, Is.EqualTo("AddPortMapping"));
        Assert.That(error.ControlUrl, Is.EqualTo(server.ControlUrl));
        Assert.That(error.Meaning, Does.Contain("permanent"));
        Assert.That(server.Requests, Has.Count.EqualTo(1), "725 is an answer, not a transient failure");
    }

    [Test]
    public async Task Response_BareErrorCodeWithoutUpnpErrorElement_IsDecoded()
    {
        const string body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><detail><errorCode> 718 </errorCode></detail></s:Fault></s:Body></s:Envelope>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 500, "text/xml", body, cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => client.AddPortMappingAsync(Mapping()));

        Assert.That(error!.Code, Is.EqualTo(718));
        Assert.That(error.Description, Is.Empty);
    }

    [Test]
    public async Task Response_ConnectionCloseWithoutContentLength_IsReadToTheEnd()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(
            stream, 200, "text/xml", ScriptedHttpServer.Envelope("GetExternalIPAddress", "<NewExternalIPAddress>203.0.113.7</NewExternalIPAddress>"), contentLength: false, ct));
        using var client = Client(server);

        Assert.That(await client.GetExternalIPAddressAsync(), Is.EqualTo(IPAddress.Parse("203.0.113.7")));
    }

    [Test]
    public async Task Response_ArgumentNamesInOtherCaseAndPrefixed_AreRead()
    {
        const string inner = "<u:newconnectionstatus>Connected</u:newconnectionstatus><NEWLASTCONNECTIONERROR>ERROR_NONE</NEWLASTCONNECTIONERROR><NewUptime> 42 </NewUptime>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, "text/xml", ScriptedHttpServer.Envelope("GetStatusInfo", inner), cancellationToken: ct));
        using var client = Client(server);

        var status = await client.GetStatusInfoAsync();

        Assert.That(status, Is.EqualTo(new StatusInfo { ConnectionStatus = "Connected", LastConnectionError = "ERROR_NONE", Uptime = TimeSpan.FromSeconds(42) }));
    }

    [Test]
    public async Task Response_LeadingWhitespaceAndNoContentType_IsTolerated()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(
            stream, 200, null, "\r\n  " + ScriptedHttpServer.Envelope("GetExternalIPAddress", "<NewExternalIPAddress></NewExternalIPAddress>"), cancellationToken: ct));
        using var client = Client(server);

        Assert.That(await client.GetExternalIPAddressAsync(), Is.Null, "an empty address means the router does not know it");
    }

    [Test]
    public async Task Response_MissingOutArgument_ThrowsMalformedNamingIt()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, ScriptedHttpServer.Envelope("GetExternalIPAddress", ""), cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.MalformedResponse));
        Assert.That(error.Message, Does.Contain("NewExternalIPAddress"));
    }

    [Test]
    public async Task Response_WithDtdEntityExpansion_IsRejected()
    {
        const string bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>" +
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddressResponse><NewExternalIPAddress>&lol2;</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>";
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, bomb, cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.MalformedResponse));
        Assert.That(error.Message, Does.Contain("DTD"));
    }

    [Test]
    public async Task Response_NotAnIpAddress_ThrowsMalformed()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(stream, 200, XmlType, ScriptedHttpServer.Envelope("GetExternalIPAddress", "<NewExternalIPAddress>7</NewExternalIPAddress>"), cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Message, Does.Contain("'7' is not an IP address"));
    }

    [Test]
    public async Task Connect_NobodyListening_ThrowsConnectFailedAfterRetrying()
    {
        var address = LoopbackAddresses.Next();
        var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new IgdSoapClient(new Uri($"http://{address}:{port}/ctl/IPConn"), UpnpUrns.WanIpConnection2, Options());

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetExternalIPAddressAsync());

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.ConnectFailed));
        Assert.That(error.RequestMayHaveBeenProcessed, Is.False);
        Assert.That(error.IsTransient, Is.True);
    }

    [Test]
    public async Task Call_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new ScriptedHttpServer((_, _, ct) => ScriptedHttpServer.HangAsync(ct));
        using var client = Client(server, new UpnpClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200), TimeProvider.System);

        Assert.That(async () => await client.GetExternalIPAddressAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GetListOfPortMappings_CdataOrEscapedListing_IsDecoded(bool cdata)
    {
        const string listing = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:PortMappingList xmlns:p=\"urn:schemas-upnp-org:gw:WANIPConnection\">" +
            "<p:PortMappingEntry><p:NewRemoteHost></p:NewRemoteHost><p:NewExternalPort>5000</p:NewExternalPort><p:NewProtocol>tcp</p:NewProtocol>" +
            "<p:NewInternalPort>6000</p:NewInternalPort><p:NewInternalClient>127.72.1.5</p:NewInternalClient><p:NewEnabled>1</p:NewEnabled>" +
            "<p:NewDescription>nas &amp; co</p:NewDescription><p:NewLeaseTime>3599</p:NewLeaseTime></p:PortMappingEntry>" +
            "<p:PortMappingEntry><p:NewExternalPort>5001</p:NewExternalPort><p:NewProtocol>TCP</p:NewProtocol><p:NewInternalPort>6001</p:NewInternalPort>" +
            "<p:NewInternalClient>127.72.1.6</p:NewInternalClient><p:NewEnabled>0</p:NewEnabled><p:NewDescription></p:NewDescription><p:NewLeaseTime>0</p:NewLeaseTime></p:PortMappingEntry>" +
            "</p:PortMappingList>";
        var argument = cdata ? $"<![CDATA[{listing}]]>" : System.Security.SecurityElement.Escape(listing);
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(
            stream, 200, XmlType, ScriptedHttpServer.Envelope("GetListOfPortMappings", $"<NewPortListing>{argument}</NewPortListing>"), cancellationToken: ct));
        using var client = Client(server);

        var entries = await client.GetListOfPortMappingsAsync(1, 65535, MappingProtocol.Tcp, manage: true);

        Assert.That(entries, Is.EqualTo(new[]
        {
            new PortMappingEntry { ExternalPort = 5000, Protocol = MappingProtocol.Tcp, InternalPort = 6000, InternalClient = "127.72.1.5", Description = "nas & co", LeaseSeconds = 3599 },
            new PortMappingEntry { ExternalPort = 5001, Protocol = MappingProtocol.Tcp, InternalPort = 6001, InternalClient = "127.72.1.6", Enabled = false, Description = "", LeaseSeconds = 0 },
        }));
    }

    [Test]
    public async Task GetListOfPortMappings_BrokenListing_ThrowsMalformed()
    {
        await using var server = new ScriptedHttpServer((_, stream, ct) => ScriptedHttpServer.RespondAsync(
            stream, 200, XmlType, ScriptedHttpServer.Envelope("GetListOfPortMappings", "<NewPortListing>&lt;p:PortMappingList&gt;&lt;oops</NewPortListing>"), cancellationToken: ct));
        using var client = Client(server);

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => client.GetListOfPortMappingsAsync(1, 65535, MappingProtocol.Tcp, manage: true));

        Assert.That(error!.Message, Does.Contain("NewPortListing"));
    }

    private static UpnpClientOptions Options() => new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private static IgdSoapClient Client(ScriptedHttpServer server, UpnpClientOptions? options = null)
    {
        var merged = options is null ? Options() : options with { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };
        return new IgdSoapClient(server.ControlUrl, UpnpUrns.WanIpConnection2, merged);
    }

    private static PortMappingEntry Mapping() => new()
    {
        ExternalPort = 40000, Protocol = MappingProtocol.Tcp, InternalClient = "127.0.0.9", InternalPort = 7000, LeaseSeconds = 60,
    };
}
