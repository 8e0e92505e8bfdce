using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.TestUtilities;

/// <summary>
/// A real router for interop tests: the emulator's <see cref="MiniupnpdRouter"/> (LAN, router and WAN namespaces,
/// Debian's miniupnpd with nftables NAT) in the configuration these tests were written for — NAT-PMP and PCP on,
/// secure mode, a random HTTP port. A missing prerequisite skips the test; disposing removes everything.
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

    private readonly MiniupnpdRouter _router;

    private MiniupnpdTestbed(MiniupnpdRouter router)
    {
        _router = router;
        Lan = new NetworkNamespace(router.Lan);
        Router = new NetworkNamespace(router.Router);
        Wan = new NetworkNamespace(router.Wan);
    }

    /// <summary>The LAN host's namespace.</summary>
    public NetworkNamespace Lan { get; }

    /// <summary>The router's namespace.</summary>
    public NetworkNamespace Router { get; }

    /// <summary>The WAN host's namespace.</summary>
    public NetworkNamespace Wan { get; }

    /// <summary>The LAN host's interface name (for <c>upnpc -m</c>).</summary>
    public string LanInterface => MiniupnpdRouter.LanInterface;

    /// <summary>miniupnpd's log so far (it runs with -d).</summary>
    public string DaemonLog => _router.DaemonLog;

    /// <summary>Skips the test, saying what is missing, unless this host can run a miniupnpd router (root, miniupnpd, ip, nft).</summary>
    public static void RequirePrerequisites()
    {
        if (MiniupnpdRouter.MissingPrerequisite() is { } missing)
        {
            Assert.Ignore(missing);
        }
    }

    /// <summary>Builds the namespaces and starts miniupnpd, or skips the test saying what is missing.</summary>
    public static async Task<MiniupnpdTestbed> StartAsync()
    {
        RequirePrerequisites();
        var settings = new MiniupnpdSettings { SecureMode = true, HttpPort = 0 };
        return new MiniupnpdTestbed(await MiniupnpdRouter.StartAsync(settings));
    }

    /// <summary>
    /// Deletes every rule miniupnpd installed, as a router that lost its table (the daemon keeps running). One nft
    /// transaction: the three chains empty at the same instant. The router's own outbound NAT is not touched.
    /// </summary>
    public Task FlushRulesAsync() => _router.FlushRulesAsync();

    /// <summary>The router's NAT rules as nft prints them.</summary>
    public Task<string> NatRulesAsync() => _router.NatRulesAsync();

    public ValueTask DisposeAsync() => _router.DisposeAsync();
}
