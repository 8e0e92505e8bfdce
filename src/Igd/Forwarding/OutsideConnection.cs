using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Faults;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The accepted outside end of one TCP connection on a WAN port: a kernel socket, or the service side of an in-memory
/// connection on the in-process WAN. Admission and the flows (hand-off, hold) treat both alike: they read and write
/// <see cref="Stream"/> and end the connection in order (<see cref="Close"/>) or with a reset (<see cref="Reset"/>).
/// </summary>
internal abstract class OutsideConnection
{
    /// <summary>The outside peer, as the remote-host filter and the LAN host see it.</summary>
    public abstract IPEndPoint Peer { get; }

    /// <summary>The kernel socket, which a relay over loopback needs; null in memory, where only a hand-off can serve it.</summary>
    public abstract Socket? Socket { get; }

    /// <summary>The connection as a stream; disposing it leaves the connection open (the flow closes it).</summary>
    public abstract Stream Stream { get; }

    /// <summary>A connection the kernel accepted on a WAN listener.</summary>
    public static OutsideConnection Of(Socket accepted) => new Kernel(accepted);

    /// <summary>The service side of an in-memory connection from <paramref name="peer"/>, reached through <paramref name="link"/> when given.</summary>
    public static InMemoryOutsideConnection InMemory(Stream served, IPEndPoint peer, WanLink? link = null) => new(served, peer, link);

    /// <summary>Ends the connection in order: the peer reads to the end of what was sent.</summary>
    public abstract void Close();

    /// <summary>Ends the connection with a reset: the peer's next read fails. Safe to call more than once.</summary>
    public abstract void Reset();

    private sealed class Kernel(Socket socket) : OutsideConnection
    {
        private NetworkStream? _stream;

        public override IPEndPoint Peer { get; } = (IPEndPoint)socket.RemoteEndPoint!;

        public override Socket Socket => socket;

        public override Stream Stream => _stream ??= new NetworkStream(socket, ownsSocket: false);

        public override void Close() => socket.Dispose();

        public override void Reset() => WanSockets.Reset(socket);
    }
}

/// <summary>
/// The service side of an in-memory connection to a WAN port. The in-process network ends the connection when its
/// service returns, so the service waits for <see cref="Ended"/>: the flow that took the connection has closed it.
/// Reached through a <see cref="WanLink"/>, what the gateway sends crosses it (<see cref="LinkStream"/>), and an end
/// sent while the link is cut outbound, or after bytes were lost to it, never reaches the caller (<see cref="Unheard"/>).
/// </summary>
internal sealed class InMemoryOutsideConnection(Stream served, IPEndPoint peer, WanLink? link = null) : OutsideConnection
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LinkStream? _linked = link is null ? null : new LinkStream(served, link);

    /// <inheritdoc />
    public override IPEndPoint Peer => peer;

    /// <inheritdoc />
    public override Socket? Socket => null;

    /// <inheritdoc />
    public override Stream Stream => (Stream?)_linked ?? served;

    /// <summary>Completes when the connection has been closed or reset.</summary>
    public Task Ended => _ended.Task;

    /// <summary>
    /// Whether the connection ended without the caller hearing it: the caller is left waiting until it gives up, and the
    /// service must hold the connection until then.
    /// </summary>
    public bool Unheard { get; private set; }

    /// <inheritdoc />
    public override void Close()
    {
        if (!LostOnTheWayBack())
        {
            served.Dispose();
        }

        _ended.TrySetResult();
    }

    /// <inheritdoc />
    public override void Reset()
    {
        if (!LostOnTheWayBack())
        {
            MemoryConnection.Reset(served);
        }

        _ended.TrySetResult();
    }

    private bool LostOnTheWayBack()
    {
        Unheard = _linked is { Swallowed: true } || (link?.Blocks(PartitionDirection.Outbound) ?? false);
        return Unheard;
    }
}
