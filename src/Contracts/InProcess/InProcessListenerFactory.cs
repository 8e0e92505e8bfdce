using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A Kestrel transport for connections from the same process (<see cref="IInProcessNetwork"/>): Kestrel listens on
/// <see cref="EndPoint"/> beside its socket endpoints, and <see cref="ServeAsync"/>, offered on the network, hands
/// each in-memory connection to it. Register it as an <see cref="IConnectionListenerFactory"/> singleton; it binds
/// only its own endpoint, so sockets keep serving every other one.
/// </summary>
public sealed class InProcessListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly Channel<ConnectionContext> _accepted = Channel.CreateUnbounded<ConnectionContext>();
    private long _connections;

    /// <summary>The endpoint to pass to <c>KestrelServerOptions.Listen</c>.</summary>
    public EndPoint EndPoint { get; } = new InProcessEndPoint();

    /// <inheritdoc />
    public bool CanBind(EndPoint endpoint) => endpoint is InProcessEndPoint;

    /// <inheritdoc />
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(new Listener(endpoint, _accepted));

    /// <summary>Hands <paramref name="connection"/> to Kestrel and returns when Kestrel is done with it.</summary>
    public async Task ServeAsync(Stream connection, CancellationToken cancellationToken)
    {
        var transport = DuplexPipe.Of(connection);
        // Kestrel and the application see the endpoints a socket would show: the offered one and the caller's.
        var endPoints = connection as IConnectionEndPoints;
        var context = new InProcessConnection(
            $"in-process-{Interlocked.Increment(ref _connections)}", transport, endPoints?.LocalEndPoint ?? EndPoint, endPoints?.RemoteEndPoint);
        if (!_accepted.Writer.TryWrite(context))
        {
            return;
        }

        await context.Closed.WaitAsync(cancellationToken);
    }

    private sealed class InProcessEndPoint : EndPoint
    {
        public override string ToString() => "in-process";
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;

        // Zero-byte reads: an idle connection (a device's control channel, open for the whole run) waits for bytes
        // without holding a 4 KB buffer; 100,000 of them held 400 MB.
        public static DuplexPipe Of(Stream stream) => new(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
    }

    /// <summary>A connection as Kestrel sees it; <see cref="Closed"/> completes when Kestrel disposes it.</summary>
    private sealed class InProcessConnection : DefaultConnectionContext
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InProcessConnection(string id, IDuplexPipe transport, EndPoint local, EndPoint? remote)
            : base(id, transport, transport)
        {
            LocalEndPoint = local;
            RemoteEndPoint = remote;
        }

        public Task Closed => _closed.Task;

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _closed.TrySetResult();
        }
    }

    private sealed class Listener(EndPoint endPoint, Channel<ConnectionContext> accepted) : IConnectionListener
    {
        public EndPoint EndPoint => endPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await accepted.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            accepted.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            accepted.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
