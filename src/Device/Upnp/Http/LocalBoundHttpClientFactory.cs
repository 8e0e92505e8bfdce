using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Device.Upnp.Http;

/// <summary>
/// Creates the HTTP clients the UPnP client talks to a router with: every TCP connection is bound to the device's own
/// address (so the router, and secure mode, see who is asking), and nothing a UPnP exchange must never do is on —
/// no proxy, no redirects, no cookies, no decompression.
/// </summary>
public static class LocalBoundHttpClientFactory
{
    private const int MaxResponseHeadersKilobytes = 16;

    /// <summary>
    /// A handler whose connections come from <paramref name="localAddress"/> on an ephemeral port; null lets the
    /// operating system choose the source address. A server offered on <paramref name="network"/>, or on the in-process
    /// network of the flow that connects (<see cref="NetworkScope.InProcessNetwork"/>), is reached in memory, and sees
    /// the connection come from <paramref name="localAddress"/>.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(IPAddress? localAddress, IInProcessNetwork? network = null)
    {
        var handler = new SocketsHttpHandler
        {
            // A router is on the LAN: an HTTP_PROXY of the environment must never see its traffic.
            UseProxy = false,

            // A redirect would let whoever answers send the device anywhere; a router has no reason to redirect.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,

            // Routers dislike keep-alive and reboot under us: one connection per exchange, as miniupnpc does.
            PooledConnectionLifetime = TimeSpan.Zero,

            // A SOAP or description answer carries a few hundred bytes of headers.
            MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
        };
        handler.ConnectCallback = (context, cancellationToken) =>
            (network ?? NetworkScope.InProcessNetwork)?.TryConnect(context.DnsEndPoint, localAddress) is { } inMemory
                ? ValueTask.FromResult(inMemory)
                : ConnectFromAsync(localAddress, context.DnsEndPoint, cancellationToken);
        return handler;
    }

    /// <summary>
    /// An <see cref="HttpClient"/> over <see cref="CreateHandler"/>. Its own timeout is off: callers bound every
    /// request with their own timeout read from an injected <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="localAddress">The device's own address, or null.</param>
    /// <param name="connectTimeout">A backstop for connecting; callers normally cancel earlier with their own timeout.</param>
    public static HttpClient Create(IPAddress? localAddress, TimeSpan? connectTimeout = null)
    {
        var handler = CreateHandler(localAddress);
        if (connectTimeout is { } timeout)
        {
            handler.ConnectTimeout = timeout;
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectFromAsync(
        IPAddress? localAddress, DnsEndPoint remote, CancellationToken cancellationToken)
    {
        var family = localAddress?.AddressFamily
            ?? (IPAddress.TryParse(remote.Host, out var literal) ? literal.AddressFamily : AddressFamily.InterNetworkV6);
        var socket = NetworkScope.CreateSocket(family, SocketType.Stream, ProtocolType.Tcp);
        if (localAddress is null && family == AddressFamily.InterNetworkV6)
        {
            // A host name may resolve to either family, as with the default connect.
            socket.DualMode = true;
        }

        socket.NoDelay = true;
        try
        {
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }

            await socket.ConnectAsync(remote, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
