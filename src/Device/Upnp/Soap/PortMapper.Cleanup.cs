namespace IgdLab.Device.Upnp.Soap;

/// <content>Deleting what this mapper made, and only that.</content>
public sealed partial class PortMapper
{
    private async Task UnmapAllLockedAsync(CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        foreach (var key in _owned.Keys.ToList())
        {
            try
            {
                await DeleteOwnedAsync(key, cancellationToken);
            }
            catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
            {
                failures.Add(ex);
            }
        }

        foreach (var (key, add) in _uncertain.ToList())
        {
            try
            {
                await DeleteIfCreatedAsync(key, add, cancellationToken);
                _uncertain.Remove(key);
            }
            catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
            {
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{CountText.Of(failures.Count, "mapping")} could not be deleted; they stay tracked", failures);
        }
    }

    private async Task<bool> DeleteOwnedAsync(MappingKey key, CancellationToken cancellationToken)
    {
        // The router may have lost the mapping and given its port to another device since (a flush, then the other
        // device remapped first); a router outside secure mode would delete that device's mapping without a word.
        var current = await _client.GetSpecificPortMappingEntryAsync(key.ExternalPort, key.Protocol, cancellationToken: cancellationToken);
        if (current is null || !_owned.TryGetValue(key, out var owned) || !IsFor(current, owned.InternalEndPoint))
        {
            Forget(key);
            LogUnmapped(key.ExternalPort, key.Protocol, false);
            return false;
        }

        bool deleted;
        try
        {
            deleted = await _client.DeletePortMappingAsync(key.ExternalPort, key.Protocol, cancellationToken: cancellationToken);
        }
        catch (UpnpErrorException ex) when (ex.Code == UpnpErrorCode.ActionNotAuthorized)
        {
            // Secure mode refuses to delete another client's mapping: the port is no longer ours.
            deleted = false;
        }

        Forget(key);
        LogUnmapped(key.ExternalPort, key.Protocol, deleted);
        return deleted;
    }

    /// <summary>Deletes what an add with a lost answer may have created, once the router shows it is this device's.</summary>
    private async Task DeleteIfCreatedAsync(MappingKey key, UncertainAdd add, CancellationToken cancellationToken)
    {
        var ports = new List<int>();
        var atKey = await _client.GetSpecificPortMappingEntryAsync(key.ExternalPort, key.Protocol, cancellationToken: cancellationToken);
        if (atKey is not null && IsFor(atKey, add.InternalEndPoint))
        {
            ports.Add(key.ExternalPort);
        }
        else if (add.RouterChosePort && _client.ServiceVersion >= 2)
        {
            // AddAnyPortMapping may have reserved another port: look among this device's own mappings.
            var own = await _client.GetListOfPortMappingsAsync(1, ushort.MaxValue, key.Protocol, manage: false, cancellationToken: cancellationToken);
            ports.AddRange(own
                .Where(e => IsFor(e, add.InternalEndPoint)
                    && string.Equals(e.Description, add.Entry.Description, StringComparison.Ordinal)
                    && !_owned.ContainsKey(new MappingKey(e.ExternalPort, key.Protocol)))
                .Select(e => e.ExternalPort));
        }

        foreach (var port in ports)
        {
            var deleted = await _client.DeletePortMappingAsync(port, key.Protocol, cancellationToken: cancellationToken);
            LogUnmapped(port, key.Protocol, deleted);
        }
    }
}
