using System.Net.Sockets;

namespace IgdLab.Contracts;

/// <summary>
/// Where the sockets of the current flow of work come from: the process's own network stack, or another one (a
/// Linux network namespace) that a host entered with <see cref="Enter"/>. Devices, the watchdog and the identity probe
/// open every socket through <see cref="CreateSocket"/>, so a whole actor moves to another network by starting it in a
/// scope. The scope flows like an <see cref="AsyncLocal{T}"/> (into tasks, timers and continuations started under it); a
/// socket keeps its stack for life, whichever thread later uses it.
/// </summary>
public static class NetworkScope
{
    private static readonly AsyncLocal<Func<AddressFamily, SocketType, ProtocolType, Socket>?> Current = new();
    private static readonly AsyncLocal<InProcess.IInProcessNetwork?> CurrentInProcess = new();

    /// <summary>
    /// The in-process network of this flow (a world on the simulated network), or null: a connection to an endpoint
    /// offered there is made in memory (<see cref="InProcess.IInProcessNetwork.TryConnect"/>) before any socket.
    /// </summary>
    public static InProcess.IInProcessNetwork? InProcessNetwork => CurrentInProcess.Value;

    /// <summary>Whether a scope other than the process's own stack is in effect.</summary>
    public static bool IsEntered => Current.Value is not null;

    /// <summary>A socket of the stack in effect.</summary>
    public static Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        Current.Value is { } create ? create(family, type, protocol) : new Socket(family, type, protocol);

    /// <summary>The socket source in effect now, to open sockets later from flows that do not carry the scope (a server's listener).</summary>
    public static Func<AddressFamily, SocketType, ProtocolType, Socket> Capture() =>
        Current.Value ?? ((family, type, protocol) => new Socket(family, type, protocol));

    /// <summary>
    /// Makes <paramref name="createSocket"/> the socket source of this flow until the returned scope is disposed. Enter it
    /// around starting an actor: its background loops keep it after the scope is left.
    /// </summary>
    public static IDisposable Enter(Func<AddressFamily, SocketType, ProtocolType, Socket> createSocket)
    {
        ArgumentNullException.ThrowIfNull(createSocket);
        var previous = Current.Value;
        Current.Value = createSocket;
        return new Restore(previous);
    }

    /// <summary>
    /// The whole scope in effect now (socket source and in-process network), to enter again with
    /// <see cref="Saved.Enter"/> in flows that do not carry it: a server's request handlers run outside the flow that
    /// started the server.
    /// </summary>
    public static Saved Save() => new(Current.Value, CurrentInProcess.Value);

    /// <summary>
    /// Makes <paramref name="network"/> this flow's in-process network until the returned scope is disposed, as
    /// <see cref="Enter"/> does for sockets: an actor started under it keeps it in its background loops.
    /// </summary>
    public static IDisposable EnterInProcess(InProcess.IInProcessNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new Saved(Current.Value, network).Enter();
    }

    /// <summary>A scope saved by <see cref="Save"/>.</summary>
    public sealed class Saved
    {
        private readonly Func<AddressFamily, SocketType, ProtocolType, Socket>? _createSocket;
        private readonly InProcess.IInProcessNetwork? _network;

        internal Saved(Func<AddressFamily, SocketType, ProtocolType, Socket>? createSocket, InProcess.IInProcessNetwork? network)
        {
            _createSocket = createSocket;
            _network = network;
        }

        /// <summary>Enters the saved scope in this flow until the returned scope is disposed.</summary>
        public IDisposable Enter()
        {
            var previous = (Current.Value, CurrentInProcess.Value);
            Current.Value = _createSocket;
            CurrentInProcess.Value = _network;
            return new RestoreBoth(previous.Item1, previous.Item2);
        }
    }

    private sealed class RestoreBoth(Func<AddressFamily, SocketType, ProtocolType, Socket>? createSocket, InProcess.IInProcessNetwork? network) : IDisposable
    {
        public void Dispose()
        {
            Current.Value = createSocket;
            CurrentInProcess.Value = network;
        }
    }

    private sealed class Restore(Func<AddressFamily, SocketType, ProtocolType, Socket>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
