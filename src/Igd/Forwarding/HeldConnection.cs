using System.Buffers;
using System.Net.Sockets;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A connection on a silent port: accepted, read and discarded, never answered, so the client times out instead of
/// being refused. It ends when the client gives up, after the hold time, or when the port closes.
/// </summary>
internal sealed class HeldConnection(OutsideConnection outside, ForwardingContext context) : IFlow
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
            outside.Reset();
        }
    }

    private async Task RunAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ForwardingDefaults.TcpBufferSize);
        try
        {
            using var hold = new CancellationTokenSource(context.SilentHoldTime, context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(hold.Token, _abort.Token);
            while (true)
            {
                var read = await outside.Stream.ReadAsync(buffer.AsMemory(), linked.Token);
                if (read == 0)
                {
                    return;
                }

                context.Counters.CountReceived(read);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset, the hold time ran out or the port closed: all end the hold the same way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            outside.Reset();
            _abort.Dispose();
        }
    }
}
