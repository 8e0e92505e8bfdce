using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Benchmarks;

/// <summary>
/// The benchmark's device: a TCP service on a loopback address. A connection sends one command byte:
/// <see cref="Ping"/> gets <see cref="Pong"/> back; <see cref="Stream"/> plus a little-endian 64-bit count gets that
/// many bytes. Either way the service then closes first, so TIME_WAIT lands on the server side and not on the
/// clients' ephemeral ports.
/// </summary>
internal sealed class LoopbackService : IAsyncDisposable
{
    public const byte Ping = (byte)'P';
    public const byte Pong = (byte)'p';
    public const byte Stream = (byte)'S';

    private const int StreamChunkBytes = 256 * 1024;
    private const int Backlog = 1024;

    private static readonly byte[] PongBytes = [Pong];
    private static readonly byte[] Chunk = new byte[StreamChunkBytes];

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private readonly Task _acceptLoop;

    private LoopbackService(Socket listener)
    {
        _listener = listener;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the service listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Listens on a free port of <paramref name="address"/>.</summary>
    public static LoopbackService Start(IPAddress address)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, 0));
            listener.Listen(Backlog);
            return new LoopbackService(listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        Task[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before it was accepted; the clients count their own failures.
                continue;
            }

            var serving = ServeAsync(accepted);
            lock (_gate)
            {
                _connections.Add(serving);
            }

            _ = serving.ContinueWith(
                done =>
                {
                    lock (_gate)
                    {
                        _connections.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                socket.NoDelay = true;
                var header = new byte[9];
                await socket.ReceiveAsync(header.AsMemory(0, 1), SocketFlags.None, _stop.Token);
                if (header[0] == Ping)
                {
                    await socket.SendAsync(PongBytes, SocketFlags.None, _stop.Token);
                }
                else if (header[0] == Stream)
                {
                    await ReceiveExactlyAsync(socket, header.AsMemory(1, 8), _stop.Token);
                    for (var left = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(1)); left > 0;)
                    {
                        left -= await socket.SendAsync(Chunk.AsMemory(0, (int)Math.Min(left, Chunk.Length)), SocketFlags.None, _stop.Token);
                    }
                }

                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the service is stopping: closing is all that is left.
            }
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length; throws <see cref="SocketException"/> on an early end.</summary>
    public static async ValueTask ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            buffer = buffer[read..];
        }
    }
}
