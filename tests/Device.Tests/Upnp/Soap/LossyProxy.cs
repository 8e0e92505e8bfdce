using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>
/// Passes SOAP calls on to a gateway (from the device's own address) but can swallow chosen answers after the gateway
/// has acted on the request: the "the router did it, the client never heard" case.
/// </summary>
internal sealed class LossyProxy : IAsyncDisposable
{
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly ScriptedHttpServer _server;

    public LossyProxy(Uri target, IPAddress sourceAddress)
    {
        _target = target;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(sourceAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _upstream = new HttpClient(handler);
        _server = new ScriptedHttpServer(ForwardAsync);
    }

    /// <summary>Answers for which this returns true (request, HTTP status from the gateway) never reach the client.</summary>
    public Func<CapturedRequest, int, bool> DropAnswer { get; set; } = (_, _) => false;

    public Uri ControlUrl => new($"http://{_server.EndPoint}{_target.AbsolutePath}");

    public IReadOnlyList<CapturedRequest> Requests => _server.Requests;

    public int Count(string action) => Requests.Count(r => r.Action == action);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(CapturedRequest request, Stream client, CancellationToken cancellationToken)
    {
        using var content = new StringContent(request.Body, Encoding.UTF8, "text/xml");
        using var message = new HttpRequestMessage(HttpMethod.Post, _target) { Content = content };
        message.Headers.TryAddWithoutValidation("SOAPAction", request.Header("SOAPAction"));
        using var response = await _upstream.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (DropAnswer(request, (int)response.StatusCode))
        {
            await ScriptedHttpServer.HangAsync(cancellationToken);
        }

        await ScriptedHttpServer.RespondAsync(client, (int)response.StatusCode, "text/xml; charset=\"utf-8\"", body, cancellationToken: cancellationToken);
    }
}
