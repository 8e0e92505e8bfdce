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

    private sealed class Restore(Func<AddressFamily, SocketType, ProtocolType, Socket>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
