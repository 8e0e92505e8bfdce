using System.Collections.Concurrent;
using System.Net;
using IgdLab.Device.Tests.Upnp.Soap;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>
/// A minimal HTTP/1.1 server on a fresh loopback address, answering each request by path and closing the connection.
/// It records which address each client connected from and how often each path was asked for. A path-based front
/// for <see cref="ScriptedHttpServer"/>.
/// </summary>
internal sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ScriptedHttpServer _server;

    public FakeHttpServer(Func<string, FakeHttpResponse> respond) =>
        _server = new ScriptedHttpServer((request, stream, cancellationToken) => ServeAsync(respond, request, stream, cancellationToken));

    public IPEndPoint EndPoint => _server.EndPoint;

    public IReadOnlyCollection<IPEndPoint> Clients => _server.RemoteEndPoints;

    public static FakeHttpServer Serving(IReadOnlyDictionary<string, FakeHttpResponse> byPath) =>
        new(path => byPath.TryGetValue(path, out var response) ? response : new FakeHttpResponse(404, "text/plain", "not found"u8.ToArray()));

    public Uri Url(string path) => new($"http://{EndPoint}{path}");

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(Func<string, FakeHttpResponse> respond, CapturedRequest request, Stream stream, CancellationToken cancellationToken)
    {
        var path = request.RequestLine.Split(' ') is [_, var target, ..] ? target : "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        var response = respond(path);
        if (response == FakeHttpResponse.Hang)
        {
            await ScriptedHttpServer.HangAsync(cancellationToken);
            return;
        }

        await ScriptedHttpServer.RespondAsync(stream, response.Status, response.ContentType, response.Body, response.WithContentLength, cancellationToken);
    }
}
