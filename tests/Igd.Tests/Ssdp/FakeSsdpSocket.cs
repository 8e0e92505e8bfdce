using System.Net;
using System.Threading.Channels;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>
/// An in-memory SSDP socket: tests hand it datagrams (or receive failures) and read back what the responder sent.
/// Nothing touches the network, so multicast mode can be tested on any host.
/// </summary>
internal sealed class FakeSsdpSocket(IPEndPoint localEndPoint) : ISsdpSocket
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Channel<object> _inbound = Channel.CreateUnbounded<object>();
    private readonly Channel<SentDatagram> _sent = Channel.CreateUnbounded<SentDatagram>();
    private readonly Queue<Exception> _sendFailures = new();
    private int _disposed;

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Queues a datagram from <paramref name="remote"/> sent to <paramref name="localAddress"/>.</summary>
    public void Deliver(byte[] datagram, IPEndPoint remote, IPAddress? localAddress = null) =>
        _inbound.Writer.TryWrite(new Inbound(datagram, remote, localAddress ?? LocalEndPoint.Address));

    /// <summary>Makes the next receive throw <paramref name="failure"/>.</summary>
    public void DeliverFailure(Exception failure) => _inbound.Writer.TryWrite(failure);

    /// <summary>Makes the next send throw <paramref name="failure"/>.</summary>
    public void FailNextSend(Exception failure)
    {
        lock (_sendFailures)
        {
            _sendFailures.Enqueue(failure);
        }
    }

    /// <summary>Everything sent so far and not yet read.</summary>
    public IReadOnlyList<SentDatagram> TakeSent()
    {
        var sent = new List<SentDatagram>();
        while (_sent.Reader.TryRead(out var datagram))
        {
            sent.Add(datagram);
        }

        return sent;
    }

    /// <summary>The next datagram sent, waiting up to ten seconds of real time for it.</summary>
    public async Task<SentDatagram> NextSentAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
        try
        {
            return await _sent.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The responder sent nothing.");
        }
    }

    public async ValueTask<SsdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        object item;
        try
        {
            item = await _inbound.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(FakeSsdpSocket));
        }

        if (item is Exception failure)
        {
            throw failure;
        }

        var inbound = (Inbound)item;
        var length = Math.Min(inbound.Datagram.Length, buffer.Length);
        inbound.Datagram.AsSpan(0, length).CopyTo(buffer.Span);
        return new SsdpReceiveResult(length, inbound.Datagram.Length > buffer.Length, inbound.Remote, inbound.LocalAddress);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_sendFailures)
        {
            if (_sendFailures.TryDequeue(out var failure))
            {
                throw failure;
            }
        }

        _sent.Writer.TryWrite(new SentDatagram(datagram.ToArray(), destination));
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        _inbound.Writer.TryComplete();
    }

    private sealed record Inbound(byte[] Datagram, IPEndPoint Remote, IPAddress LocalAddress);
}
