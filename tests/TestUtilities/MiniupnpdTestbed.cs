using System.Diagnostics;
using System.Globalization;

namespace IgdLab.TestUtilities;

/// <summary>
/// A real router for interop tests: three network namespaces that the test creates — a LAN host, a router running
/// Debian's miniupnpd with nftables NAT, and a WAN host — joined by veth links. Every address lives only inside
/// these namespaces (the router's WAN side gets a public-looking address, since miniupnpd refuses private ones) and
/// nothing routes out of them. LAN-to-WAN traffic is masqueraded, as on a home router. Disposing kills miniupnpd and
/// removes the namespaces, even after a failed test.
/// </summary>
public sealed class MiniupnpdTestbed : IAsyncDisposable
{
    /// <summary>The LAN host's address.</summary>
    public const string LanHostAddress = "192.168.77.2";

    /// <summary>The router's LAN address (SSDP, HTTP).</summary>
    public const string RouterLanAddress = "192.168.77.1";

    /// <summary>The router's WAN address: what GetExternalIPAddress reports and where mappings are reached.</summary>
    public const string RouterWanAddress = "11.0.0.7";

    /// <summary>The WAN host's address (the outside world).</summary>
    public const string WanHostAddress = "11.0.0.9";

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly string _workDirectory;
    private Process? _daemon;

    private MiniupnpdTestbed(string workDirectory) => _workDirectory = workDirectory;

    /// <summary>The LAN host's namespace.</summary>
    public NetworkNamespace Lan { get; private set; } = null!;

    /// <summary>The router's namespace.</summary>
    public NetworkNamespace Router { get; private set; } = null!;

    /// <summary>The WAN host's namespace.</summary>
    public NetworkNamespace Wan { get; private set; } = null!;

    /// <summary>The LAN host's interface name (for <c>upnpc -m</c>).</summary>
    public string LanInterface { get; private set; } = "";

    /// <summary>miniupnpd's log so far (it runs with -d).</summary>
    public string DaemonLog => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    private string LogPath => Path.Combine(_workDirectory, "miniupnpd.log");

