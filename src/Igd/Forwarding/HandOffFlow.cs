using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// One forwarded TCP connection served by a LAN host in this process (<see cref="IInProcessNetwork"/>): the host reads and
/// writes the accepted WAN socket through a stream that counts the WAN traffic and marks the mapping active, as a
/// relay would. Ending in order closes the connection; a failure or an abort (the mapping closed) resets it.
/// </summary>
internal sealed class HandOffFlow(
    Socket outside, IPEndPoint peer, IPEndPoint target, ConnectionService handler, ForwardingContext context, MappingActivity activity) : IFlow
{
    private readonly FlowAbort _abort = new();

    /// <inheritdoc />
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>The host's first read is asynchronous, so it runs on the accept loop's thread up to that read.</remarks>
    public void Start() => Completion = RunAsync();

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
        var graceful = false;
        try
        {
            await using var stream = new CountingStream(outside, context.Counters, activity);
            await handler(stream, _abort.Token);
            graceful = !_abort.IsCancelled;
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.RelayFailed(context.Logger, peer, target, ex);
        }
        finally
        {
            if (graceful)
            {
                outside.Dispose();
            }
            else
            {
                WanSockets.Reset(outside);
            }

            context.Counters.FlowClosed();
            _abort.Dispose();
        }
    }

    /// <summary>The accepted socket as a stream that counts what crosses the WAN side; it leaves closing to the flow.</summary>
    private sealed class CountingStream(Socket socket, TrafficCounters counters, MappingActivity activity)
        : NetworkStream(socket, ownsSocket: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                counters.CountReceived(read);
                activity.Touch();
            }

            return read;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteAsync(buffer, cancellationToken);
            counters.CountSent(buffer.Length);
            activity.Touch();
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            if (read > 0)
            {
                counters.CountReceived(read);
                activity.Touch();
            }

            return read;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            base.Write(buffer);
            counters.CountSent(buffer.Length);
            activity.Touch();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
