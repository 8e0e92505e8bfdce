using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

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

    /// <summary>
    /// A connection as Kestrel sees it; <see cref="Closed"/> completes when Kestrel disposes it. Not a
    /// <c>DefaultConnectionContext</c>: its <c>Abort</c> queues a cancel of a token source that its <c>DisposeAsync</c>
    /// disposes, so a connection aborted and disposed at once (Kestrel stopping, a connection middleware that aborts and
    /// returns) cancelled a disposed source on the thread pool, an exception nobody catches, which ended the process.
    /// This one's <c>ConnectionClosed</c> is cancelled at <see cref="Abort"/> as that one's is, on the thread pool.
    /// </summary>
    private sealed class InProcessConnection : ConnectionContext,
        IConnectionIdFeature, IConnectionItemsFeature, IConnectionTransportFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _aborted = new();

        public InProcessConnection(string id, IDuplexPipe transport, EndPoint local, EndPoint? remote)
        {
            ConnectionId = id;
            Transport = transport;
            LocalEndPoint = local;
            RemoteEndPoint = remote;
            ConnectionClosed = _aborted.Token;
            Features.Set<IConnectionIdFeature>(this);
            Features.Set<IConnectionItemsFeature>(this);
            Features.Set<IConnectionTransportFeature>(this);
            Features.Set<IConnectionLifetimeFeature>(this);
            Features.Set<IConnectionEndPointFeature>(this);
        }

        public Task Closed => _closed.Task;

        public override string ConnectionId { get; set; }

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

        public override IDuplexPipe Transport { get; set; }

        public override CancellationToken ConnectionClosed { get; set; }

        public override EndPoint? LocalEndPoint { get; set; }

        public override EndPoint? RemoteEndPoint { get; set; }

        // ConnectionClosed's callbacks run on the thread pool, as a socket transport runs them, not inside the caller
        // of Abort. The source is never disposed: without a timer it holds nothing that needs it, and an abort queued
        // just before Dispose still finds it whole.
        public override void Abort(ConnectionAbortedException abortReason) =>
            ThreadPool.UnsafeQueueUserWorkItem(static aborted => aborted.Cancel(), _aborted, preferLocal: false);

        public override ValueTask DisposeAsync()
        {
            _closed.TrySetResult();
            return ValueTask.CompletedTask;
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
