using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>The accept loop shared by forwarding and silent TCP ports: it survives every error but its own closing.</summary>
internal static class TcpAcceptLoop
{
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(50);

    /// <summary>Accepts until <paramref name="stop"/> is cancelled or the listener is closed.</summary>
    public static async Task RunAsync(
        Socket listener, MappingKey key, ForwardingContext context, Action<Socket> onAccepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that reset before we accepted, or the process out of descriptors: keep serving.
                ForwardingPlane.Log.AcceptFailed(context.Logger, key, ex.SocketErrorCode);
                await BackOffAsync(context, stop);
                continue;
            }

            try
            {
                onAccepted(accepted);
            }
            catch (Exception ex)
            {
                ForwardingPlane.Log.LoopFailed(context.Logger, key, ex);
                WanSockets.Reset(accepted);
            }
        }
    }

    private static async Task BackOffAsync(ForwardingContext context, CancellationToken stop)
    {
        try
        {
            await Task.Delay(ErrorBackoff, context.Time, stop);
        }
        catch (OperationCanceledException)
        {
            // Closing: the loop condition ends it.
        }
    }
}
