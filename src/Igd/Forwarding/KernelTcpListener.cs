using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>A TCP WAN port on a kernel listener.</summary>
internal sealed class KernelTcpListener(Socket listener, MappingKey key, ForwardingContext context) : ITcpWanListener
{
    /// <inheritdoc />
    public Task RunAsync(Action<OutsideConnection> onAccepted, CancellationToken stop) =>
        TcpAcceptLoop.RunAsync(
            listener,
            key,
            context,
            accepted =>
            {
                accepted.NoDelay = true;
                onAccepted(OutsideConnection.Of(accepted));
            },
            stop);

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();
}
