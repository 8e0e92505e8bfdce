using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Router;

/// <summary>The gateway's fault surface: table faults and SOAP faults here, lifecycle faults through the lifecycle.</summary>
internal sealed class GatewayFaultController(
    RouterProfile profile,
    MappingTable table,
    SoapFaultPlan soapFaults,
    GatewayLifecycle lifecycle,
    RouterState state,
    GatewayHttpHost http,
    GatewayEventSink events,
    int seed,
    WanLink? link)
    : IGatewayFaultSurface
{
    private readonly Random _random = new(seed);

    public int BootId => state.BootId;

    public IPAddress WanAddress => state.WanAddress;

    public Uri DescriptionUrl => http.DescriptionUrl;

    // A router with a stale rule cache (miniupnpd after an nftables flush) loses the rule but keeps listing the entry.
    public MappingKey? DropMapping(MappingKey? key)
    {
        if (profile.StaleRuleCache)
        {
            var stale = key ?? PickRandomMapping(m => !m.Zombie);
            return stale is { } s && table.Zombify(s) is not null ? s : null;
        }

        var target = key ?? PickRandomMapping(_ => true);
        return target is { } k && table.Remove(k, RemovalReason.Dropped) ? k : null;
    }

    public MappingKey? ZombifyMapping(MappingKey? key)
    {
        var target = key ?? PickRandomMapping(m => !m.Zombie);
        return target is { } k && table.Zombify(k) is not null ? k : null;
    }

    public int DropAllMappings() => profile.StaleRuleCache
        ? table.Snapshot().Count(m => table.Zombify(m.Key) is not null)
        : table.RemoveAll(RemovalReason.Dropped).Count;

    public int ExpireLeases() => table.RemoveAll(RemovalReason.Expired, m => m.ExpiresAt is not null).Count;

    public Task<IPAddress> ChangeWanAddressAsync(IPAddress? address) => lifecycle.ChangeWanAddressAsync(address);

    public void CheckWanAddress(IPAddress address) => lifecycle.CheckWanAddress(address);

    public Task RebootAsync(Reboot reboot, CancellationToken cancellationToken) => lifecycle.RebootAsync(reboot, cancellationToken);

    public Task DisableUpnpAsync() => lifecycle.DisableUpnpAsync();

    public Task EnableUpnpAsync(CancellationToken cancellationToken) => lifecycle.EnableUpnpAsync(cancellationToken);

    public void InjectSoapError(string? action, int code, int count)
    {
        soapFaults.InjectError(action, code, count);
        events.Publish(GatewayEventKind.SoapErrorInjected, detail: $"{action ?? "*"} -> {code} x{count}");
    }

    public void SetSoapDelay(TimeSpan delay, string? action)
    {
        soapFaults.SetDelay(delay, action);
        events.Publish(GatewayEventKind.SoapDelayChanged, detail: $"{action ?? "*"} +{delay.TotalMilliseconds} ms");
    }

    public void ClearSoapFaults() => soapFaults.Clear();

    public bool SetPartition(PartitionDirection direction) =>
        link is null
            ? throw new FaultRejectedException("the WAN is on kernel sockets, whose link IgdLab cannot cut; a partition needs the in-process WAN (network: simulated)")
            : link.SetPartition(direction);

    public void SetPortControl(MappingOrigin protocol, bool enabled) => lifecycle.SetPortControl(protocol, enabled);

    public void SetAnnouncementsDropped(bool dropped) => state.AnnouncementsDropped = dropped;

    private MappingKey? PickRandomMapping(Func<PortMapping, bool> eligible)
    {
        var candidates = table.Snapshot().Where(eligible).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        lock (_random)
        {
            return candidates[_random.Next(candidates.Count)].Key;
        }
    }
}
