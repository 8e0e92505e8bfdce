using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>The catalogue of documented router quirks: every one is there and every one's keys do something.</summary>
public sealed class RouterQuirkCatalogTests
{
    // The ids of the router-quirks document: the 41 behaviours of real routers and the 7 seen on miniupnpd 2.3.1.
    private static readonly string[] DocumentedIds =
    [
        "reboot-wipes-table", "idle-cleanup", "zombie-mapping", "lease-ignored-short", "lease-overridden", "wan-ip-change",
        "wan-flap-501", "epoch-not-reset", "permanent-only-725", "nonzero-402", "zero-402", "cap-604800", "permanent-leak",
        "conflict-718", "conflict-606", "conflict-501", "end-of-list-402", "end-of-list-501", "empty-client-entries",
        "wrong-protocol-echo", "ext-ip-empty", "ext-ip-cgnat", "ext-ip-zero", "ext-ip-loopback", "multicast-only",
        "ssdp-all-non-igd", "wrong-source-port", "wrong-source-ip", "dual-igd-flap", "old-st-echo", "slow-reply", "odd-headers",
        "ppp-only", "misadvertised-service", "foreign-control-url", "query-control-url", "invalid-utf8-desc", "soapaction-case",
        "leading-whitespace-400", "uppercase-protocol", "single-packet-request", "delete-missing-200", "stale-rule-cache",
        "gena-full-set", "ssdp-immediate-reply", "periodic-notify", "pmp-pcp-announce", "query-state-variable",
    ];

    private static IEnumerable<RouterQuirk> Quirks => RouterQuirkCatalog.All;

    [Test]
    public void All_HoldsEveryDocumentedQuirkOnce()
    {
        var ids = RouterQuirkCatalog.All.Select(q => q.Id).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.EquivalentTo(DocumentedIds));
    }

    [TestCaseSource(nameof(Quirks))]
    public void ProfileOf_QuirkKeys_ParseAndChangeTheStandardRouter(RouterQuirk quirk)
    {
        var profile = RouterQuirkCatalog.ProfileOf(quirk);
        var standard = new RouterProfile { Name = quirk.Id };

        var changed = RouterProfileYaml.Write(profile) != RouterProfileYaml.Write(standard);

        Assert.That(changed, Is.EqualTo(!quirk.SameAsStandard), quirk.SameAsStandard ? "the standard router already behaves so" : "the keys change nothing");
        Assert.That(quirk.Behaviour, Is.Not.Empty);
        Assert.That(quirk.SeenOn, Is.Not.Empty);
    }

    [Test]
    public void Faults_NamedByQuirks_AreFaultsOfTheVocabulary()
    {
        var faults = RouterQuirkCatalog.All.Where(q => q.Fault is not null).Select(q => q.Fault).Distinct().ToList();

        Assert.That(faults, Is.Not.Empty);
        Assert.That(faults, Is.SubsetOf(IgdLab.Igd.Faults.GatewayFaultNames.Names));
    }
}
