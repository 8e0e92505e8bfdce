using System.Globalization;
using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd;

/// <content>Views of the gateway handed to its parts: the event recorder, the SOAP state and the SSDP source.</content>
public sealed partial class VirtualGateway
{
    private void OnTableChanged(int delta)
    {
        var count = Interlocked.Add(ref _mappingCount, delta);
        var updateId = Interlocked.Increment(ref _systemUpdateId);
        List<KeyValuePair<string, string>> changed = [KeyValuePair.Create("PortMappingNumberOfEntries", count.ToString(CultureInfo.InvariantCulture))];
        if (Profile.IgdVersion >= 2)
        {
            changed.Add(KeyValuePair.Create("SystemUpdateID", updateId.ToString(CultureInfo.InvariantCulture)));
        }

        _gena.Publish(DescriptionPaths.WanIpConnectionEventPath, changed);
    }

    /// <summary>
    /// Turns table changes into gateway events and GENA notifications, in step with the forwarding plane: an event is
    /// delivered once its change took effect on the wire (a removed mapping's listener is closed, an added one's is
    /// open), and a change that breaks a mapping (removed, zombified) is stamped before its listener closes. Whoever
    /// reacts to the event (the emulator's oracle checks at once) sees the new state, and no probe can find a mapping
    /// gone at a time before the event says it went, however long closing the listener takes on a loaded machine.
    /// </summary>
    private sealed class EventRecorder(VirtualGateway gateway, IMappingObserver forwarding) : IMappingObserver
    {
        public void OnAdded(PortMapping mapping)
        {
            forwarding.OnAdded(mapping);
            gateway.Publish(GatewayEventKind.MappingAdded, mapping);
            gateway.OnTableChanged(+1);
        }

        public void OnUpdated(PortMapping previous, PortMapping current)
        {
            var at = gateway._time.GetUtcNow();
            forwarding.OnUpdated(previous, current);
            var kind = current.Zombie && !previous.Zombie ? GatewayEventKind.MappingZombified : GatewayEventKind.MappingRenewed;
            gateway.Publish(kind, current, at: at);
        }

        public void OnRemoved(PortMapping mapping, RemovalReason reason)
        {
            var at = gateway._time.GetUtcNow();
            forwarding.OnRemoved(mapping, reason);
            gateway.Publish(GatewayEventKind.MappingRemoved, mapping, reason, at: at);
            gateway.OnTableChanged(-1);
        }
    }

    /// <summary>The gateway as the SOAP actions see it.</summary>
    private sealed class StateView(VirtualGateway gateway) : IGatewayState
    {
        public RouterProfile Profile => gateway.Profile;

        public MappingTable Table => gateway._table;

        public IPAddress WanAddress => gateway.WanAddress;

        public TimeSpan Uptime
        {
            get
            {
                lock (gateway._stateGate)
                {
                    return gateway._time.GetUtcNow() - gateway._bootTime;
                }
            }
        }

        public string ConnectionDeviceUdn => gateway._deviceTree.Devices[0].Devices[0].Udn;

        public (long BytesSent, long BytesReceived, long PacketsSent, long PacketsReceived) Traffic =>
            (gateway._forwarding.BytesSent, gateway._forwarding.BytesReceived, gateway._forwarding.PacketsSent, gateway._forwarding.PacketsReceived);
    }

    /// <summary>What the SSDP responder advertises: read as one consistent snapshot per reply.</summary>
    private sealed class SsdpSource(VirtualGateway gateway) : ISsdpDescriptionSource
    {
        public SsdpDescription Current
        {
            get
            {
                lock (gateway._stateGate)
                {
                    return new SsdpDescription(
                        gateway._deviceTree,
                        gateway.DescriptionUrl,
                        gateway._bootId,
                        ConfigId: 1,
                        gateway.Profile.ServerHeader,
                        IsEnabled: gateway._upnpEnabled && gateway._isUp);
                }
            }
        }
    }
}
