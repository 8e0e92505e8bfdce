using System.Net;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.World;

/// <summary>
/// Hands each world its own loopback addresses: every gateway LAN and WAN side, every device and the outside world
/// (watchdog, oracle) is a host of its own. Addresses come in subnets of /24 (254 hosts each: the .0 and .255 are never
/// handed out), taken as the world needs them and given back when it is disposed, to the end of their pool's queue, so
/// the addresses of a finished world rest as long as possible before another world uses them (their TIME_WAIT entries
/// age out meanwhile). Nothing outside 127.0.0.0/8 is ever handed out.
/// <list type="bullet">
/// <item>A world on sockets binds kernel sockets on its addresses, so worlds running at the same time (and other igdlab
/// processes) must not share them: a process draws from one /16 of 127.128.0.0/10 chosen by its id, shared by its
/// worlds (<see cref="MaxHosts"/>).</item>
/// <item>A world on the simulated network binds nothing on the kernel (its in-process network is closed: an endpoint
/// nothing offers there is refused in memory), so its addresses are its own: it draws from all of 127.64.0.0/10, 64
/// times as many (<see cref="MaxSimulatedHosts"/>), whatever other worlds use.</item>
/// </list>
/// </summary>
public sealed class AddressPlan : IDisposable
{
    /// <summary>Subnets (/24) in a /16.</summary>
    public const int Subnets = 256;

    /// <summary>Hosts a subnet hands out: a /24 without its .0 and .255.</summary>
    public const int HostsPerSubnet = 254;

    /// <summary>
    /// The most hosts one world on sockets can have: every subnet of the process's /16. Worlds running at the same time
    /// share the /16, so a world this large runs alone.
    /// </summary>
    public const int MaxHosts = Subnets * HostsPerSubnet;

    /// <summary>The /16s of 127.64.0.0/10 that a world on the simulated network draws from.</summary>
    private const int SimulatedSlash16s = 64;
    private const byte FirstSimulatedSecond = 64;

    /// <summary>The most hosts one world on the simulated network can have: every subnet of 127.64.0.0/10.</summary>
    public const int MaxSimulatedHosts = SimulatedSlash16s * MaxHosts;

    private static readonly Lock SharedGate = new();
    private static readonly Dictionary<byte, SubnetPool> Shared = [];

    private readonly Lock _gate = new();
    private readonly SubnetPool _pool;
    private readonly List<int> _subnets = [];
    private int _next = HostsPerSubnet;
    private int _handedOut;
    private bool _disposed;

    private AddressPlan(SubnetPool pool) => _pool = pool;

    /// <summary>The subnets the world holds, in CIDR notation, for logs and reports (a long list is summed up).</summary>
    public string Range
    {
        get
        {
            lock (_gate)
            {
                return _subnets.Count switch
                {
                    0 => $"{_pool.Name} (no subnet taken yet)",
                    <= 8 => string.Join(", ", _subnets.Select(Cidr)),
                    _ => $"{Cidr(_subnets[0])} … {Cidr(_subnets[^1])} ({_subnets.Count} subnets of {_pool.Name})",
                };
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

    /// <summary>The most hosts a world on <paramref name="network"/> can have.</summary>
    public static int MaxHostsOn(WorldNetwork network) => network == WorldNetwork.Simulated ? MaxSimulatedHosts : MaxHosts;

    /// <summary>A fresh plan for a new world of this process on <paramref name="network"/>.</summary>
    public static AddressPlan ForNewWorld(WorldNetwork network = WorldNetwork.Sockets) =>
        network == WorldNetwork.Simulated ? ForSimulatedWorld() : For((byte)(128 + (Environment.ProcessId % 64)));

    /// <summary>A plan drawing from 127.<paramref name="second"/>.0.0/16, for tests (its pool is shared like a process's).</summary>
    public static AddressPlan For(byte second)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(second, (byte)1);
        lock (SharedGate)
        {
            if (!Shared.TryGetValue(second, out var pool))
            {
                pool = new SubnetPool($"127.{second}.0.0/16", second, 1);
                Shared.Add(second, pool);
            }

            return new AddressPlan(pool);
        }
    }

    /// <summary>A plan of its own over 127.64.0.0/10, for a world on the simulated network.</summary>
    public static AddressPlan ForSimulatedWorld() => new(new SubnetPool("127.64.0.0/10", FirstSimulatedSecond, SimulatedSlash16s));

    /// <summary>Subnets of 127.<paramref name="second"/>.0.0/16 that no world holds now.</summary>
    public static int FreeSubnets(byte second)
    {
        lock (SharedGate)
        {
            return Shared.TryGetValue(second, out var pool) ? pool.Free : Subnets;
        }
    }

    /// <summary>The next unused address of the world.</summary>
    /// <exception cref="InvalidOperationException">Every subnet of the plan's range is taken (by this and running worlds).</exception>
    public IPAddress Next()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_next == HostsPerSubnet)
            {
                _subnets.Add(_pool.Take() ?? throw new InvalidOperationException(
                    $"{_pool.Name} is used up: this world holds {_subnets.Count} of its {_pool.Size} subnets ({_handedOut} addresses) " +
                    "and worlds running beside it hold the rest"));
                _next = 0;
            }

            _handedOut++;
            var subnet = _subnets[^1];
            return new IPAddress([127, (byte)(subnet >> 8), (byte)subnet, (byte)(1 + _next++)]);
        }
    }

    /// <summary>Gives the world's subnets back to its pool.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pool.Return(_subnets);
        }
    }

    private static string Cidr(int subnet) => $"127.{subnet >> 8}.{subnet & 0xFF}.0/24";

    /// <summary>The free subnets (second and third byte of a /24 of 127/8, as one number) of a range, oldest first.</summary>
    private sealed class SubnetPool(string name, byte firstSecond, int slash16s)
    {
        private readonly Queue<int> _free = new(Enumerable.Range(firstSecond << 8, slash16s * Subnets));

        public string Name => name;

        public int Size => slash16s * Subnets;

        public int Free
        {
            get
            {
                lock (_free)
                {
                    return _free.Count;
                }
            }
        }

        public int? Take()
        {
            lock (_free)
            {
                return _free.TryDequeue(out var subnet) ? subnet : null;
            }
        }

        public void Return(IEnumerable<int> subnets)
        {
            lock (_free)
            {
                foreach (var subnet in subnets)
                {
                    _free.Enqueue(subnet);
                }
            }
        }
    }
}
