using System.Net.Sockets;
using System.Text;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary><c>single-packet-request</c>: a router that parses only the first read of a connection.</summary>
[Category("Loopback")]
public sealed class SinglePacketRequestTests
{
    [Test]
    public async Task SplitRequest_QuirkyRouterClosesWithoutAnswer()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { Soap = new SoapPolicy { SinglePacketRequest = true } });
        var (headers, _) = Request(f);
        using var client = new TcpClient();
        await client.ConnectAsync(f.Gateway.ControlUrl.Host, f.Gateway.ControlUrl.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(headers);
        var answer = await ReadAllAsync(stream);

        Assert.That(answer, Is.Empty, "closed before the body came, nothing answered");
    }

    [Test]
    public async Task WholeRequestInOneWrite_QuirkyRouterAnswers()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { Soap = new SoapPolicy { SinglePacketRequest = true } });
        var (headers, body) = Request(f);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(f.Gateway.ControlUrl.Host, f.Gateway.ControlUrl.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(headers.Concat(body).ToArray());
        var answer = await ReadAllAsync(stream);

        Assert.That(answer, Does.StartWith("HTTP/1.1 200"));
    }

    [Test]
    public async Task SplitRequest_OrdinaryRouterWaitsForTheBody()
    {
        await using var f = await GatewayFixture.StartAsync();
        var (headers, body) = Request(f);
        using var client = new TcpClient();
        await client.ConnectAsync(f.Gateway.ControlUrl.Host, f.Gateway.ControlUrl.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(headers);
        await stream.FlushAsync();
        await stream.WriteAsync(body);
        var answer = await ReadAllAsync(stream);

        Assert.That(answer, Does.StartWith("HTTP/1.1 200"));
    }

    private static (byte[] Headers, byte[] Body) Request(GatewayFixture f)
    {
        var body = Encoding.UTF8.GetBytes(RouterQuirksSoapTests.Envelope(GatewayFixture.WanIp2, "GetExternalIPAddress", ""));
        var headers = Encoding.ASCII.GetBytes(
            $"POST {f.Gateway.ControlUrl.PathAndQuery} HTTP/1.1\r\nHost: {f.Gateway.ControlUrl.Authority}\r\nContent-Type: text/xml\r\n"
            + $"SOAPAction: \"{GatewayFixture.WanIp2}#GetExternalIPAddress\"\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n");
        return (headers, body);
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset ends the answer as a close does.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
