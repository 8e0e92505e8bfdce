using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace IgdLab.Emulator.World.Namespaces;

/// <summary>
/// A real router: three network namespaces that IgdLab creates — a LAN, a router running Debian's miniupnpd with
/// nftables NAT, and a WAN (the outside world) — joined by veth links. Every address lives only inside these
/// namespaces (the router's WAN side gets a public-looking address, since miniupnpd refuses private ones) and
/// nothing routes out of them. Disposing stops miniupnpd and removes the namespaces, also after a failure.
/// </summary>
internal sealed partial class MiniupnpdRouter : IAsyncDisposable
{
    /// <summary>The LAN's first host address (more are added with <see cref="AddLanAddressAsync"/>).</summary>
    public static readonly IPAddress LanHostAddress = IPAddress.Parse("192.168.77.2");

    /// <summary>The router's LAN address (SSDP, HTTP, NAT-PMP/PCP).</summary>
    public static readonly IPAddress RouterLanAddress = IPAddress.Parse("192.168.77.1");

    /// <summary>The router's first WAN address.</summary>
    public static readonly IPAddress FirstWanAddress = IPAddress.Parse("11.0.0.7");

    /// <summary>The WAN host's address (the outside world: watchdog and oracle).</summary>
    public static readonly IPAddress WanHostAddress = IPAddress.Parse("11.0.0.9");

    /// <summary>The WAN namespace's subnet: the router's WAN addresses (first and readdressed) and the WAN host.</summary>
    public static readonly IPNetwork WanSubnet = IPNetwork.Parse("11.0.0.0/24");

    /// <summary>The LAN's subnet, as miniupnpd's allow rule names it.</summary>
    public const string LanSubnet = "192.168.77.0/24";

    /// <summary>The router's interface names inside its namespace.</summary>
    public const string RouterLanInterface = "rlan";

    /// <summary>The router's WAN interface name inside its namespace.</summary>
    public const string RouterWanInterface = "rwan";

    /// <summary>The LAN host's interface name.</summary>
    public const string LanInterface = "lan0";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static int _links;

    private readonly List<LinuxNetworkNamespace> _namespaces = [];
    private readonly string _workDirectory;
    private readonly MiniupnpdSettings _settings;
    private readonly string _miniupnpd;
    private readonly string _nft;
    private readonly Lock _logLock = new();
    private readonly List<string> _log = [];
    private Process? _daemon;
    private int _nextWanHost = 10;

    private MiniupnpdRouter(MiniupnpdSettings settings, string miniupnpd, string nft, string workDirectory)
    {
        _settings = settings;
        _miniupnpd = miniupnpd;
        _nft = nft;
        _workDirectory = workDirectory;
    }

    /// <summary>The LAN namespace (devices).</summary>
    public LinuxNetworkNamespace Lan { get; private set; } = null!;

    /// <summary>The router's namespace (miniupnpd, nftables).</summary>
    public LinuxNetworkNamespace Router { get; private set; } = null!;

    /// <summary>The WAN namespace (the outside world).</summary>
    public LinuxNetworkNamespace Wan { get; private set; } = null!;

    /// <summary>The router's current WAN address.</summary>
    public IPAddress WanAddress { get; private set; } = FirstWanAddress;

    /// <summary>The HTTP port the running daemon listens on (0 while it is down).</summary>
    public int HttpPort { get; private set; }

    /// <summary>Whether the daemon runs.</summary>
    public bool IsRunning => _daemon is { HasExited: false };

    /// <summary>miniupnpd's log so far (it runs with -d), across restarts.</summary>
    public string DaemonLog
    {
        get
        {
            lock (_logLock)
            {
                return string.Join('\n', _log);
            }
        }
    }

    private string LeaseFile => Path.Combine(_workDirectory, "miniupnpd.leases");

    private string ConfigFile => Path.Combine(_workDirectory, "miniupnpd.conf");

