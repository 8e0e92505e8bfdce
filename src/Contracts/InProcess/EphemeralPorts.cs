using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// Source ports for connections opened on an in-process network, as a kernel would pick them from its ephemeral
/// range (32768–60999): the other side sees a distinct port per connection, and nothing holds the port.
/// </summary>
public static class EphemeralPorts
{
    private const int First = 32768;
    private const int Count = 60999 - First + 1;
    private static int _next;

    /// <summary>The next source port, going round the range.</summary>
    public static int Next() => First + (int)((uint)Interlocked.Increment(ref _next) % Count);

    /// <summary><paramref name="address"/> on the next source port (the unspecified address when null).</summary>
    public static IPEndPoint On(IPAddress? address) => new(address ?? IPAddress.Any, Next());
}
