using System.Net;

namespace IgdLab.Emulator.World;

/// <summary>
/// Hands each world its own loopback addresses, so that several scenarios (and several igdlab processes) run at once
/// without colliding: every gateway LAN and WAN side, every device and the outside world (watchdog, oracle) is a host
/// of its own. A process draws from one /16 of 127.128.0.0/10 chosen by its id; a world takes the next 1 024-address
/// block of that /16 (64 blocks, then it starts over). Nothing outside 127.0.0.0/8 is ever handed out.
/// </summary>
public sealed class AddressPlan
{
    /// <summary>Addresses in one world's block (x.y.0.0 to x.y.3.255, less the .0 and .255 of each /24).</summary>
    public const int BlockSize = 1024;

    private const int BlocksPerProcess = 64;
    private static int _nextBlock = -1;

    /// <summary>Addresses a block can hand out: each /24 loses its .0 and .255.</summary>
    public const int Usable = BlockSize - (BlockSize / 256 * 2);

    private readonly Lock _gate = new();
    private readonly byte _second;
    private readonly int _first;
    private int _next;
    private int _handedOut;

    private AddressPlan(byte second, int block)
    {
        _second = second;
        _first = block * BlockSize;
    }

    /// <summary>The block's range in CIDR notation, for logs and reports.</summary>
    public string Range => $"127.{_second}.{_first >> 8}.0/22";

    /// <summary>How many addresses the plan can still hand out.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return Usable - _handedOut;
            }
        }
    }

    /// <summary>A fresh plan for a new world of this process.</summary>
    public static AddressPlan ForNewWorld() =>
        new((byte)(128 + (Environment.ProcessId % 64)), Interlocked.Increment(ref _nextBlock) % BlocksPerProcess);

    /// <summary>A plan over block <paramref name="block"/> (0-63) of 127.<paramref name="second"/>.0.0/16, for tests.</summary>
    public static AddressPlan ForBlock(byte second, int block)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(second, (byte)1);
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, BlocksPerProcess);
        return new AddressPlan(second, block);
    }

    /// <summary>The next unused address of the block.</summary>
    /// <exception cref="InvalidOperationException">The block is used up (a world of more than 1 016 hosts).</exception>
    public IPAddress Next()
    {
        lock (_gate)
        {
            while (_next < BlockSize)
            {
                var offset = _next++;
                var last = offset & 0xFF;
                if (last is not (0 or 255))
                {
                    _handedOut++;
                    return new IPAddress([127, _second, (byte)((_first + offset) >> 8), (byte)last]);
                }
            }

            throw new InvalidOperationException($"the world's address block {Range} is used up");
        }
    }
}
