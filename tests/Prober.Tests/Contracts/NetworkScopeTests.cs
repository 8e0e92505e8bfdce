using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.TestUtilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IgdLab.Prober.Tests.Contracts;

/// <summary>
/// The seam that puts a world's sockets into a network namespace: a flow's socket source, which background work
/// started in the scope keeps, and Kestrel listeners that take their socket from it.
/// </summary>
public sealed class NetworkScopeTests
{
    [Test]
    public async Task Enter_SocketsOfTheFlowAndOfWorkStartedInIt_ComeFromTheScope_UntilDisposed()
    {
        var made = 0;
        Socket Counting(AddressFamily family, SocketType type, ProtocolType protocol)
        {
            Interlocked.Increment(ref made);
            return new Socket(family, type, protocol);
        }

        Task<Socket> background;
        using (NetworkScope.Enter(Counting))
        {
            Assert.That(NetworkScope.IsEntered, Is.True);
            NetworkScope.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp).Dispose();

            // Started inside, it runs after the scope is left and still belongs to it.
            var gate = new TaskCompletionSource();
            background = Task.Run(async () =>
            {
                await gate.Task;
                return NetworkScope.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            });
            gate.SetResult();
        }

        (await background).Dispose();
        Assert.That(NetworkScope.IsEntered, Is.False);
        NetworkScope.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp).Dispose();
        Assert.That(made, Is.EqualTo(2), "the flow's socket and the background work's; none after the scope");
    }

    [Test]
    [Category("Loopback")]
    public async Task UseNetworkScope_KestrelTakesItsListenSocketFromTheScope_AndServes()
    {
        var made = 0;
        Socket Counting(AddressFamily family, SocketType type, ProtocolType protocol)
        {
            Interlocked.Increment(ref made);
            return new Socket(family, type, protocol);
        }

        WebApplication app;
        using (NetworkScope.Enter(Counting))
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseNetworkScope();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(LoopbackAddresses.Next(), 0));
            builder.Services.AddRoutingCore();
            app = builder.Build();
            app.MapGet("/", () => "scoped");
            await app.StartAsync();
        }

        await using (app)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient();

            Assert.That(await http.GetStringAsync(new Uri(address)), Is.EqualTo("scoped"));
            Assert.That(made, Is.EqualTo(1), "the listener's socket came from the scope");
            await app.StopAsync();
        }
    }
}
