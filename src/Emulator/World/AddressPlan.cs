using System.Net;

namespace IgdLab.Emulator.World;

/// <summary>
/// Hands each world its own loopback addresses, so that several scenarios (and several igdlab processes) run at once
/// without colliding: every gateway LAN and WAN side, every device and the outside world (watchdog, oracle) is a host
/// of its own. A process draws from one /16 of 127.128.0.0/10 chosen by its id, split into 256 subnets of /24; a world
/// takes subnets as it needs them (254 hosts each, the .0 and .255 are never handed out) and gives them back when it is
/// disposed, to the end of the queue, so the addresses of a finished world rest as long as possible before another
/// world uses them (their TIME_WAIT entries age out meanwhile). Nothing outside 127.0.0.0/8 is ever handed out.
/// </summary>
public sealed class AddressPlan : IDisposable
{
    /// <summary>Subnets (/24) in a process's /16.</summary>
    public const int Subnets = 256;

    /// <summary>Hosts a subnet hands out: a /24 without its .0 and .255.</summary>
    public const int HostsPerSubnet = 254;

    /// <summary>
    /// The most hosts one world can have: every subnet of the process's /16. Worlds running at the same time share the
    /// /16, so a world this large runs alone.
    /// </summary>
    public const int MaxHosts = Subnets * HostsPerSubnet;

    private static readonly Lock PoolGate = new();
    private static readonly Dictionary<byte, Queue<int>> Pools = [];

    private readonly Lock _gate = new();
    private readonly byte _second;
    private readonly List<int> _subnets = [];
    private int _next = HostsPerSubnet;
    private int _handedOut;
    private bool _disposed;

    private AddressPlan(byte second) => _second = second;

    /// <summary>The subnets the world holds, in CIDR notation, for logs and reports.</summary>
    public string Range
    {
        get
        {
            lock (_gate)
            {
                return _subnets.Count == 0 ? $"127.{_second}.x.0/24 (none taken yet)" : string.Join(", ", _subnets.Select(s => $"127.{_second}.{s}.0/24"));
            }
        }
    }

    /// <summary>How many addresses the world has taken so far.</summary>
    public int HandedOut
    {
        get
        {
            lock (_gate)
            {
                return _handedOut;
            }
        }
    }

    /// <summary>A fresh plan for a new world of this process.</summary>
    public static AddressPlan ForNewWorld() => new((byte)(128 + (Environment.ProcessId % 64)));

    /// <summary>A plan drawing from 127.<paramref name="second"/>.0.0/16, for tests (its pool is shared like a process's).</summary>
    public static AddressPlan For(byte second)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(second, (byte)1);
        return new AddressPlan(second);
    }

    /// <summary>Subnets of 127.<paramref name="second"/>.0.0/16 that no world holds now.</summary>
    public static int FreeSubnets(byte second)
    {
        lock (PoolGate)
        {
            return PoolOf(second).Count;
        }
    }

    /// <summary>The next unused address of the world.</summary>
    /// <exception cref="InvalidOperationException">Every subnet of the process's /16 is taken (by this and running worlds).</exception>
    public IPAddress Next()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_next == HostsPerSubnet)
            {
                _subnets.Add(TakeSubnet());
                _next = 0;
            }

            _handedOut++;
            return new IPAddress([127, _second, (byte)_subnets[^1], (byte)(1 + _next++)]);
        }
    }

    /// <summary>Gives the world's subnets back to the process's pool.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            lock (PoolGate)
            {
                var pool = PoolOf(_second);
                foreach (var subnet in _subnets)
                {
                    pool.Enqueue(subnet);
                }
            }
        }
    }

    private int TakeSubnet()
    {
        lock (PoolGate)
        {
            if (PoolOf(_second).TryDequeue(out var subnet))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException(
            $"127.{_second}.0.0/16 is used up: this world holds {_subnets.Count} of its {Subnets} subnets ({_handedOut} addresses) " +
            "and worlds running beside it hold the rest");
    }

    private static Queue<int> PoolOf(byte second)
    {
        if (!Pools.TryGetValue(second, out var pool))
        {
            pool = new Queue<int>(Enumerable.Range(0, Subnets));
            Pools.Add(second, pool);
        }

        return pool;
    }
}
