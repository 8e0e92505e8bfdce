using System.Collections.Concurrent;
using System.Net;

namespace IgdLab.Prober.Control;

/// <summary>
/// Failed authentications per source address, to slow down guessing keys: an address with <c>limit</c> failures
/// within <c>window</c> is refused until the window that began with its first failure ends. Counted on the server's
/// clock; addresses whose window ended are forgotten as they come up, so the table holds only recent offenders.
/// </summary>
internal sealed class AuthenticationFailures(int limit, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();

    /// <summary>How long <paramref name="address"/> must still wait before it may try again; zero when it may now.</summary>
    public TimeSpan RetryAfter(IPAddress? address)
    {
        if (address is null || !_windows.TryGetValue(Normalize(address), out var current))
        {
            return TimeSpan.Zero;
        }

        var left = current.Ends - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _windows.TryRemove(new KeyValuePair<IPAddress, Window>(Normalize(address), current));
            return TimeSpan.Zero;
        }

        return current.Failures >= limit ? left : TimeSpan.Zero;
    }

    /// <summary>Counts a failed authentication from <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        _windows.AddOrUpdate(
            Normalize(address),
            static (_, state) => new Window(state.Ends, 1),
            static (_, current, state) => current.Ends <= state.Now ? new Window(state.Ends, 1) : current with { Failures = current.Failures + 1 },
            (Now: now, Ends: now + window));
    }

    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed record Window(DateTimeOffset Ends, int Failures);
}
