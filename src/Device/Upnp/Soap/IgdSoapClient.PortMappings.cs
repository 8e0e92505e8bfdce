namespace IgdLab.Device.Upnp.Soap;

/// <content>The port-mapping actions of WANIPConnection:1 and :2.</content>
public sealed partial class IgdSoapClient
{
    private static readonly HashSet<int> EndOfListCodes =
    [
        UpnpErrorCode.SpecifiedArrayIndexInvalid,
        UpnpErrorCode.NoSuchEntryInArray,
        UpnpErrorCode.InvalidArgs,
        UpnpErrorCode.ActionFailed,
    ];

    /// <summary>AddPortMapping: adds <paramref name="mapping"/>, or renews it when the router already holds it for the same client.</summary>
    /// <remarks>
    /// When an attempt times out or loses its connection, the retry first asks GetSpecificPortMappingEntry whether the
    /// router carried out the add (the entry is there for this client with a fresh lease) and sends it again only if not.
    /// </remarks>
    /// <exception cref="UpnpErrorException">The router refused, e.g. 718 (port taken), 725 (permanent leases only), 606 (not authorized).</exception>
    public async Task AddPortMappingAsync(PortMappingEntry mapping, CancellationToken cancellationToken = default)
    {
        var call = Call(UpnpActions.AddPortMapping, MappingArguments(mapping));
        var startedAt = _time.GetTimestamp();
        await InvokeAsync(call with { OutcomeProbe = token => ProbeAddAsync(call, mapping, any: false, startedAt, token) }, cancellationToken);
    }

    /// <summary>AddAnyPortMapping (IGD:2): maps <paramref name="mapping"/>'s external port if free, else a port the router picks.</summary>
    /// <returns>The external port the router reserved.</returns>
    /// <remarks>IGD:1 routers answer 401. A retry after an unknown outcome first looks for the mapping the lost attempt may have made.</remarks>
    /// <exception cref="UpnpErrorException">The router refused, e.g. 728 (no ports left), 606 (not authorized).</exception>
    public async Task<int> AddAnyPortMappingAsync(PortMappingEntry mapping, CancellationToken cancellationToken = default)
    {
        var call = Call(UpnpActions.AddAnyPortMapping, MappingArguments(mapping));
        var startedAt = _time.GetTimestamp();
        var result = await InvokeAsync(call with { OutcomeProbe = token => ProbeAddAsync(call, mapping, any: true, startedAt, token) }, cancellationToken);
        var port = result.Port(UpnpArguments.NewReservedPort);
        return port != 0 ? port : throw result.Malformed("NewReservedPort is 0");
    }

