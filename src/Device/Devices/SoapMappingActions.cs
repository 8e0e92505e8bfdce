using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary><see cref="IMappingActions"/> over a router's WANIPConnection service: a <see cref="PortMapper"/> and its <see cref="IgdSoapClient"/>.</summary>
public sealed class SoapMappingActions : IMappingActions
{
    private readonly IgdSoapClient _client;
    private readonly PortMapper _mapper;
    private readonly MappingRequest _request;
    private MappingResult? _last;

    /// <summary>Creates actions that keep <paramref name="request"/> mapped through <paramref name="mapper"/>.</summary>
    /// <param name="client">The SOAP client <paramref name="mapper"/> talks through (used for the existence check).</param>
    /// <param name="mapper">The mapper that adds and deletes the mapping.</param>
    /// <param name="request">The mapping to keep.</param>
    public SoapMappingActions(IgdSoapClient client, PortMapper mapper, MappingRequest request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(request);
        _client = client;
        _mapper = mapper;
        _request = request;
    }

    /// <summary>The last mapping made, or null.</summary>
    public MappingResult? Last => Volatile.Read(ref _last);

    /// <inheritdoc />
    public async Task<MappingResult> MapAsync(CancellationToken cancellationToken)
    {
        var result = await _mapper.MapAsync(_request, cancellationToken);
        Volatile.Write(ref _last, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<bool> IsMappedAsync(CancellationToken cancellationToken)
    {
        var last = Last;
        if (last is null)
        {
            return false;
        }

        var entry = await _client.GetSpecificPortMappingEntryAsync(last.ExternalPort, last.Protocol, cancellationToken: cancellationToken);
        return entry is not null
            && entry.Enabled
            && entry.InternalPort == last.InternalEndPoint.Port
            && string.Equals(entry.InternalClient, last.InternalEndPoint.Address.ToString(), StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public async Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        var last = Last;
        if (last is not null)
        {
            try
            {
                await _mapper.UnmapAsync(last, cancellationToken);
            }
            catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
            {
                // The old mapping may be gone or unreachable; the add below is what matters.
            }
        }

        return await MapAsync(cancellationToken);
    }
}
