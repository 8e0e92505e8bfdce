using IgdLab.Emulator.World.Namespaces;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Tests.World.Namespaces;

/// <summary>A router profile turned into miniupnpd's configuration (the miniupnpd backend's settings).</summary>
public sealed class MiniupnpdSettingsTests
{
    [Test]
    public void Differences_MiniupnpdProfile_None_ConfigurableKeysAreNotDifferences()
    {
        var miniupnpd = RouterProfileCatalog.BuiltIn["miniupnpd"];
        var configured = miniupnpd with
        {
            IgdVersion = 1,
            SecureMode = false,
            IdleCleanup = null,
            Reboot = new RebootPolicy { KeepTable = true, NewHttpPort = false },
            Discovery = miniupnpd.Discovery with { NotifyIntervalSeconds = 30 },
            FriendlyName = "Another name",
        };

        Assert.That(MiniupnpdSettings.Differences(miniupnpd), Is.Empty);
        Assert.That(MiniupnpdSettings.Differences(configured), Is.Empty);
    }

    [Test]
    public void Differences_StandardAndHuawei_NameEachKeyTheDaemonCannotFollow_WithBothValues()
    {
        var standard = MiniupnpdSettings.Differences(RouterProfileCatalog.Standard);
        var huawei = MiniupnpdSettings.Differences(RouterProfileCatalog.BuiltIn["huawei-hg531"]);

        Assert.That(standard, Does.Contain("soap.deleteMissingSucceeds (profile: false, daemon: true)"));
        Assert.That(standard, Does.Contain("discovery.replyDelay (profile: random-within-mx, daemon: immediate)"));
        Assert.That(standard, Has.None.Contains("secureModeErrorCode"), "secure mode is off, so its error code is moot");
        Assert.That(standard, Has.None.Contains("friendlyName").And.None.Contains("serverHeader"));
        Assert.That(huawei, Does.Contain("description.connectionServices (profile: [ppp], daemon: [ip])"));
    }

    [Test]
    public void Render_StandardProfile_IgdV2WithFixedHttpPortAndNoLeaseFile()
    {
        var text = MiniupnpdSettings.From(RouterProfileCatalog.Standard).Render("rwan", "rlan", "192.168.77.0/24", "/tmp/leases");

        Assert.That(Lines(text), Is.SupersetOf(new[]
        {
            "ext_ifname=rwan", "listening_ip=rlan", $"http_port={MiniupnpdSettings.FixedHttpPort}", "enable_upnp=yes", "enable_natpmp=yes",
            "force_igd_desc_v1=no", "secure_mode=no", "min_lifetime=120", "max_lifetime=86400", "notify_interval=900",
            "allow 1024-65535 192.168.77.0/24 1024-65535",
        }));
        Assert.That(text, Does.Not.Contain("lease_file").And.Not.Contain("clean_ruleset"));
    }

    [Test]
    public void Render_ProfileKeys_BecomeTheirDaemonKeys()
    {
        var profile = RouterProfileCatalog.Standard with
        {
            IgdVersion = 1,
            SecureMode = true,
            IdleCleanup = new IdleCleanupPolicy { IntervalSeconds = 30, Threshold = 5 },
            Discovery = new DiscoveryPolicy { NotifyIntervalSeconds = 60 },
            Reboot = new RebootPolicy { KeepTable = true, NewHttpPort = true },
            PortControl = new PortControlPolicy { NatPmp = false, Pcp = false, MinLifetimeSeconds = 60, MaxLifetimeSeconds = 3600 },
        };

        var text = MiniupnpdSettings.From(profile).Render("rwan", "rlan", "192.168.77.0/24", "/tmp/leases");

        Assert.That(Lines(text), Is.SupersetOf(new[]
        {
            "force_igd_desc_v1=yes", "secure_mode=yes", "clean_ruleset_interval=30", "clean_ruleset_threshold=5", "notify_interval=60",
            "http_port=0", "lease_file=/tmp/leases", "enable_natpmp=no", "min_lifetime=60", "max_lifetime=3600",
        }));
    }

    [Test]
    public void Unsupported_NatPmpWithoutPcp_SaysTheDaemonSwitchesThemTogether()
    {
        var profile = RouterProfileCatalog.Standard with { PortControl = new PortControlPolicy { NatPmp = true, Pcp = false } };

        Assert.That(MiniupnpdSettings.Unsupported(profile), Has.One.Contains("enable_natpmp"));
        Assert.That(MiniupnpdSettings.Unsupported(RouterProfileCatalog.Standard), Is.Empty);
    }

    [Test]
    public void Unsupported_WanSideCgnat_SaysNoCarrierNatSitsInFront()
    {
        Assert.That(MiniupnpdSettings.Unsupported(RouterProfileCatalog.Standard with { WanSide = WanSide.Cgnat }), Has.One.Contains("wanSide cgnat"));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
