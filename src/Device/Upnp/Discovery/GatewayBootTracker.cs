namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Notices that a gateway rebooted from what SSDP tells: BOOTID.UPNP.ORG changes on every boot, and a router that
/// picks a new HTTP port per boot (miniupnpd's <c>http_port=0</c>) also moves its LOCATION. Keyed by the device UUID
/// in the USN, so one tracker can watch several gateways. Thread-safe.
/// </summary>
public sealed class GatewayBootTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SsdpReply> _lastSeen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Records <paramref name="reply"/>; returns a <see cref="GatewayReboot"/> when it shows that its gateway
    /// rebooted since the previous reply from the same device, else null (also for the first reply seen).
    /// </summary>
    public GatewayReboot? Observe(SsdpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var key = DeviceKey(reply);
        lock (_gate)
        {
            _lastSeen.TryGetValue(key, out var previous);
            _lastSeen[key] = reply;
            if (previous is null)
            {
                return null;
            }

            var bootChanged = previous.BootId is { } before && reply.BootId is { } after && before != after;
            var locationMoved = previous.Location != reply.Location;
            return bootChanged || locationMoved ? new GatewayReboot(previous, reply, bootChanged, locationMoved) : null;
        }
    }

    // The UUID part of the USN identifies the device across reboots; without a USN, the responder's address does.
    private static string DeviceKey(SsdpReply reply)
    {
        var usn = reply.UniqueServiceName;
        if (!string.IsNullOrEmpty(usn))
        {
            var separator = usn.IndexOf("::", StringComparison.Ordinal);
            return separator > 0 ? usn[..separator] : usn;
        }

        return reply.Responder.Address.ToString();
    }
}

/// <summary>Evidence that a gateway rebooted: the replies before and after, and what changed.</summary>
public sealed record GatewayReboot(SsdpReply Before, SsdpReply After, bool BootIdChanged, bool LocationMoved);
