using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>
/// A device's service in miniature: answers the identity handshake as <c>deviceId</c> on TCP (and UDP when asked) on
/// a loopback address. Disposing it closes the port, so probes are refused.
/// </summary>
internal sealed class HandshakeListener : IAsyncDisposable
{
    private readonly string _deviceId;
    private readonly byte[] _key;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HandshakeListener(string deviceId, byte[] key, Socket socket, bool udp)
    {
        _deviceId = deviceId;
        _key = key;
        _socket = socket;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = udp ? Task.Run(AnswerDatagramsAsync) : Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint { get; }

    public static HandshakeListener Tcp(string deviceId, byte[] key, IPAddress address, int port = 0)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(64);
        return new HandshakeListener(deviceId, key, socket, udp: false);
    }

    public static HandshakeListener Udp(string deviceId, byte[] key, IPAddress address, int port = 0)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, port));
        return new HandshakeListener(deviceId, key, socket, udp: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _socket.AcceptAsync(_stop.Token);
                _ = AnswerAsync(client);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await using var stream = new NetworkStream(client, ownsSocket: false);
                await HandshakeAnswerer.AnswerAsync(stream, _deviceId, _key, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The prober gave up, or the listener is stopping.
            }
        }
    }

    private async Task AnswerDatagramsAsync()
    {
        var buffer = new byte[IdentityHandshake.MaxLineLength];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (HandshakeAnswerer.Answer(buffer.AsSpan(0, received.ReceivedBytes), _deviceId, _key) is { } answer)
                {
                    await _socket.SendToAsync(answer, received.RemoteEndPoint, _stop.Token);
                }
            }
            catch (SocketException)
            {
                // ICMP errors of earlier answers surface here; keep serving.
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
