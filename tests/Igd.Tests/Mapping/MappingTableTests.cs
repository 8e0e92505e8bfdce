using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Upnp;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Mapping;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MappingTableTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("127.80.0.10");
    private static readonly IPAddress Bob = IPAddress.Parse("127.80.0.11");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private MappingTable Table(RouterProfile? profile = null) => new(profile ?? RouterProfileCatalog.Standard, _time, seed: 7);

    private static MappingRequest Request(int port, IPAddress client, uint lease = 3600, MappingProtocol protocol = MappingProtocol.Tcp) => new()
    {
        ExternalPort = port,
        Protocol = protocol,
        InternalPort = 20000,
        InternalClient = client,
        LeaseSeconds = lease,
        Description = "test",
    };

    private static RouterProfile V1 => RouterProfileCatalog.Standard with { IgdVersion = 1 };

    [Test]
    public void Add_V2ZeroLease_GrantsOneWeek()
    {
        using var table = Table();
        var (mapping, _) = table.Add(Request(4000, Alice, lease: 0), Alice);
        Assert.That(mapping.LeaseSeconds, Is.EqualTo(604800));
        Assert.That(mapping.ExpiresAt, Is.EqualTo(_time.GetUtcNow().AddSeconds(604800)));
    }

    [Test]
    public void Add_V1ZeroLease_IsPermanent()
    {
        using var table = Table(V1);
        var (mapping, _) = table.Add(Request(4000, Alice, lease: 0), Alice);
        Assert.That(mapping.LeaseSeconds, Is.Zero);
        Assert.That(mapping.ExpiresAt, Is.Null);
        _time.Advance(TimeSpan.FromDays(30));
        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public void Add_LeaseAboveCap_IsCapped()
    {
        using var table = Table(RouterProfileCatalog.Standard with { Leases = new LeasePolicy { MaxSeconds = 600 } });
        var (mapping, _) = table.Add(Request(4000, Alice, lease: 9000), Alice);
        Assert.That(mapping.LeaseSeconds, Is.EqualTo(600));
    }

    [Test]
    public void Add_LeaseRunsOut_MappingExpiresAndObserverHearsIt()
    {
        using var table = Table();
        var observer = new RecordingObserver();
        table.Observe(observer);
        table.Add(Request(4000, Alice, lease: 60), Alice);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(table.Count, Is.EqualTo(1));
        Assert.That(table.GetSpecific(4000, MappingProtocol.Tcp).RemainingLeaseSeconds(_time.GetUtcNow()), Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(table.Count, Is.Zero);
        Assert.That(observer.Removed, Is.EqualTo(new[] { (4000, RemovalReason.Expired) }));
    }

    [Test]
    public void Add_RemainingLease_CountsDown()
    {
        using var table = Table();
        table.Add(Request(4000, Alice, lease: 600), Alice);
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.That(table.GetSpecific(4000, MappingProtocol.Tcp).RemainingLeaseSeconds(_time.GetUtcNow()), Is.EqualTo(500));
    }

    [Test]
    public void Add_SameClientAgain_RenewsByOverwriting()
    {
        using var table = Table();
        table.Add(Request(4000, Alice, lease: 60), Alice);
        _time.Advance(TimeSpan.FromSeconds(50));
        var (renewed, wasRenewal) = table.Add(Request(4000, Alice, lease: 60) with { InternalPort = 20001, Description = "renewed" }, Alice);

        Assert.That(wasRenewal, Is.True);
        Assert.That(renewed.InternalPort, Is.EqualTo(20001));
        Assert.That(renewed.Description, Is.EqualTo("renewed"));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.That(table.Count, Is.EqualTo(1), "the renewal restarted the lease");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void Add_OtherClientSamePort_Returns718()
    {
        using var table = Table();
        table.Add(Request(4000, Alice), Alice);
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Bob), Bob));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictInMappingEntry));
    }

    [Test]
    public void Add_SamePortOtherProtocol_DoesNotConflict()
    {
        using var table = Table();
        table.Add(Request(4000, Alice), Alice);
        Assert.DoesNotThrow(() => table.Add(Request(4000, Bob, protocol: MappingProtocol.Udp), Bob));
        Assert.That(table.Count, Is.EqualTo(2));
    }

    [Test]
    public void Add_WildcardExternalPort_Returns716()
    {
        using var table = Table();
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(0, Alice), Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.WildCardNotPermittedInExtPort));
    }

    [TestCase(2, UpnpErrorCode.ActionNotAuthorized)]
    [TestCase(1, UpnpErrorCode.ConflictInMappingEntry)]
    public void Add_SecureModeForAnotherClient_IsRefused(int version, int expected)
    {
        using var table = Table(RouterProfileCatalog.Standard with { IgdVersion = version, SecureMode = true });
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Bob), Alice));
        Assert.That(error!.Code, Is.EqualTo(expected));
    }

    [Test]
    public void Add_SecureModeWithMiniupnpdsCode_Returns718OnIgd2Too()
    {
        using var table = Table(RouterProfileCatalog.BuiltIn["miniupnpd"]);
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Bob), Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictInMappingEntry));
    }

    [Test]
    public void Add_PermanentOnlyProfileNonZeroLease_Returns725()
    {
        using var table = Table(RouterProfileCatalog.BuiltIn["permanent-only"]);
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Alice, lease: 3600), Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.OnlyPermanentLeasesSupported));
        Assert.That(table.Add(Request(4000, Alice, lease: 0), Alice).Mapping.LeaseSeconds, Is.Zero);
    }

    [Test]
    public void Add_NonZeroLeaseOn402Router_Returns402()
    {
        using var table = Table(RouterProfileCatalog.Standard with { Leases = new LeasePolicy { RejectNonZeroWith402 = true } });
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Alice, lease: 3600), Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.InvalidArgs));
    }

    [Test]
    public void Add_TableFull_Returns728OnV2And501OnV1()
    {
        using var v2 = Table(RouterProfileCatalog.Standard with { MaxMappings = 2 });
        v2.Add(Request(4000, Alice), Alice);
        v2.Add(Request(4001, Alice), Alice);
        Assert.That(Assert.Throws<UpnpException>(() => v2.Add(Request(4002, Alice), Alice))!.Code, Is.EqualTo(UpnpErrorCode.NoPortMapsAvailable));

        using var v1 = Table(V1 with { MaxMappings = 1 });
        v1.Add(Request(4000, Alice), Alice);
        Assert.That(Assert.Throws<UpnpException>(() => v1.Add(Request(4001, Alice), Alice))!.Code, Is.EqualTo(UpnpErrorCode.ActionFailed));
    }

    [Test]
    public void Add_ObserverVetoes_NothingIsStored()
    {
        using var table = Table();
        table.Observe(new VetoingObserver());
        var error = Assert.Throws<UpnpException>(() => table.Add(Request(4000, Alice), Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictWithOtherMechanisms));
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void AddAny_PortTaken_ReturnsNearbyFreePort()
    {
        using var table = Table();
        table.Add(Request(5000, Bob), Bob);
        var mapping = table.AddAny(Request(5000, Alice), Alice);
        Assert.That(mapping.ExternalPort, Is.EqualTo(5001));
    }

    [Test]
    public void AddAny_WildcardPort_PicksPortAbove1023()
    {
        using var table = Table();
        var mapping = table.AddAny(Request(0, Alice), Alice);
        Assert.That(mapping.ExternalPort, Is.InRange(1024, 65535));
    }

    [Test]
    public void Delete_Missing_Returns714()
    {
        using var table = Table();
        var error = Assert.Throws<UpnpException>(() => table.Delete(4000, MappingProtocol.Tcp, Alice));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.NoSuchEntryInArray));
    }

    [Test]
    public void Delete_SecureModeOthersMapping_Returns606AndKeepsIt()
    {
        using var table = Table(RouterProfileCatalog.BuiltIn["miniupnpd"]);
        table.Add(Request(4000, Alice), Alice);
        var error = Assert.Throws<UpnpException>(() => table.Delete(4000, MappingProtocol.Tcp, Bob));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ActionNotAuthorized));
        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public void GetGeneric_AfterDelete_TableCompactsAndEndIs713()
    {
        using var table = Table();
        table.Add(Request(4000, Alice), Alice);
        table.Add(Request(4001, Alice), Alice);
        table.Add(Request(4002, Alice), Alice);
        table.Delete(4001, MappingProtocol.Tcp, Alice);

        Assert.That(table.GetGeneric(0).ExternalPort, Is.EqualTo(4000));
        Assert.That(table.GetGeneric(1).ExternalPort, Is.EqualTo(4002));
        Assert.That(Assert.Throws<UpnpException>(() => table.GetGeneric(2))!.Code, Is.EqualTo(UpnpErrorCode.SpecifiedArrayIndexInvalid));
    }

    [Test]
    public void GetGeneric_ProfileEndOfList402_Returns402()
    {
        using var table = Table(RouterProfileCatalog.Standard with { EndOfListErrorCode = 402 });
        Assert.That(Assert.Throws<UpnpException>(() => table.GetGeneric(0))!.Code, Is.EqualTo(402));
    }

    [Test]
    public void ListRange_ManageFalse_ListsOnlyCallersMappingsInPortOrder()
    {
        using var table = Table();
        table.Add(Request(4002, Alice), Alice);
        table.Add(Request(4001, Bob), Bob);
        table.Add(Request(4000, Alice), Alice);

        var own = table.ListRange(1, 65535, MappingProtocol.Tcp, manage: false, Alice, maxCount: 0);
        Assert.That(own.Select(m => m.ExternalPort), Is.EqualTo(new[] { 4000, 4002 }));
        var all = table.ListRange(1, 65535, MappingProtocol.Tcp, manage: true, Alice, maxCount: 2);
        Assert.That(all.Select(m => m.ExternalPort), Is.EqualTo(new[] { 4000, 4001 }));
    }

    [Test]
    public void ListRange_StartAboveEnd_Returns733_EmptyReturns730()
    {
        using var table = Table();
        Assert.That(Assert.Throws<UpnpException>(() => table.ListRange(5, 4, MappingProtocol.Tcp, true, Alice, 0))!.Code, Is.EqualTo(UpnpErrorCode.InconsistentParameters));
        Assert.That(Assert.Throws<UpnpException>(() => table.ListRange(1, 4, MappingProtocol.Tcp, true, Alice, 0))!.Code, Is.EqualTo(UpnpErrorCode.PortMappingNotFound));
    }

    [Test]
    public void DeleteRange_RemovesOnlyMatching()
    {
        using var table = Table();
        table.Add(Request(4000, Alice), Alice);
        table.Add(Request(4001, Alice), Alice);
        table.Add(Request(4001, Alice, protocol: MappingProtocol.Udp), Alice);
        table.Add(Request(6000, Alice), Alice);

        Assert.That(table.DeleteRange(4000, 5000, MappingProtocol.Tcp, manage: false, Alice), Is.EqualTo(2));
        Assert.That(table.Snapshot().Select(m => m.Key.ToString()), Is.EquivalentTo(new[] { "4001/UDP", "6000/TCP" }));
    }

    [Test]
    public void Zombify_KeepsMappingListedAndRenewable()
    {
        using var table = Table();
        table.Add(Request(4000, Alice), Alice);
        Assert.That(table.Zombify(new MappingKey(4000, MappingProtocol.Tcp))!.Zombie, Is.True);
        var (renewed, _) = table.Add(Request(4000, Alice), Alice);
        Assert.That(renewed.Zombie, Is.True, "only delete + re-add clears a zombie");
        table.Delete(4000, MappingProtocol.Tcp, Alice);
        Assert.That(table.Add(Request(4000, Alice), Alice).Mapping.Zombie, Is.False);
    }

    [Test]
    public void RemoveAll_WithPredicate_RemovesMatchingWithReason()
    {
        using var table = Table(V1);
        var observer = new RecordingObserver();
        table.Observe(observer);
        table.Add(Request(4000, Alice, lease: 0), Alice);
        table.Add(Request(4001, Alice, lease: 60), Alice);
        var removed = table.RemoveAll(RemovalReason.Expired, m => m.ExpiresAt is not null);
        Assert.That(removed.Select(m => m.ExternalPort), Is.EqualTo(new[] { 4001 }));
        Assert.That(observer.Removed, Is.EqualTo(new[] { (4001, RemovalReason.Expired) }));
    }

    [Test]
    public void Listen_ThrowingListener_ChangeStandsAndTheNextListenerHearsIt()
    {
        using var table = Table();
        var heard = new List<MappingChangeKind>();
        table.Listen(_ => throw new InvalidOperationException("listener bug"));
        table.Listen(c => heard.Add(c.Kind));

        table.Add(Request(4000, Alice), Alice);
        table.Remove(new MappingKey(4000, MappingProtocol.Tcp), RemovalReason.Dropped);

        Assert.That(heard, Is.EqualTo(new[] { MappingChangeKind.Added, MappingChangeKind.Removed }));
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void Listen_VetoedAdd_IsNotHeard()
    {
        using var table = Table();
        var heard = new List<MappingChange>();
        table.Observe(new VetoingObserver());
        table.Listen(heard.Add);

        Assert.Throws<UpnpException>(() => table.Add(Request(4000, Alice), Alice));

        Assert.That(heard, Is.Empty);
    }

    [Test]
    public void Listen_ListenerReadsTheTableFromAnotherThread_SeesTheCommittedRow()
    {
        // Listeners run with the table's lock released: another thread can read the table while one runs.
        using var table = Table();
        IReadOnlyList<PortMapping>? seen = null;
        table.Listen(c =>
        {
            var read = Task.Run(table.Snapshot);
            seen = read.Wait(TimeSpan.FromSeconds(5)) ? read.Result : null;
        });

        table.Add(Request(4000, Alice), Alice);

        Assert.That(seen?.Select(m => m.ExternalPort), Is.EqualTo(new[] { 4000 }));
    }

    [Test]
    public void Listen_ListenerChangesTheTable_ChangesAreHeardInCommitOrder()
    {
        using var table = Table();
        var heard = new List<(MappingChangeKind, int)>();
        table.Listen(c =>
        {
            heard.Add((c.Kind, c.Mapping.ExternalPort));
            if (c is { Kind: MappingChangeKind.Added, Mapping.ExternalPort: 4000 })
            {
                table.Add(Request(4001, Alice), Alice);
            }
        });

        table.Add(Request(4000, Alice), Alice);

        Assert.That(heard, Is.EqualTo(new[] { (MappingChangeKind.Added, 4000), (MappingChangeKind.Added, 4001) }));
    }

    [Test]
    public void Listen_Removal_IsStampedWithTheTimeOfTheChange()
    {
        using var table = Table();
        var stamps = new List<DateTimeOffset>();
        table.Add(Request(4000, Alice), Alice);
        table.Listen(c => stamps.Add(c.At));
        var removedAt = _time.GetUtcNow();

        table.Remove(new MappingKey(4000, MappingProtocol.Tcp), RemovalReason.Dropped);

        Assert.That(stamps, Is.EqualTo(new[] { removedAt }));
    }

    private sealed class RecordingObserver : IMappingObserver
    {
        public List<(int Port, RemovalReason Reason)> Removed { get; } = [];

        public void OnAdded(PortMapping mapping)
        {
        }

        public void OnUpdated(PortMapping previous, PortMapping current)
        {
        }

        public void OnRemoved(PortMapping mapping, RemovalReason reason) => Removed.Add((mapping.ExternalPort, reason));
    }

    private sealed class VetoingObserver : IMappingObserver
    {
        public void OnAdded(PortMapping mapping) => throw new UpnpException(UpnpErrorCode.ConflictWithOtherMechanisms);

        public void OnUpdated(PortMapping previous, PortMapping current)
        {
        }

        public void OnRemoved(PortMapping mapping, RemovalReason reason)
        {
        }
    }
}
