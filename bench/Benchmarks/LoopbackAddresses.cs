using System.Net;

namespace IgdLab.Benchmarks;

/// <summary>
/// Hands out fresh loopback addresses, so every gateway, device and client of a run is a host of its own and the
/// TIME_WAIT entries of one measurement never meet the next. Each process draws from its own /22 of 127.90.0.0/16,
/// so two runs at once do not collide; nothing outside 127.0.0.0/8 is ever used.
/// </summary>
internal sealed class LoopbackAddresses
{
    private const int BlockSize = 1024;
    private const int Blocks = 64;

    private readonly int _first;
    private int _next;

    public LoopbackAddresses(int processId)
    {
        _first = processId % Blocks * BlockSize;
    }

    /// <summary>The block this process draws from.</summary>
    public string Range => $"127.90.{_first >> 8}.0/22";

    /// <summary>The next unused address of the block (after 1020 it starts over).</summary>
    public IPAddress Next()
    {
        while (true)
        {
            var offset = _first + (Interlocked.Increment(ref _next) % BlockSize);
            var last = offset & 0xFF;
            if (last is not (0 or 255))
            {
                return new IPAddress([127, 90, (byte)(offset >> 8), (byte)last]);
            }
        }
    }
}
