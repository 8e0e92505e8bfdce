using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using IgdLab.Device.Upnp.Discovery;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>A fake search socket: records sends, and receives what the test delivers.</summary>
internal sealed class FakeSearchSocket(IPEndPoint localEndPoint, bool failSends) : ISsdpSearchSocket
{
    private readonly Channel<(byte[] Datagram, IPEndPoint From)> _incoming = Channel.CreateUnbounded<(byte[], IPEndPoint)>();

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public ConcurrentQueue<(IPEndPoint Destination, string Text)> Sent { get; } = new();

    public bool Disposed { get; private set; }

    public void Deliver(string text, IPEndPoint from) => _incoming.Writer.TryWrite((System.Text.Encoding.UTF8.GetBytes(text), from));

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        if (failSends)
        {
            throw new SocketException((int)SocketError.NetworkUnreachable);
        }

        Sent.Enqueue((destination, System.Text.Encoding.ASCII.GetString(datagram.Span)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<SsdpDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var (datagram, from) = await _incoming.Reader.ReadAsync(cancellationToken);
        datagram.CopyTo(buffer);
        return new SsdpDatagram(datagram.Length, from);
    }

    public void Dispose() => Disposed = true;
}
