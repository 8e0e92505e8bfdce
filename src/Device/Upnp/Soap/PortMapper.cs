using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Maps a device's port on a router and keeps track of what it created. Works around real-router refusals (lease
/// policies, port conflicts), renews by adding again on the same external port, and deletes exactly the mappings it
/// made on <see cref="UnmapAllAsync"/> or <see cref="DisposeAsync"/> — permanent ones included, so that fallbacks and
/// retries never leave rules behind. Calls are serialized; the <see cref="IgdSoapClient"/> stays the caller's to dispose.
/// </summary>
public sealed partial class PortMapper : IAsyncDisposable
{
    private readonly IgdSoapClient _client;
    private readonly PortMapperOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Mappings this mapper made, by external port and protocol.</summary>
    private readonly Dictionary<MappingKey, MappingResult> _owned = [];

    /// <summary>Adds whose answer was lost: the router may hold them; cleanup checks before deleting.</summary>
    private readonly Dictionary<MappingKey, UncertainAdd> _uncertain = [];

    /// <summary>Leases this router refused, with the lease (and fallback) that worked instead.</summary>
    private readonly Dictionary<uint, (uint Lease, MappingFallbacks Fallbacks)> _leaseSubstitutes = [];

    private MappingResult[] _snapshot = [];
    private bool _addAnyUnsupported;
    private bool _disposed;

    /// <summary>Creates a mapper that talks through <paramref name="client"/>.</summary>
    /// <param name="client">The SOAP client of the router's WANIPConnection service.</param>
    /// <param name="options">Fallback settings; null uses the defaults.</param>
    /// <param name="logger">Where fallbacks and cleanup are logged; null logs nothing.</param>
    public PortMapper(IgdSoapClient client, PortMapperOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new PortMapperOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid PortMapperOptions: {string.Join("; ", problems)}", nameof(options));
        }

        _client = client;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The mappings this mapper made and has not deleted.</summary>
    public IReadOnlyList<MappingResult> Mappings => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Maps (or renews) <paramref name="request"/>. A renewal adds again on the external port this mapper already holds
    /// for the same internal endpoint. Fallbacks: 725 → lease 0; 402 on a non-zero lease → 0, then on IGD:2 402 on 0 →
    /// 604800; 718/606/729 (and 501 when <see cref="PortMapperOptions.TreatActionFailedAsConflict"/>) → AddAnyPortMapping
    /// on IGD:2, else the next free ports, up to <see cref="PortMapperOptions.MaxExternalPortAttempts"/>.
    /// </summary>
    /// <returns>The external address and port, the granted lease and which fallbacks were used.</returns>
    /// <exception cref="UpnpErrorException">The router refused every variant tried; the last refusal is thrown.</exception>
    /// <exception cref="UpnpTransportException">The router gave no usable answer.</exception>
    public async Task<MappingResult> MapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EnsureValid();
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await MapLockedAsync(request, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes <paramref name="mapping"/> if this mapper made it; never touches anyone else's mapping.</summary>
    /// <returns>True when the router deleted it; false when it was not this mapper's or was already gone.</returns>
    /// <exception cref="UpnpTransportException">The router gave no usable answer; the mapping stays tracked.</exception>
    public async Task<bool> UnmapAsync(MappingResult mapping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var key = new MappingKey(mapping.ExternalPort, mapping.Protocol);
            if (!_owned.TryGetValue(key, out var owned) || !owned.InternalEndPoint.Equals(mapping.InternalEndPoint))
            {
                return false;
            }

            return await DeleteOwnedAsync(key, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Deletes every mapping this mapper made, and those whose add lost its answer if the router shows them for this
    /// device. Tries them all, then throws an <see cref="AggregateException"/> of the failures (those stay tracked).
    /// </summary>
    public async Task UnmapAllAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await UnmapAllLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets every mapping without deleting it, for when the router lost them anyway (it rebooted and moved its
    /// control URL): deleting them on the old URL could only fail, and the new URL's router never held them.
    /// </summary>
    public async Task AbandonAllAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _owned.Clear();
            _uncertain.Clear();
            Volatile.Write(ref _snapshot, []);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes this mapper's mappings (failures are logged, not thrown) and stops it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await UnmapAllAsync(CancellationToken.None);
        }
        catch (AggregateException ex)
        {
            LogCleanupFailed(ex.InnerExceptions.Count, ex.InnerExceptions[0].Message);
        }
        catch (ObjectDisposedException ex)
        {
            // The caller disposed the client first; nothing can be deleted any more.
            LogCleanupFailed(_owned.Count + _uncertain.Count, ex.Message);
        }

        _disposed = true;
    }

    private void Track(MappingResult result)
    {
        _owned[new MappingKey(result.ExternalPort, result.Protocol)] = result;
        Volatile.Write(ref _snapshot, [.. _owned.Values]);
    }

    private void Forget(MappingKey key)
    {
        if (_owned.Remove(key))
        {
            Volatile.Write(ref _snapshot, [.. _owned.Values]);
        }
    }

    private static bool IsFor(PortMappingEntry entry, IPEndPoint internalEndPoint) =>
        entry.InternalPort == internalEndPoint.Port
        && IPAddress.TryParse(entry.InternalClient, out var client)
        && client.Equals(internalEndPoint.Address);

    /// <summary>An add whose answer was lost, and whether the router chose the port (AddAnyPortMapping).</summary>
    private sealed record UncertainAdd(PortMappingEntry Entry, bool RouterChosePort)
    {
        public IPEndPoint InternalEndPoint => new(IPAddress.Parse(Entry.InternalClient), Entry.InternalPort);
    }
}
