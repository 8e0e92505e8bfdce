using System.Text;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Cluster;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The watchdog as one of several instances on a shared registry (<see cref="ClusterCoordinator"/> calls these from
/// its work loop): it probes and instructs the devices it owns, passes on what a device says on a channel open here to
/// the device's owner, and delivers the owner's instructions over that channel.
/// </summary>
internal sealed partial class WatchdogEngine
{
    private int _owned;

    /// <inheritdoc />
    public int OwnedCount => _owned;

    /// <inheritdoc />
    public void Claimed(IReadOnlyList<ClaimedDevice> devices, IReadOnlySet<string> live)
    {
        var now = _time.GetUtcNow();
        var toProbe = new List<string>(devices.Count);
        foreach (var claimed in devices)
        {
            var stored = claimed.Device;
            var entry = _registry.SetKey(stored.Id, stored.Key);
            bool mapped;
            (IDeviceChannel Channel, RemapInstruction Instruction)? resend;
            lock (entry.Gate)
            {
                if (entry.Owned)
                {
                    continue;
                }

                entry.ApplyStored(stored);
                entry.Owned = true;
                if (entry.Channel is RemoteDeviceChannel)
                {
                    entry.Channel = null;
                }

                if (claimed.ChannelInstance is { } at && at != _cluster!.InstanceId && live.Contains(at))
                {
                    entry.Channel = Remote(stored.Id, at);
                }

                if (claimed.InstructionId is { } instruction && claimed.InstructionAt is { } sentAt)
                {
                    _dispatcher.Resume(entry, instruction, sentAt, now);
                }

                // Sent again, same id, on the channel the device has now: the dead owner may have recorded it and died
                // before sending it (its answer was then awaited for the whole timeout). The device acts on an id once,
                // and a copy it already had is answered with its mapping; without a live channel, the next one gets it.
                entry.InstructedOver = null;
                resend = _dispatcher.PrepareRedelivery(entry);
                mapped = entry.Target is not null;
            }

            _ = _dispatcher.RedeliverAsync(entry, resend, now);

            _owned++;
            _events.Publish(new OwnershipChanged(stored.Id, now, true, "claimed"));
            if (mapped)
            {
                toProbe.Add(stored.Id);
            }
        }

        // Its last probe may be a lease old (its owner died): probe each now rather than at its slot. Off the loop:
        // starting a probe runs its first steps on the caller's thread, and at 10,000 devices starting a dead
        // instance's 1,666 on the loop held its next heartbeat back past the lease, which lost every device again.
        if (toProbe.Count > 0)
        {
            _ = Task.Run(() =>
            {
                foreach (var id in toProbe)
                {
                    _scheduler.Add(id);
                    _scheduler.ProbeNow(id);
                }
            });
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Release(int count)
    {
        // Quiet devices first: one in the middle of a breakage is better finished by the instance that saw it begin.
        var chosen = _registry.Entries.Where(entry => entry.Owned)
            .OrderBy(entry => entry.Episode is null && entry.OutstandingInstruction is null ? 0 : 1)
            .Take(count)
            .ToList();
        var stored = new List<StoredDevice>(chosen.Count);
        var now = _time.GetUtcNow();
        foreach (var entry in chosen)
        {
            _scheduler.Remove(entry.Id);
            lock (entry.Gate)
            {
                Disown(entry);
                stored.Add(entry.ToStored());
            }

            _events.Publish(new OwnershipChanged(entry.Id, now, false, "released to balance the instances"));
        }

        _registry.PersistReleased(stored);
        return [.. chosen.Select(entry => entry.Id)];
    }

    /// <inheritdoc />
    public void LostOwnership() =>
        GiveUp([.. _registry.Entries.Where(entry => entry.Owned)], "this instance's lease ran out");

    /// <inheritdoc />
    public IReadOnlyList<string> OwnedElsewhere(IReadOnlySet<string> stillOwned) =>
        GiveUp([.. _registry.Entries.Where(entry => entry.Owned && !stillOwned.Contains(entry.Id))], "the registry no longer names this instance its owner");

    // Stops probing the entries at once, without writing (another instance may own them now); returns their ids.
    private List<string> GiveUp(List<DeviceEntry> entries, string reason)
    {
        var now = _time.GetUtcNow();
        foreach (var entry in entries)
        {
            _scheduler.Remove(entry.Id);
            lock (entry.Gate)
            {
                Disown(entry);
            }

            _events.Publish(new OwnershipChanged(entry.Id, now, false, reason));
        }

        return [.. entries.Select(entry => entry.Id)];
    }

    /// <inheritdoc />
    public void InstancesLive(IReadOnlySet<string> live)
    {
        foreach (var entry in _registry.Entries)
        {
            string? gone = null;
            lock (entry.Gate)
            {
                if (entry.Channel is RemoteDeviceChannel remote && !live.Contains(remote.Instance))
                {
                    // The outstanding instruction stays: the device, which may not have got it, reconnects elsewhere
                    // and gets it again there, rather than a second one after the next failed probe.
                    gone = remote.Instance;
                    entry.Channel = null;
                    entry.Dirty = true;
                }
            }

            if (gone is not null)
            {
                OnChannelClosed(entry.Id, $"its instance {gone} is gone");
            }
        }
    }

    /// <inheritdoc />
    public void Received(ClusterMessage message)
    {
        var self = _cluster!.InstanceId;
        // An attach is for every instance (any other channel of the device is replaced); its To names the owner.
        if (message.From == self || (message.To is not null && message.To != self && message.Kind != ClusterMessageKind.Attach))
        {
            return;
        }

        if (message.Kind == ClusterMessageKind.Key)
        {
            OnKeyChanged(message.DeviceId);
            return;
        }

        if (!_registry.TryGet(message.DeviceId, out var entry))
        {
            return;
        }

        switch (message.Kind)
        {
            case ClusterMessageKind.Attach:
                OnAttachedElsewhere(entry, message.From, owner: message.To == self);
                break;
            case ClusterMessageKind.Detach:
                OnDetachedElsewhere(entry, message.From);
                break;
            case ClusterMessageKind.Report when Parse(message) is ReportMessage { Mapping: { } mapping } report:
                OnReportElsewhere(entry, mapping, report);
                break;
            case ClusterMessageKind.RemapFailed when Parse(message) is RemapFailed failed:
                if (RemoteChannelOf(entry, message.From) is { } channel)
                {
                    _dispatcher.OnRemapFailed(entry, channel, failed);
                }

                break;
            case ClusterMessageKind.Signal when entry.Owned:
                _scheduler.ProbeNow(entry.Id);
                break;
            case ClusterMessageKind.Deliver when Parse(message) is { } instruction:
                _ = DeliverAsync(entry, instruction, message.From);
                break;
            case ClusterMessageKind.Undelivered when entry.Owned && message.InstructionId is { } instructionId:
                _dispatcher.Undo(entry, instructionId);
                break;
        }
    }

    /// <inheritdoc />
    public void Resync()
    {
        var self = _cluster!.InstanceId;
        var owned = _registry.Entries.Where(entry => entry.Owned).ToList();
        var channels = _cluster.Store.ChannelsOf([.. owned.Select(entry => entry.Id)]);
        foreach (var entry in owned)
        {
            lock (entry.Gate)
            {
                var at = channels.GetValueOrDefault(entry.Id);
                if (at is not null && at != self && RemoteChannelOf(entry, at) is null)
                {
                    entry.Channel = Remote(entry.Id, at);
                }
                else if (at is null && entry.Channel is RemoteDeviceChannel)
                {
                    entry.Channel = null;
                }
            }
        }
    }

    /// <summary>Stops owning <paramref name="entry"/> (under its lock): its probes and instruction timer stop; a recorded instruction stays for the next owner.</summary>
    private void Disown(DeviceEntry entry)
    {
        entry.Owned = false;
        entry.CancelInstruction();
        entry.Episode = null;
        entry.Dirty = false;
        if (entry.Channel is RemoteDeviceChannel)
        {
            entry.Channel = null;
        }

        _owned--;
    }

    /// <summary>Sends <paramref name="message"/> to the owner of a device whose channel is open here (from the work loop, looking the owner up).</summary>
    private void ForwardToOwner(ClusterMessageKind kind, string deviceId, ControlMessage message)
    {
        var cluster = _cluster!;
        cluster.Post(() =>
        {
            var forwarded = new ClusterMessage(kind, deviceId, cluster.InstanceId, cluster.Store.OwnerOf(deviceId), Encoding.UTF8.GetString(ControlProtocol.Serialize(message)));
            if (forwarded.To is null)
            {
                // No owner now: whoever claims the device reads what was stored.
                return;
            }

            if (forwarded.To == cluster.InstanceId)
            {
                // Claimed here meanwhile.
                Received(forwarded with { From = string.Empty });
                return;
            }

            cluster.Store.Publish(forwarded.ToPayload());
        });
    }

    private void OnKeyChanged(string deviceId)
    {
        if (_cluster!.Store.KeyOf(deviceId) is not { } key)
        {
            return;
        }

        var entry = _registry.SetKey(deviceId, key);
        IDeviceChannel? local;
        lock (entry.Gate)
        {
            local = entry.Channel is RemoteDeviceChannel ? null : entry.Channel;
        }

        if (key.Length == 0 && local is not null)
        {
            _registry.Remember(deviceId, _time.GetUtcNow(), "key-revoked", "its channel is closed");
            _ = local.CloseAsync(ControlErrorCodes.AuthenticationFailed, "the device's key was revoked");
        }
    }

    private void OnAttachedElsewhere(DeviceEntry entry, string at, bool owner)
    {
        IDeviceChannel? replaced = null;
        bool probe;
        (IDeviceChannel, RemapInstruction)? resend = null;
        lock (entry.Gate)
        {
            if (entry.Channel is { } channel and not RemoteDeviceChannel)
            {
                replaced = channel;
            }

            entry.Channel = entry.Owned && owner ? Remote(entry.Id, at) : null;
            entry.Dirty = true;
            probe = entry.Owned && owner && entry.Target is not null;
            if (entry.Owned && owner)
            {
                resend = _dispatcher.PrepareRedelivery(entry);
            }
        }

        _ = _dispatcher.RedeliverAsync(entry, resend, _time.GetUtcNow());

        _ = replaced?.CloseAsync(ControlErrorCodes.Replaced, "the device authenticated on another instance");
        if (probe)
        {
            _scheduler.ProbeNow(entry.Id);
        }
    }

    private void OnDetachedElsewhere(DeviceEntry entry, string at)
    {
        lock (entry.Gate)
        {
            if (!entry.Owned || RemoteChannelOf(entry, at) is null)
            {
                return;
            }

            entry.Channel = null;
            _dispatcher.Cancel(entry);
            entry.Dirty = true;
        }
    }

    private void OnReportElsewhere(DeviceEntry entry, MappingReport mapping, ReportMessage report)
    {
        if (ControlProtocol.Validate(mapping) is not null)
        {
            return;
        }

        lock (entry.Gate)
        {
            if (!entry.Owned)
            {
                return;
            }

            var now = _time.GetUtcNow();
            entry.ApplyMapping(mapping, report.Sequence, now);
            entry.Reports++;
            entry.Dirty = true;
            _dispatcher.OnReport(entry, report.InstructionId, now);
        }

        _scheduler.Add(entry.Id);
        _scheduler.ProbeNow(entry.Id);
    }

    /// <summary>Passes an owner's instruction on over the device's channel here; tells the owner when it cannot.</summary>
    private async Task DeliverAsync(DeviceEntry entry, ControlMessage instruction, string owner)
    {
        IDeviceChannel? channel;
        lock (entry.Gate)
        {
            channel = entry.Channel is RemoteDeviceChannel ? null : entry.Channel;
        }

        if (channel is not null && await channel.SendAsync(instruction))
        {
            return;
        }

        var id = (instruction as RemapInstruction)?.InstructionId;
        await _cluster!.PublishAsync(new ClusterMessage(ClusterMessageKind.Undelivered, entry.Id, _cluster.InstanceId, owner, InstructionId: id));
    }

    private void OnChannelClosed(string deviceId, string reason)
    {
        var now = _time.GetUtcNow();
        _registry.Remember(deviceId, now, "channel-closed", reason);
        LogChannelClosed(deviceId, reason);
        _events.Publish(new ChannelChanged(deviceId, now, false, reason));
    }

    private RemoteDeviceChannel Remote(string deviceId, string at) =>
        new(deviceId, at, _cluster!.PublishAsync, _cluster!.InstanceId);

    private static RemoteDeviceChannel? RemoteChannelOf(DeviceEntry entry, string at) =>
        entry.Channel is RemoteDeviceChannel remote && remote.Instance == at ? remote : null;

    private static ControlMessage? Parse(ClusterMessage message) =>
        message.Body is { } body ? ControlProtocol.TryDeserialize(Encoding.UTF8.GetBytes(body), out _) : null;
}
