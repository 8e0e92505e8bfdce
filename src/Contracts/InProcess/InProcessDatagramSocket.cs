using System.Net;
using System.Threading.Channels;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A UDP socket on an in-process network: bound to an endpoint offered there (port 0 picks a free one), it queues the
/// datagrams sent to it for <see cref="ReceiveAsync"/> and sends with <see cref="IInProcessNetwork.SendDatagramAsync"/>.
/// Like a kernel socket's receive buffer the queue is bounded: datagrams that arrive while it is full are lost.
/// </summary>
public sealed class InProcessDatagramSocket : IDisposable
{
    /// <summary>How many datagrams wait for a receive before more are lost (a socket buffer of some hundred kilobytes).</summary>
    public const int QueueLength = 256;

    private readonly IInProcessNetwork _network;
    private readonly Channel<(byte[] Datagram, IPEndPoint From)> _queue =
        Channel.CreateBounded<(byte[], IPEndPoint)>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite });

    private InProcessDatagramSocket(IInProcessNetwork network, IPEndPoint endPoint)
    {
        _network = network;
        LocalEndPoint = network.OfferDatagrams(endPoint, (from, datagram, _, _) =>
        {
            _queue.Writer.TryWrite((datagram.ToArray(), from));
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds a socket at <paramref name="endPoint"/> on <paramref name="network"/>.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is already offered there.</exception>
    public static InProcessDatagramSocket Bind(IInProcessNetwork network, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(endPoint);
        return new InProcessDatagramSocket(network, endPoint);
    }

    /// <summary>Waits for the next datagram and copies what fits of it into <paramref name="buffer"/>.</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public async ValueTask<(int Length, bool Truncated, IPEndPoint From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var (datagram, from) = await _queue.Reader.ReadAsync(cancellationToken);
            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer.Span);
            return (length, datagram.Length > buffer.Length, from);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(InProcessDatagramSocket));
        }
    }

    /// <summary>Sends <paramref name="datagram"/> to <paramref name="destination"/>; lost, as on a closed port, when nothing is offered there.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
        await _network.SendDatagramAsync(LocalEndPoint, destination, datagram, cancellationToken);

    /// <summary>Takes the endpoint off the network; a receive under way ends with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _network.WithdrawDatagrams(LocalEndPoint);
        _queue.Writer.TryComplete();
    }
}