    /// <summary>DeletePortMapping.</summary>
    /// <returns>True when deleted; false when the router has no such mapping (714).</returns>
    /// <exception cref="UpnpErrorException">The router refused, e.g. 606 (secure mode: someone else's mapping).</exception>
    public async Task<bool> DeletePortMappingAsync(
        int externalPort, MappingProtocol protocol, string remoteHost = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteHost);
        var call = Call(UpnpActions.DeletePortMapping, Arg(UpnpArguments.NewRemoteHost, remoteHost), Arg(UpnpArguments.NewExternalPort, CheckPort(externalPort)), Arg(UpnpArguments.NewProtocol, protocol.ToUpnp()));
        try
        {
            await InvokeAsync(call, cancellationToken);
            return true;
        }
        catch (UpnpErrorException ex) when (ex.Code == UpnpErrorCode.NoSuchEntryInArray)
        {
            return false;
        }
    }

    /// <summary>DeletePortMappingRange (IGD:2): deletes the mappings with external ports in [start, end].</summary>
    /// <param name="startPort">The first external port.</param>
    /// <param name="endPort">The last external port.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="manage">True to delete every client's mappings (where the router allows it); false for this client's own.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when something was deleted; false when the range held no mapping (730).</returns>
    public async Task<bool> DeletePortMappingRangeAsync(
        int startPort, int endPort, MappingProtocol protocol, bool manage, CancellationToken cancellationToken = default)
    {
        var call = Call(
            UpnpActions.DeletePortMappingRange,
            Arg(UpnpArguments.NewStartPort, CheckPort(startPort)),
            Arg(UpnpArguments.NewEndPort, CheckPort(endPort)),
            Arg(UpnpArguments.NewProtocol, protocol.ToUpnp()),
            Arg(UpnpArguments.NewManage, manage));
        try
        {
            await InvokeAsync(call, cancellationToken);
            return true;
        }
        catch (UpnpErrorException ex) when (ex.Code == UpnpErrorCode.PortMappingNotFound)
        {
            return false;
        }
    }

    /// <summary>GetSpecificPortMappingEntry: the mapping of an external port and protocol.</summary>
    /// <returns>The mapping (its lease is the remaining time), or null when the router has none (714): absence is an answer, not an error.</returns>
    public Task<PortMappingEntry?> GetSpecificPortMappingEntryAsync(
        int externalPort, MappingProtocol protocol, string remoteHost = "", CancellationToken cancellationToken = default) =>
        GetSpecificAsync(externalPort, protocol, remoteHost, retry: true, cancellationToken);

    /// <summary>GetGenericPortMappingEntry: the mapping at <paramref name="index"/> of the router's table.</summary>
    /// <exception cref="UpnpErrorException">713 past the end of the table (402 or 501 on some routers); see <see cref="GetAllPortMappingsAsync"/>.</exception>
    public Task<PortMappingEntry> GetGenericPortMappingEntryAsync(int index, CancellationToken cancellationToken = default) =>
        GetGenericAsync(index, retryActionFailed: true, cancellationToken);

    /// <summary>
    /// The router's whole table, read with GetGenericPortMappingEntry from index 0 until the router signals the end: 713 by
    /// the book, 714, 402 or 501 on some routers. Reads at most 1024 entries. 501 is not retried here, since it usually
    /// means the end; a router whose 501 was transient yields a shorter list.
    /// </summary>
    public async Task<IReadOnlyList<PortMappingEntry>> GetAllPortMappingsAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<PortMappingEntry>();
        for (var index = 0; index < UpnpClientDefaults.MaxListedMappings; index++)
        {
            try
            {
                entries.Add(await GetGenericAsync(index, retryActionFailed: false, cancellationToken));
            }
            catch (UpnpErrorException ex) when (EndOfListCodes.Contains(ex.Code))
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>GetListOfPortMappings (IGD:2): the mappings with external ports in [start, end], in port order.</summary>
    /// <param name="startPort">The first external port.</param>
    /// <param name="endPort">The last external port.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="manage">True for every client's mappings; false for this client's own.</param>
    /// <param name="maxCount">The most entries to return; 0 for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries (leases are remaining times); empty when the range holds none (730).</returns>
    public Task<IReadOnlyList<PortMappingEntry>> GetListOfPortMappingsAsync(
        int startPort, int endPort, MappingProtocol protocol, bool manage, int maxCount = 0, CancellationToken cancellationToken = default) =>
        ListAsync(startPort, endPort, protocol, manage, maxCount, retry: true, cancellationToken);

    private async Task<PortMappingEntry?> GetSpecificAsync(
        int externalPort, MappingProtocol protocol, string remoteHost, bool retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remoteHost);
        var call = Call(
            UpnpActions.GetSpecificPortMappingEntry,
            Arg(UpnpArguments.NewRemoteHost, remoteHost),
            Arg(UpnpArguments.NewExternalPort, CheckPort(externalPort)),
            Arg(UpnpArguments.NewProtocol, protocol.ToUpnp())) with { Retry = retry };
        SoapOutArguments result;
        try
        {
            result = await InvokeAsync(call, cancellationToken);
        }
        catch (UpnpErrorException ex) when (ex.Code == UpnpErrorCode.NoSuchEntryInArray)
        {
            return null;
        }

        // The answer does not repeat the key; take it from the question (some routers would echo the wrong protocol anyway).
        return new PortMappingEntry
        {
            RemoteHost = remoteHost,
            ExternalPort = externalPort,
            Protocol = protocol,
            InternalPort = result.Port(UpnpArguments.NewInternalPort),
            InternalClient = result.Text(UpnpArguments.NewInternalClient).Trim(),
            Enabled = result.Bool(UpnpArguments.NewEnabled, fallback: true),
            Description = result.OptionalText(UpnpArguments.NewPortMappingDescription),
            LeaseSeconds = result.UInt(UpnpArguments.NewLeaseDuration),
        };
    }

    private async Task<PortMappingEntry> GetGenericAsync(int index, bool retryActionFailed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var call = Call(UpnpActions.GetGenericPortMappingEntry, Arg(UpnpArguments.NewPortMappingIndex, index)) with { RetryActionFailed = retryActionFailed };
        var result = await InvokeAsync(call, cancellationToken);
        return new PortMappingEntry
        {
            RemoteHost = result.OptionalText(UpnpArguments.NewRemoteHost).Trim(),
            ExternalPort = result.Port(UpnpArguments.NewExternalPort),
            Protocol = result.Protocol(UpnpArguments.NewProtocol),
            InternalPort = result.Port(UpnpArguments.NewInternalPort),
            InternalClient = result.OptionalText(UpnpArguments.NewInternalClient).Trim(),
            Enabled = result.Bool(UpnpArguments.NewEnabled, fallback: true),
            Description = result.OptionalText(UpnpArguments.NewPortMappingDescription),
            LeaseSeconds = result.UInt(UpnpArguments.NewLeaseDuration),
        };
    }

    private async Task<IReadOnlyList<PortMappingEntry>> ListAsync(
        int startPort, int endPort, MappingProtocol protocol, bool manage, int maxCount, bool retry, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, ushort.MaxValue);
        var call = Call(
            UpnpActions.GetListOfPortMappings,
            Arg(UpnpArguments.NewStartPort, CheckPort(startPort)),
            Arg(UpnpArguments.NewEndPort, CheckPort(endPort)),
            Arg(UpnpArguments.NewProtocol, protocol.ToUpnp()),
            Arg(UpnpArguments.NewManage, manage),
            Arg(UpnpArguments.NewNumberOfPorts, maxCount)) with { Retry = retry };
        SoapOutArguments result;
        try
        {
            result = await InvokeAsync(call, cancellationToken);
        }
        catch (UpnpErrorException ex) when (ex.Code == UpnpErrorCode.PortMappingNotFound)
        {
            return [];
        }

        return PortListingReader.Read(result.Text(UpnpArguments.NewPortListing), call, Options.MaxResponseBytes);
    }

    /// <summary>
    /// Whether an add whose answer was lost was carried out: the mapping is there for the same client and internal port
    /// with a lease as fresh as the add would have made it. For AddAnyPortMapping the router may have picked another
    /// port, so (IGD:2) this client's own mappings are searched for one with the same description too.
    /// </summary>
    private async ValueTask<SoapOutArguments?> ProbeAddAsync(
        SoapCall call, PortMappingEntry wanted, bool any, long startedAt, CancellationToken cancellationToken)
    {
        var elapsed = _time.GetElapsedTime(startedAt);
        if (wanted.ExternalPort != 0)
        {
            var entry = await GetSpecificAsync(wanted.ExternalPort, wanted.Protocol, wanted.RemoteHost, retry: false, cancellationToken);
            if (entry is not null && AddOutcome.IsFresh(wanted, entry, elapsed, ServiceVersion))
            {
                return any ? Reserved(call, wanted.ExternalPort) : SoapOutArguments.Empty(call);
            }
        }

        if (!any || ServiceVersion < 2)
        {
            return null;
        }

        var own = await ListAsync(1, ushort.MaxValue, wanted.Protocol, manage: false, maxCount: 0, retry: false, cancellationToken);
        var found = own.FirstOrDefault(e =>
            string.Equals(e.Description, wanted.Description, StringComparison.Ordinal) && AddOutcome.IsFresh(wanted, e, elapsed, ServiceVersion));
        return found is null ? null : Reserved(call, found.ExternalPort);
    }

    private static SoapOutArguments Reserved(SoapCall call, int port) =>
        new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [UpnpArguments.NewReservedPort] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, call);

    private static KeyValuePair<string, string>[] MappingArguments(PortMappingEntry mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrWhiteSpace(mapping.InternalClient, nameof(mapping));
        return
        [
            Arg(UpnpArguments.NewRemoteHost, mapping.RemoteHost ?? ""),
            Arg(UpnpArguments.NewExternalPort, CheckPort(mapping.ExternalPort, nameof(mapping))),
            Arg(UpnpArguments.NewProtocol, mapping.Protocol.ToUpnp()),
            Arg(UpnpArguments.NewInternalPort, CheckPort(mapping.InternalPort, nameof(mapping))),
            Arg(UpnpArguments.NewInternalClient, mapping.InternalClient),
            Arg(UpnpArguments.NewEnabled, mapping.Enabled),
            Arg(UpnpArguments.NewPortMappingDescription, mapping.Description ?? ""),
            Arg(UpnpArguments.NewLeaseDuration, mapping.LeaseSeconds),
        ];
    }
}
