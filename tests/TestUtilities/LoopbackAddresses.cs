using System.Net;
using System.Threading;

namespace IgdLab.TestUtilities;

/// <summary>
/// Hands out loopback addresses that no other test in this run uses, so parallel tests never collide.
/// Addresses come from 127.77.0.0/16, far from the defaults (127.0.0.1/.2) that a developer's own `igdlab serve` uses.
/// </summary>
public static class LoopbackAddresses
{
    private static int _next = (Environment.ProcessId % 200) * 256;

    /// <summary>A fresh loopback address.</summary>
    public static IPAddress Next()
    {
        var n = Interlocked.Increment(ref _next) % (256 * 254);
        return new IPAddress([127, (byte)(70 + (n / 65024 % 10)), (byte)(n / 254 % 256), (byte)(1 + (n % 254))]);
    }
}
