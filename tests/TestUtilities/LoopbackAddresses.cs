using System.Net;
using System.Threading;

namespace IgdLab.TestUtilities;

/// <summary>
/// Hands out loopback addresses that no other test in this run uses, so parallel tests never collide.
/// Addresses come from 127.70.0.0/16 (starting at an offset derived from the process id), away from the defaults
/// (127.0.0.1 and 127.0.0.2) that a developer's own <c>igdlab serve</c> uses.
/// </summary>
public static class LoopbackAddresses
{
    private static int _next = Environment.ProcessId % 200 * 254;

    /// <summary>A fresh loopback address.</summary>
    public static IPAddress Next()
    {
        var n = Interlocked.Increment(ref _next) % (256 * 254);
        return new IPAddress([127, 70, (byte)(n / 254), (byte)(1 + (n % 254))]);
    }
}