    /// <summary>Builds the namespaces and starts miniupnpd, or skips the test saying what is missing.</summary>
    public static async Task<MiniupnpdTestbed> StartAsync()
    {
        var miniupnpd = ProcessRunner.Require("miniupnpd", "miniupnpd-nftables");
        var nft = ProcessRunner.Require("nft", "nftables");
        var work = Directory.CreateTempSubdirectory("igdlab-miniupnpd-").FullName;
        var bed = new MiniupnpdTestbed(work);
        try
        {
            await bed.BuildAsync(miniupnpd, nft);
            return bed;
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Deletes every rule miniupnpd installed, as a router that lost its table (the daemon keeps running). One nft
    /// transaction: the three chains empty at the same instant. The router's own outbound NAT is not touched.
    /// </summary>
    public async Task FlushRulesAsync()
    {
        var commands = string.Join("; ", new[] { "miniupnpd", "prerouting_miniupnpd", "postrouting_miniupnpd" }.Select(chain => $"flush chain inet miniupnpd {chain}"));
        var result = await Router.ExecAsync("nft", [commands], TimeSpan.FromSeconds(10));
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
    }

    /// <summary>The router's NAT rules as nft prints them.</summary>
    public async Task<string> NatRulesAsync() =>
        (await Router.ExecAsync("nft", ["list", "chain", "inet", "miniupnpd", "prerouting_miniupnpd"], TimeSpan.FromSeconds(10))).StandardOutput;

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill(entireProcessTree: true);
            await _daemon.WaitForExitAsync();
        }

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

    private async Task BuildAsync(string miniupnpd, string nft)
    {
        Lan = await AddNamespaceAsync("lan");
        Router = await AddNamespaceAsync("rtr");
        Wan = await AddNamespaceAsync("wan");

        // Interface names are per namespace, but veth creation happens in the test's own namespace first: keep them unique.
        var tag = (Environment.ProcessId % 10000).ToString(CultureInfo.InvariantCulture);
        LanInterface = "lan0";
        await LinkAsync($"il{tag}", Lan, LanInterface, $"rl{tag}", Router, "rlan");
        await LinkAsync($"iw{tag}", Wan, "wan0", $"rw{tag}", Router, "rwan");

        await Lan.IpAsync("addr", "add", $"{LanHostAddress}/24", "dev", LanInterface);
        await Lan.IpAsync("link", "set", LanInterface, "up", "multicast", "on");
        await Lan.IpAsync("route", "add", "default", "via", RouterLanAddress);
        await Router.IpAsync("addr", "add", $"{RouterLanAddress}/24", "dev", "rlan");
        await Router.IpAsync("link", "set", "rlan", "up", "multicast", "on");
        await Router.IpAsync("addr", "add", $"{RouterWanAddress}/24", "dev", "rwan");
        await Router.IpAsync("link", "set", "rwan", "up");
        await Wan.IpAsync("addr", "add", $"{WanHostAddress}/24", "dev", "wan0");
        await Wan.IpAsync("link", "set", "wan0", "up");
        var forward = await Router.ExecAsync("sysctl", ["-qw", "net.ipv4.ip_forward=1"], TimeSpan.FromSeconds(10));
        Assert.That(forward.ExitCode, Is.Zero, forward.Combined);

        // Like a home router, the LAN reaches the WAN host through masquerading (the WAN host has no route back to the
        // LAN): a device's outbound control channel then crosses the same NAT as its inbound mapping.
        var rules = Path.Combine(_workDirectory, "miniupnpd.nft");
        await File.WriteAllTextAsync(rules, """
            table inet miniupnpd {
              chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
              chain miniupnpd { }
              chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
              chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; oifname "rwan" masquerade; }
              chain prerouting_miniupnpd { }
              chain postrouting_miniupnpd { }
            }
            """);
        var load = await Router.ExecAsync(nft, ["-f", rules], TimeSpan.FromSeconds(10));
        Assert.That(load.ExitCode, Is.Zero, load.Combined);

        var config = Path.Combine(_workDirectory, "miniupnpd.conf");
        await File.WriteAllTextAsync(config, $"""
            ext_ifname=rwan
            listening_ip=rlan
            http_port=0
            enable_natpmp=yes
            enable_upnp=yes
            secure_mode=yes
            upnp_table_name=miniupnpd
            upnp_nat_table_name=miniupnpd
            upnp_forward_chain=miniupnpd
            upnp_nat_chain=prerouting_miniupnpd
            upnp_nat_postrouting_chain=postrouting_miniupnpd
            allow 1024-65535 {LanHostAddress}/24 1024-65535
            deny 0-65535 0.0.0.0/0 0-65535

            """);
        var info = new ProcessStartInfo(Router.IpTool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", Router.Name, miniupnpd, "-f", config, "-d", "-P", Path.Combine(_workDirectory, "miniupnpd.pid") })
        {
            info.ArgumentList.Add(argument);
        }

        _daemon = Process.Start(info) ?? throw new InvalidOperationException("could not start miniupnpd");
        var log = new StreamWriter(LogPath) { AutoFlush = true };
        _daemon.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        _daemon.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();

        // Ready once it logs its HTTP port.
        for (var i = 0; i < 100 && !DaemonLog.Contains("HTTP listening on port", StringComparison.Ordinal); i++)
        {
            Assert.That(_daemon.HasExited, Is.False, $"miniupnpd exited:\n{DaemonLog}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.That(DaemonLog, Does.Contain("HTTP listening on port"), "miniupnpd did not start listening");
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private async Task<NetworkNamespace> AddNamespaceAsync(string purpose)
    {
        var ns = await NetworkNamespace.CreateAsync(purpose);
        _namespaces.Add(ns);
        return ns;
    }

    private static async Task LinkAsync(string leftTemp, NetworkNamespace left, string leftName, string rightTemp, NetworkNamespace right, string rightName)
    {
        var ip = left.IpTool;
        var create = await ProcessRunner.RunAsync(
            ip, ["link", "add", leftTemp, "netns", left.Name, "type", "veth", "peer", "name", rightTemp, "netns", right.Name], TimeSpan.FromSeconds(10));
        Assert.That(create.ExitCode, Is.Zero, create.Combined);
        await left.IpAsync("link", "set", leftTemp, "name", leftName);
        await right.IpAsync("link", "set", rightTemp, "name", rightName);
    }
}
