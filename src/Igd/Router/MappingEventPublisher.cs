using System.Globalization;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Router;

/// <summary>
/// Turns committed table changes into gateway events and GENA notifications. It hears them after the table's lock is
/// released and after the forwarding plane followed, so whoever reacts to an event (the emulator's oracle checks at
/// once) sees its effect on the wire; a change that breaks a mapping keeps the stamp taken before its listener closed.
/// </summary>
internal sealed class MappingEventPublisher(GatewayEventSink events, GenaPublisher gena, RouterProfile profile)
{
    private int _mappingCount;
    private uint _systemUpdateId;

    public int MappingCount => Volatile.Read(ref _mappingCount);

    /// <summary>SystemUpdateID: one more per change of the table, or always 1 on a router that sends the full set (miniupnpd).</summary>
    public uint SystemUpdateId => profile.Gena.FullSet ? 1u : Volatile.Read(ref _systemUpdateId);

    public void OnChanged(MappingChange change)
    {
        switch (change.Kind)
        {
            case MappingChangeKind.Added:
                events.Publish(GatewayEventKind.MappingAdded, change.Mapping, at: change.At);
                OnCountChanged(+1);
                break;
            case MappingChangeKind.Updated:
                var zombified = change.Mapping.Zombie && change.Previous is { Zombie: false };
                events.Publish(zombified ? GatewayEventKind.MappingZombified : GatewayEventKind.MappingRenewed, change.Mapping, zombified ? change.Reason : null, at: change.At);
                break;
            case MappingChangeKind.Removed:
                events.Publish(GatewayEventKind.MappingRemoved, change.Mapping, change.Reason, at: change.At);
                OnCountChanged(-1);
                break;
        }
    }

    private void OnCountChanged(int delta)
    {
        var count = Interlocked.Add(ref _mappingCount, delta);
        var updateId = Interlocked.Increment(ref _systemUpdateId);
        List<KeyValuePair<string, string>> changed = [KeyValuePair.Create("PortMappingNumberOfEntries", count.ToString(CultureInfo.InvariantCulture))];
        if (profile.IgdVersion >= 2)
        {
            changed.Add(KeyValuePair.Create("SystemUpdateID", (profile.Gena.FullSet ? 1u : updateId).ToString(CultureInfo.InvariantCulture)));
        }

        gena.Publish(DescriptionPaths.WanIpConnectionEventPath, changed);
    }
}
