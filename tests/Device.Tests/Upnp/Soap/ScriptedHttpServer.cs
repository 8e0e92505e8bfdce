using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>A request as it arrived on the wire.</summary>
internal sealed record CapturedRequest(string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The first value of header <paramref name="name"/> (any case), with its original spelling in <see cref="Headers"/>.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The SOAP action named by the SOAPACTION header (after '#').</summary>
    public string Action => Header("SOAPAction") is { } value ? value.Trim('"')[(value.Trim('"').LastIndexOf('#') + 1)..] : "";
}

/// <summary>
/// A tiny HTTP server on a fresh loopback address whose answers a test scripts byte for byte: malformed XML, huge bodies,
/// wrong content types, silence. It reads each request (headers and Content-Length body), records it and hands the
/// connection to the script.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<CapturedRequest, Stream, CancellationToken, Task> _script;
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly ConcurrentQueue<IPEndPoint> _remotes = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    public ScriptedHttpServer(Func<CapturedRequest, Stream, CancellationToken, Task> script)
    {
        _script = script;
        _listener = new TcpListener(LoopbackAddresses.Next(), 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public Uri ControlUrl => new($"http://{EndPoint}/ctl/IPConn");

    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    /// <summary>Where each connection came from.</summary>
    public IReadOnlyList<IPEndPoint> RemoteEndPoints => [.. _remotes];

    /// <summary>Writes a complete HTTP/1.1 response; <paramref name="contentLength"/> false omits Content-Length and closes to end the body.</summary>
    public static Task RespondAsync(
        Stream stream, int status, string? contentType, string body, bool contentLength = true, CancellationToken cancellationToken = default) =>
        RespondAsync(stream, status, contentType, Encoding.UTF8.GetBytes(body), contentLength, cancellationToken);

    /// <summary>Writes a complete HTTP/1.1 response with a body of raw bytes (e.g. invalid UTF-8).</summary>
    public static async Task RespondAsync(
        Stream stream, int status, string? contentType, byte[] body, bool contentLength = true, CancellationToken cancellationToken = default)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append("Connection: close\r\n");
        if (contentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        if (contentLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>A SOAP success envelope around <paramref name="inner"/> (the out-argument elements).</summary>
    public static string Envelope(string action, string inner, string serviceType = "urn:schemas-upnp-org:service:WANIPConnection:2") =>
        "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">" +
        $"<s:Body><u:{action}Response xmlns:u=\"{serviceType}\">{inner}</u:{action}Response></s:Body></s:Envelope>\r\n";

    /// <summary>A SOAP fault with a UPnPError.</summary>
    public static string Fault(int code, string description) =>
        "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>" +
        "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\">" +
        $"<errorCode>{code}</errorCode><errorDescription>{description}</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>";

    /// <summary>Waits until the test ends.</summary>
    public static Task HangAsync(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
            await Task.WhenAll(_connections);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _remotes.Enqueue((IPEndPoint)client.Client.RemoteEndPoint!);
            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                _requests.Enqueue(request);
                await _script(request, stream, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client gave up or the test ended: exactly what hostile scripts provoke.
            }
        }
    }

    private static async Task<CapturedRequest> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the client closed before sending a request");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => KeyValuePair.Create(p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""))
            .ToList();
        var length = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new CapturedRequest(lines[0], headers, Encoding.UTF8.GetString(body));
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}
