using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;

namespace IgdLab.Contracts;

/// <summary>Kestrel listeners that belong to the <see cref="NetworkScope"/> in effect where the host is built.</summary>
public static class NetworkScopeHosting
{
    /// <summary>
    /// Started inside a network scope (a namespace, for a real-router world), the listener belongs to that network and
    /// so do the connections it accepts; outside any scope Kestrel opens its own sockets as always.
    /// </summary>
    /// <param name="builder">The web host being built.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IWebHostBuilder UseNetworkScope(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!NetworkScope.IsEntered)
        {
            return builder;
        }

        var createSocket = NetworkScope.Capture();
        return builder.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
        {
            var listener = createSocket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(endpoint);
                return listener;
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        });
    }
}
