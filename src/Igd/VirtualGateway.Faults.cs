using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd;

/// <content>Fault controls: the C# API the emulator calls and the serve control API forwards to.</content>
public sealed partial class VirtualGateway
{
    /// <summary>Applies a fault from the shared vocabulary. Reboot returns once the router is back up.</summary>
    /// <returns>A line describing what was done, for logs and the control API.</returns>
    /// <exception cref="ArgumentException">Unknown action or bad parameters.</exception>
    public async Task<string> ApplyFaultAsync(GatewayFault fault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fault);
        switch (fault.Action)
        {
            case "drop-mapping":
                var dropped = fault.Port is { } port
                    ? (DropMapping(port, fault.Protocol) ? new MappingKey(port, fault.Protocol) : (MappingKey?)null)
                    : DropRandomMapping();
                return dropped is { } key ? $"dropped {key}" : "no mapping to drop";
            case "drop-all-mappings":
                return $"dropped {DropAllMappings()} mappings";
            case "change-wan-ip":
                return $"WAN address is now {await ChangeWanAddressAsync(fault.WanAddress)}";
            case "reboot":
                await RebootAsync(fault.Downtime, fault.NewWanIp || fault.WanAddress is not null, fault.WanAddress, fault.NewHttpPort, cancellationToken);
                return $"rebooted (boot id {BootId}, WAN {WanAddress}, description {DescriptionUrl})";
            case "disable-upnp":
                await DisableUpnpAsync();
                return "UPnP disabled";
            case "enable-upnp":
                await EnableUpnpAsync(cancellationToken);
                return "UPnP enabled";
            case "soap-error":
                InjectSoapError(fault.SoapAction, fault.Code, fault.Count);
                return $"next {fault.Count} {fault.SoapAction ?? "SOAP"} calls fail with {fault.Code}";
            case "soap-delay":
                SetSoapDelay(fault.Delay, fault.SoapAction);
                return $"{fault.SoapAction ?? "SOAP"} answers delayed by {fault.Delay.TotalMilliseconds} ms";
            case "clear-soap-faults":
                _soapFaults.Clear();
                return "SOAP faults cleared";
            case "zombie-mapping":
                var zombie = fault.Port is { } zombiePort
                    ? (MakeZombie(zombiePort, fault.Protocol) ? new MappingKey(zombiePort, fault.Protocol) : (MappingKey?)null)
                    : MakeRandomZombie();
                return zombie is { } zombieKey ? $"{zombieKey} is now a zombie" : "no mapping to turn into a zombie";
            case "expire-leases":
                return $"expired {ExpireLeasesNow()} leases";
            default:
                throw new ArgumentException(
                    $"unknown fault action '{fault.Action}' (known: {string.Join(", ", GatewayFault.Actions)})", nameof(fault));
        }
    }

    /// <summary>Drops one mapping as if the router lost it.</summary>
    /// <returns>False when there was no such mapping.</returns>
    public bool DropMapping(int externalPort, MappingProtocol protocol) =>
        _table.Remove(new MappingKey(externalPort, protocol), RemovalReason.Dropped);

    /// <summary>Drops one mapping chosen with the gateway's seeded random source.</summary>
    /// <returns>The dropped mapping's key, or null when the table is empty.</returns>
    public MappingKey? DropRandomMapping()
    {
        var key = PickRandomMapping(m => true);
        return key is { } k && _table.Remove(k, RemovalReason.Dropped) ? k : null;
    }

    /// <summary>Drops every mapping.</summary>
    /// <returns>How many were dropped.</returns>
    public int DropAllMappings() => _table.RemoveAll(RemovalReason.Dropped).Count;

    /// <summary>Deletes every mapping that has a lease, as if all leases ran out now.</summary>
    /// <returns>How many expired.</returns>
    public int ExpireLeasesNow() => _table.RemoveAll(RemovalReason.Expired, m => m.ExpiresAt is not null).Count;

    /// <summary>Turns a mapping into a zombie: still listed and renewable, no longer forwarding.</summary>
    public bool MakeZombie(int externalPort, MappingProtocol protocol) => _table.Zombify(new MappingKey(externalPort, protocol)) is not null;

    /// <summary>Turns a randomly chosen healthy mapping into a zombie.</summary>
    public MappingKey? MakeRandomZombie()
    {
        var key = PickRandomMapping(m => !m.Zombie);
        return key is { } k && _table.Zombify(k) is not null ? k : null;
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="action"/> (all actions when null) fail with <paramref name="code"/>.</summary>
    public void InjectSoapError(string? action, int code, int count)
    {
        _soapFaults.InjectError(action, code, count);
        Publish(GatewayEventKind.SoapErrorInjected, detail: $"{action ?? "*"} -> {code} x{count}");
    }

    /// <summary>Delays SOAP answers to <paramref name="action"/> (all when null) by <paramref name="delay"/>; zero clears.</summary>
    public void SetSoapDelay(TimeSpan delay, string? action = null)
    {
        _soapFaults.SetDelay(delay, action);
        Publish(GatewayEventKind.SoapDelayChanged, detail: $"{action ?? "*"} +{delay.TotalMilliseconds} ms");
    }

    /// <summary>Moves the WAN side to a new address: every listener moves, the old address refuses.</summary>
    /// <returns>The new WAN address.</returns>
    public async Task<IPAddress> ChangeWanAddressAsync(IPAddress? newAddress = null)
    {
        await _lifecycle.WaitAsync();
        try
        {
            var old = WanAddress;
            var next = newAddress ?? NextWanAddress(old);

            // A new WAN address means the uplink reconnected: subscribers see it go down and come back with the address.
            _gena.Publish(Description.DescriptionPaths.WanIpConnectionEventPath, [KeyValuePair.Create("ConnectionStatus", "Disconnected")]);
            await _forwarding.ChangeWanAddressAsync(next);
            lock (_stateGate)
            {
                _wanAddress = next;
            }

            Publish(GatewayEventKind.WanAddressChanged, wanAddress: next, detail: $"from {old}");
            _gena.Publish(
                Description.DescriptionPaths.WanIpConnectionEventPath,
                [KeyValuePair.Create("ExternalIPAddress", next.ToString()), KeyValuePair.Create("ConnectionStatus", "Connected")]);
            return next;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Reboots: down for <paramref name="downtime"/> (SSDP silent, HTTP refused, forwarding off), the table wiped unless the
    /// profile keeps it, subscriptions forgotten, BOOTID incremented; optionally a new WAN address and HTTP port.
    /// </summary>
    public async Task RebootAsync(
        TimeSpan downtime, bool newWanAddress = false, IPAddress? wanAddress = null, bool? newHttpPort = null, CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await _ssdp.AnnounceByeByeAsync();
            lock (_stateGate)
            {
                _isUp = false;
            }

            StopIdleCleanup();
            await StopHttpAsync();
            await _forwarding.SuspendAsync();
            _gena.Clear();
            if (!Profile.Reboot.KeepTable)
            {
                _table.RemoveAll(RemovalReason.Reboot);
            }

            // Published once the router is really down, so whoever waits for it may advance a fake clock safely.
            Publish(GatewayEventKind.RebootStarted, detail: $"downtime {downtime.TotalMilliseconds} ms");
            if (downtime > TimeSpan.Zero)
            {
                await Task.Delay(downtime, _time, cancellationToken);
            }

            var port = (newHttpPort ?? Profile.Reboot.NewHttpPort) ? 0 : HttpPort;
            if (newWanAddress || wanAddress is not null)
            {
                var next = wanAddress ?? NextWanAddress(WanAddress);
                await _forwarding.ChangeWanAddressAsync(next);
                lock (_stateGate)
                {
                    _wanAddress = next;
                }
            }

            lock (_stateGate)
            {
                _bootId++;
                _bootTime = _time.GetUtcNow();
            }

            await _forwarding.ResumeAsync(_table.Snapshot());
            if (UpnpEnabled)
            {
                await StartHttpAsync(port, cancellationToken);
            }

            lock (_stateGate)
            {
                _isUp = true;
            }

            StartIdleCleanup();
            await _ssdp.AnnounceByeByeAsync();
            await _ssdp.AnnounceAliveAsync();
            Publish(GatewayEventKind.RebootCompleted, wanAddress: WanAddress, detail: $"boot id {BootId}; description {DescriptionUrl}");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops answering SSDP and SOAP (connections to the HTTP port are refused); forwarding goes on.</summary>
    public async Task DisableUpnpAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (!UpnpEnabled)
            {
                return;
            }

            // Say goodbye while still enabled: a disabled responder sends nothing.
            await _ssdp.AnnounceByeByeAsync();
            lock (_stateGate)
            {
                _upnpEnabled = false;
            }

            await StopHttpAsync();
            Publish(GatewayEventKind.UpnpDisabled);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Answers SSDP and SOAP again, on the same HTTP port.</summary>
    public async Task EnableUpnpAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            lock (_stateGate)
            {
                if (_upnpEnabled)
                {
                    return;
                }

                _upnpEnabled = true;
            }

            if (IsUp)
            {
                await StartHttpAsync(HttpPort, cancellationToken);
                await _ssdp.AnnounceAliveAsync();
            }

            Publish(GatewayEventKind.UpnpEnabled);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private MappingKey? PickRandomMapping(Func<PortMapping, bool> eligible)
    {
        var candidates = _table.Snapshot().Where(eligible).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        lock (_random)
        {
            return candidates[_random.Next(candidates.Count)].Key;
        }
    }

    private IPAddress NextWanAddress(IPAddress current)
    {
        if (_options.NextWanAddress is { } next)
        {
            return next(current);
        }

        var bytes = current.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 1; i--)
        {
            bytes[i]++;
            if (bytes[i] is not (0 or 255))
            {
                break;
            }

            bytes[i] = 1;
        }

        var candidate = new IPAddress(bytes);
        return candidate.Equals(LanAddress) ? NextWanAddress(candidate) : candidate;
    }
}