    /// <summary>What is missing for a miniupnpd router on this host (root, ip, nft, miniupnpd), or null when nothing is.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the miniupnpd backend needs Linux network namespaces";
        }

        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return "the miniupnpd backend needs root (it creates network namespaces)";
        }

        foreach (var (program, package) in new[] { ("miniupnpd", "miniupnpd-nftables"), ("ip", "iproute2"), ("nft", "nftables") })
        {
            if (ExternalPrograms.FindOnPath(program) is null)
            {
                return $"the miniupnpd backend needs {program} (Debian package {package})";
            }
        }

        return null;
    }

    /// <summary>Builds the namespaces and starts miniupnpd.</summary>
    /// <exception cref="NamespaceSetupException">A prerequisite is missing, or a step failed; nothing is left behind.</exception>
    public static async Task<MiniupnpdRouter> StartAsync(MiniupnpdSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (MissingPrerequisite() is { } missing)
        {
            throw new NamespaceSetupException(missing);
        }

        var router = new MiniupnpdRouter(
            settings, ExternalPrograms.FindOnPath("miniupnpd")!, ExternalPrograms.FindOnPath("nft")!, Directory.CreateTempSubdirectory("igdlab-miniupnpd-").FullName);
        try
        {
            await router.BuildAsync();
            await router.StartDaemonAsync(cancellationToken);
            return router;
        }
        catch
        {
            await router.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds another host address to the LAN namespace (one per device, so secure mode tells them apart).</summary>
    public Task AddLanAddressAsync(IPAddress address) => Lan.IpAsync("addr", "add", $"{address}/24", "dev", LanInterface);

    /// <summary>The LAN host address number <paramref name="index"/> (0 is <see cref="LanHostAddress"/>).</summary>
    public static IPAddress LanHost(int index) =>
        index is >= 0 and < 250 ? IPAddress.Parse($"192.168.77.{2 + index}") : throw new ArgumentOutOfRangeException(nameof(index), index, "a LAN holds 250 hosts");

    /// <summary>Starts the daemon (again), waiting until it listens for HTTP.</summary>
    /// <exception cref="NamespaceSetupException">It exited or did not listen in time.</exception>
    public async Task StartDaemonAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        await File.WriteAllTextAsync(ConfigFile, _settings.Render(RouterWanInterface, RouterLanInterface, LanSubnet, LeaseFile), cancellationToken);
        var info = new ProcessStartInfo(Router.IpTool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", Router.Name, _miniupnpd, "-f", ConfigFile, "-d", "-P", Path.Combine(_workDirectory, "miniupnpd.pid") })
        {
            info.ArgumentList.Add(argument);
        }

        var started = _log.Count;
        _daemon?.Dispose();
        _daemon = Process.Start(info) ?? throw new NamespaceSetupException("could not start miniupnpd");
        _daemon.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _daemon.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();

        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < StartTimeout)
        {
            if (HttpPortSince(started) is { } port)
            {
                HttpPort = port;
                return;
            }

            if (_daemon.HasExited)
            {
                throw new NamespaceSetupException($"miniupnpd exited with code {_daemon.ExitCode}:\n{DaemonLog}");
            }

            await Task.Delay(Poll, TimeProvider.System, cancellationToken);
        }

        throw new NamespaceSetupException($"miniupnpd did not listen within {StartTimeout.TotalSeconds} s:\n{DaemonLog}");
    }

    /// <summary>Stops the daemon (SIGTERM, as a router's power-off script would; killed if it lingers).</summary>
    public async Task StopDaemonAsync()
    {
        if (_daemon is not { } daemon)
        {
            return;
        }

        if (!daemon.HasExited)
        {
            await ExternalPrograms.RunAsync("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)], StopTimeout);
            using var wait = new CancellationTokenSource(StopTimeout);
            try
            {
                await daemon.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                daemon.Kill(entireProcessTree: true);
                await daemon.WaitForExitAsync(CancellationToken.None);
            }
        }

        HttpPort = 0;
    }

    /// <summary>A reboot: the daemon stops, the kernel's rules and (unless the profile keeps its table) the lease file are gone, and after <paramref name="downtime"/> it starts again.</summary>
    public async Task RebootAsync(TimeSpan downtime, bool newWanAddress, TimeProvider clock, CancellationToken cancellationToken)
    {
        await StopDaemonAsync();
        await FlushRulesAsync();
        if (!_settings.KeepTable)
        {
            File.Delete(LeaseFile);
        }

        if (newWanAddress)
        {
            await ReaddressWanAsync();
        }

        await Task.Delay(downtime, clock, cancellationToken);
        await StartDaemonAsync(cancellationToken);
    }

    /// <summary>Moves the router's WAN interface to the next address and tells the daemon (SIGUSR1), as a new DHCP lease would.</summary>
    /// <returns>The new WAN address.</returns>
    public async Task<IPAddress> ChangeWanAddressAsync()
    {
        var address = await ReaddressWanAsync();
        if (_daemon is { HasExited: false } daemon)
        {
            await ExternalPrograms.RunAsync("kill", ["-USR1", daemon.Id.ToString(CultureInfo.InvariantCulture)], StopTimeout);
        }

        return address;
    }

    /// <summary>Deletes every rule miniupnpd installed in one nft transaction; the daemon keeps running (and keeps its rule cache).</summary>
    public Task FlushRulesAsync() => Router.ExecCheckedAsync(_nft, MiniupnpdRuleset.FlushCommand());

    /// <summary>Deletes the rules of one mapping (its external port and protocol) from every chain; false when there were none.</summary>
    public async Task<bool> DeleteRulesAsync(int externalPort, string protocol)
    {
        var deleted = false;
        foreach (var chain in MiniupnpdRuleset.MappingChains)
        {
            var listing = await Router.ExecCheckedAsync(_nft, "-a", "list", "chain", "inet", MiniupnpdRuleset.Table, chain);
            foreach (var handle in MiniupnpdRuleListing.HandlesFor(listing.StandardOutput, externalPort, protocol))
            {
                await Router.ExecCheckedAsync(_nft, "delete", "rule", "inet", MiniupnpdRuleset.Table, chain, "handle", handle.ToString(CultureInfo.InvariantCulture));
                deleted = true;
            }
        }

        return deleted;
    }

    /// <summary>The router's NAT rules as nft prints them.</summary>
    public async Task<string> NatRulesAsync() =>
        (await Router.ExecCheckedAsync(_nft, "list", "chain", "inet", MiniupnpdRuleset.Table, MiniupnpdRuleset.PreroutingChain)).StandardOutput;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopDaemonAsync();
        }
        finally
        {
            _daemon?.Dispose();
            foreach (var ns in _namespaces)
            {
                await ns.DisposeAsync();
            }

            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private async Task<IPAddress> ReaddressWanAsync()
    {
        var next = IPAddress.Parse($"11.0.0.{_nextWanHost++}");
        await Router.IpAsync("addr", "add", $"{next}/24", "dev", RouterWanInterface);
        await Router.IpAsync("addr", "del", $"{WanAddress}/24", "dev", RouterWanInterface);
        WanAddress = next;
        return next;
    }

    private async Task BuildAsync()
    {
        Lan = await AddNamespaceAsync("lan");
        Router = await AddNamespaceAsync("rtr");
        Wan = await AddNamespaceAsync("wan");

        // veth pairs are created in IgdLab's own namespace and moved at once; the temporary names must be unique on
        // the host for that instant, the final names only inside each namespace.
        var tag = $"{Environment.ProcessId % 1000}x{Interlocked.Increment(ref _links) % 1000}";
        await LinkAsync($"il{tag}", Lan, LanInterface, $"rl{tag}", Router, RouterLanInterface);
        await LinkAsync($"iw{tag}", Wan, "wan0", $"rw{tag}", Router, RouterWanInterface);

        await Lan.IpAsync("addr", "add", $"{LanHostAddress}/24", "dev", LanInterface);
        await Lan.IpAsync("link", "set", LanInterface, "up", "multicast", "on");
        await Lan.IpAsync("route", "add", "default", "via", RouterLanAddress.ToString());
        await Router.IpAsync("addr", "add", $"{RouterLanAddress}/24", "dev", RouterLanInterface);
        await Router.IpAsync("link", "set", RouterLanInterface, "up", "multicast", "on");
        await Router.IpAsync("addr", "add", $"{FirstWanAddress}/24", "dev", RouterWanInterface);
        await Router.IpAsync("link", "set", RouterWanInterface, "up");
        await Wan.IpAsync("addr", "add", $"{WanHostAddress}/24", "dev", "wan0");
        await Wan.IpAsync("link", "set", "wan0", "up");
        await Router.ExecCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");

        // A WAN change adds the new address beside the old one, then deletes the old one; without promotion the kernel
        // deletes the secondary addresses of a subnet with its primary, leaving the router with no WAN address at all.
        await Router.ExecCheckedAsync("sysctl", "-qw", "net.ipv4.conf.all.promote_secondaries=1");

        var rules = Path.Combine(_workDirectory, "miniupnpd.nft");
        await File.WriteAllTextAsync(rules, MiniupnpdRuleset.Render(RouterWanInterface));
        await Router.ExecCheckedAsync(_nft, "-f", rules);
    }

    private async Task<LinuxNetworkNamespace> AddNamespaceAsync(string purpose)
    {
        var ns = await LinuxNetworkNamespace.CreateAsync(purpose);
        _namespaces.Add(ns);
        return ns;
    }

    private static async Task LinkAsync(string leftTemp, LinuxNetworkNamespace left, string leftName, string rightTemp, LinuxNetworkNamespace right, string rightName)
    {
        var create = await ExternalPrograms.RunAsync(
            left.IpTool, ["link", "add", leftTemp, "netns", left.Name, "type", "veth", "peer", "name", rightTemp, "netns", right.Name], TimeSpan.FromSeconds(10));
        if (create.ExitCode != 0)
        {
            throw new NamespaceSetupException($"cannot create a veth pair: {create.Combined.Trim()}");
        }

        await left.IpAsync("link", "set", leftTemp, "name", leftName);
        await right.IpAsync("link", "set", rightTemp, "name", rightName);
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Add(line);
        }
    }

    private int? HttpPortSince(int start)
    {
        lock (_logLock)
        {
            for (var i = start; i < _log.Count; i++)
            {
                if (HttpListening().Match(_log[i]) is { Success: true } match)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"HTTP listening on port (\d+)")]
    private static partial Regex HttpListening();
}
