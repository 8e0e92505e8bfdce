using System.Net;
using System.Net.Sockets;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Creates the HttpClient the UPnP client uses: its connections start from the device's own address (so a secure-mode
/// router sees who asks), never go through a proxy, never follow redirects and never pool (routers dislike keep-alive).
/// </summary>
internal static class LocalBoundHttpClientFactory
{
    /// <summary>Response headers larger than this (in KiB) fail the call; a SOAP answer has a few hundred bytes of them.</summary>
    private const int MaxResponseHeadersKilobytes = 16;

    /// <summary>A client whose sockets bind to <paramref name="localAddress"/> (any address when null).</summary>
    /// <param name="localAddress">The device's own address, or null to let the operating system choose.</param>
    /// <param name="connectTimeout">A backstop for connecting; callers cancel earlier through their own timeout.</param>
    public static HttpClient Create(IPAddress? localAddress, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = connectTimeout,
            MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
        };
        if (localAddress is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(localAddress, context.DnsEndPoint, cancellationToken);
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectAsync(IPAddress localAddress, DnsEndPoint remote, CancellationToken cancellationToken)
    {
        var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            if (IPAddress.TryParse(remote.Host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, remote.Port), cancellationToken);
            }
            else
            {
                var addresses = await Dns.GetHostAddressesAsync(remote.Host, localAddress.AddressFamily, cancellationToken);
                await socket.ConnectAsync(addresses, remote.Port, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
