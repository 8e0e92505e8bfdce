using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>A bare Kestrel app on one loopback address and an ephemeral port, for the gateway and for callback listeners.</summary>
internal static class LoopbackWebHost
{
    /// <summary>Starts an app on <paramref name="address"/>:0 with the routes <paramref name="map"/> adds.</summary>
    /// <returns>The running app and its base URI, read back from the bound socket.</returns>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(IPAddress address, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(address, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(bound));
    }

    /// <summary>An HttpClient whose connections leave from <paramref name="source"/>, so the server sees that address.</summary>
    public static HttpClient CreateClientBoundTo(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(source.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
