using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// One forwarded TCP connection: connects to the internal client and pumps bytes both ways until both sides have
/// closed. A half-close is passed on as a half-close; a failure on either side resets both.
/// </summary>
internal sealed class TcpRelay(
    Socket outside, IPEndPoint peer, ForwardTarget target, ForwardingContext context, MappingActivity activity) : IFlow
{
    private readonly FlowAbort _abort = new();

    /// <inheritdoc />
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    public void Start() => Completion = Task.Run(RunAsync);

    /// <inheritdoc />
    public void Abort()
    {
        if (_abort.Request())
        {
            WanSockets.Reset(outside);
        }
    }

    private async Task RunAsync()
    {
        context.Counters.FlowOpened();
        Socket? inside = null;
        var graceful = false;
        try
        {
            // The listener has already accepted the outside connection (a kernel NAT would have passed the SYN on and
            // let the LAN host refuse it), so a failed inside connect resets it at once, before any byte: the nearest
            // a user-space relay comes to "connection refused".
            inside = await ConnectInsideAsync();
            if (inside is not null)
            {
                var inbound = PumpAsync(outside, inside, inbound: true);
                var outbound = PumpAsync(inside, outside, inbound: false);
                graceful = (await inbound) & (await outbound);
            }
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.RelayFailed(context.Logger, peer, target.Internal, ex);
        }
        finally
        {
            if (graceful)
            {
                inside?.Dispose();
                outside.Dispose();
            }
            else
            {
                WanSockets.Reset(inside);
                WanSockets.Reset(outside);
            }

            context.Counters.FlowClosed();
            _abort.Dispose();
        }
    }

    private async Task<Socket?> ConnectInsideAsync()
    {
        var inside = WanSockets.TowardsInternal(SocketType.Stream, peer.Address, target.Internal);
        try
        {
            using var timeout = new CancellationTokenSource(context.InternalConnectTimeout, context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _abort.Token);
            inside.NoDelay = true;
            await inside.ConnectAsync(target.Internal, linked.Token);
            return inside;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_abort.IsCancelled)
            {
                ForwardingPlane.Log.InternalConnectFailed(context.Logger, peer, target.Internal, ex.Message);
            }

            inside.Dispose();
            return null;
        }
    }

    /// <returns>True when <paramref name="from"/> closed in order; false on a reset, an error or an abort.</returns>
    private async Task<bool> PumpAsync(Socket from, Socket to, bool inbound)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ForwardingDefaults.TcpBufferSize);
        var token = _abort.Token;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                if (inbound)
                {
                    context.Counters.CountReceived(read);
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, token);
                }

                if (!inbound)
                {
                    context.Counters.CountSent(read);
                }

                activity.Touch();
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One direction broke: stop the other one too, the relay then resets both sides.
            _abort.Cancel();
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
