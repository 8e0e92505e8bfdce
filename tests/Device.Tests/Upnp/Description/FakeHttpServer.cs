using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>
/// A minimal HTTP/1.1 server on a fresh loopback address, answering each request by path and closing the connection.
/// It records which address each client connected from and how often each path was asked for.
/// </summary>
internal sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, FakeHttpResponse> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<IPEndPoint> _clients = new();
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    public FakeHttpServer(Func<string, FakeHttpResponse> respond)
    {
        _respond = respond;
        _listener = new TcpListener(LoopbackAddresses.Next(), 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public IReadOnlyCollection<IPEndPoint> Clients => _clients;

    public static FakeHttpServer Serving(IReadOnlyDictionary<string, FakeHttpResponse> byPath) =>
        new(path => byPath.TryGetValue(path, out var response) ? response : new FakeHttpResponse(404, "text/plain", "not found"u8.ToArray()));

    public Uri Url(string path) => new($"http://{EndPoint}{path}");

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
            await Task.WhenAll(_connections);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
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
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _clients.Enqueue((IPEndPoint)client.Client.RemoteEndPoint!);
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
                var head = await ReadHeadAsync(stream);
                var path = head.Split(' ') is [_, var target, ..] ? target : "/";
                _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
                var response = _respond(path);
                if (response == FakeHttpResponse.Hang)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, _stop.Token);
                    return;
                }

                var text = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n")
                    .Append(response.ContentType is null ? "" : $"Content-Type: {response.ContentType}\r\n")
                    .Append(response.WithContentLength ? string.Create(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n") : "")
                    .Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), _stop.Token);
                await stream.WriteAsync(response.Body, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
