using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// <see cref="IMappingActions"/> over a router's WAN connection service: a <see cref="PortMapper"/> and its
/// <see cref="IgdSoapClient"/>, both owned. When the control URL refuses connections and a <see cref="IGatewayLocator"/>
/// is given, the router is located again; if it moved (a reboot with a new HTTP port), the actions continue on the new
/// URL and forget the mappings of the old one, which the rebooted router no longer holds.
/// </summary>
public sealed class SoapMappingActions : IMappingActions, IAsyncDisposable
{
    private readonly MappingRequest _request;
    private readonly UpnpClientOptions _clientOptions;
    private readonly TimeProvider _time;
    private readonly IGatewayLocator? _locator;
    private readonly SemaphoreSlim _relocating = new(1, 1);
    private Target _target;
    private MappingResult? _last;

    /// <summary>Creates actions that keep <paramref name="request"/> mapped on <paramref name="service"/>.</summary>
    /// <param name="service">The router's connection service.</param>
    /// <param name="request">The mapping to keep.</param>
    /// <param name="clientOptions">SOAP client settings (the device's local address among them).</param>
    /// <param name="timeProvider">The clock of SOAP timeouts and retries; null uses the system clock.</param>
    /// <param name="locator">Finds the router again when its control URL stops answering; null never looks.</param>
    public SoapMappingActions(
        GatewayService service, MappingRequest request, UpnpClientOptions? clientOptions = null, TimeProvider? timeProvider = null, IGatewayLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        request.EnsureValid();
        _request = request;
        _clientOptions = clientOptions ?? new UpnpClientOptions();
        if (locator is not null)
        {
            // A refused control URL is answered by looking for the router, not by waiting to knock again.
            _clientOptions = _clientOptions with { RetryRefusedConnections = false };
        }

        _time = timeProvider ?? TimeProvider.System;
        _locator = locator;
        _target = Connect(service);
    }

    /// <summary>The router's service moved: the actions now use <see cref="Service"/> (e.g. to subscribe to its events again).</summary>
    public event Action<GatewayService, GatewayService>? ServiceMoved;

    /// <summary>The service the actions talk to now.</summary>
    public GatewayService Service => Volatile.Read(ref _target).Service;

    /// <summary>The SOAP client of the current service.</summary>
    public IgdSoapClient Client => Volatile.Read(ref _target).Client;

    /// <summary>The mappings the current service's mapper made and has not deleted.</summary>
    public IReadOnlyList<MappingResult> Mappings => Volatile.Read(ref _target).Mapper.Mappings;

    /// <summary>The last mapping made, or null.</summary>
    public MappingResult? Last => Volatile.Read(ref _last);

    /// <inheritdoc />
    public Task<MappingResult> MapAsync(CancellationToken cancellationToken) =>
        WithRelocationAsync(async (target, ct) => Remember(await target.Mapper.MapAsync(Request(), ct)), cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsMappedAsync(CancellationToken cancellationToken) =>
        WithRelocationAsync(
            async (target, ct) =>
            {
                var last = Last;
                if (last is null)
                {
                    return false;
                }

                var entry = await target.Client.GetSpecificPortMappingEntryAsync(last.ExternalPort, last.Protocol, cancellationToken: ct);
                return entry is not null
                    && entry.Enabled
                    && entry.InternalPort == last.InternalEndPoint.Port
                    && string.Equals(entry.InternalClient, last.InternalEndPoint.Address.ToString(), StringComparison.Ordinal);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<MappingResult> RemapAsync(CancellationToken cancellationToken) =>
        WithRelocationAsync(
            async (target, ct) =>
            {
                if (Last is { } last)
                {
                    try
                    {
                        await target.Mapper.UnmapAsync(last, ct);
                    }
                    catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException { Failure: not UpnpTransportFailure.ConnectFailed })
                    {
                        // The old mapping may be gone or unreachable; the add below is what matters.
                    }
                }

                return Remember(await target.Mapper.MapAsync(Request(), ct));
            },
            cancellationToken);

    /// <summary>Deletes the mappings made on the current service and releases the client.</summary>
    /// <summary>
    /// Forgets every mapping without deleting it: disposing sends nothing to the router any more (see
    /// <see cref="VirtualDevice.AbandonMappingsAsync"/>).
    /// </summary>
    public Task AbandonAsync() => Volatile.Read(ref _target).Mapper.AbandonAllAsync();

    public async ValueTask DisposeAsync()
    {
        var target = Volatile.Read(ref _target);
        await target.Mapper.DisposeAsync();
        target.Client.Dispose();
        _relocating.Dispose();
    }

    // Once mapped, ask for the external port already published: outside clients and the watchdog know the device by
    // it, and after a flush the device that asks for its old port first gets it back instead of taking a neighbour's
    // (who would then be found answering for the wrong device). The mapper's conflict fallbacks still apply.
    private MappingRequest Request() =>
        Last is { } last && last.ExternalPort != _request.ExternalPort ? _request with { ExternalPort = last.ExternalPort } : _request;

    private MappingResult Remember(MappingResult result)
    {
        Volatile.Write(ref _last, result);
        return result;
    }

    private async Task<T> WithRelocationAsync<T>(Func<Target, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var target = Volatile.Read(ref _target);
        try
        {
            return await operation(target, cancellationToken);
        }
        catch (UpnpTransportException ex) when (ex.Failure == UpnpTransportFailure.ConnectFailed && _locator is not null)
        {
            var moved = await RelocateAsync(target, cancellationToken);
            if (moved is null)
            {
                throw;
            }

            return await operation(moved, cancellationToken);
        }
    }

    // Returns the new target, or null when the router is still where it was (it is down, not moved).
    private async Task<Target?> RelocateAsync(Target failed, CancellationToken cancellationToken)
    {
        await _relocating.WaitAsync(cancellationToken);
        Target current;
        try
        {
            current = Volatile.Read(ref _target);
            if (!ReferenceEquals(current, failed))
            {
                return current; // another operation already moved on
            }

            GatewayService found;
            try
            {
                found = await _locator!.LocateAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is GatewayNotFoundException or Upnp.Description.UpnpDescriptionException)
            {
                return null;
            }

            if (found.ControlUrl == failed.Service.ControlUrl)
            {
                return null;
            }

            current = Connect(found);
            Volatile.Write(ref _target, current);
            Volatile.Write(ref _last, null);
        }
        finally
        {
            _relocating.Release();
        }

        await failed.Mapper.AbandonAllAsync(cancellationToken);
        await failed.Mapper.DisposeAsync();
        failed.Client.Dispose();
        ServiceMoved?.Invoke(failed.Service, current.Service);
        return current;
    }

    private Target Connect(GatewayService service)
    {
        var client = new IgdSoapClient(service.ControlUrl, service.ServiceType, _clientOptions, _time);
        return new Target(service, client, new PortMapper(client));
    }

    private sealed record Target(GatewayService Service, IgdSoapClient Client, PortMapper Mapper);
}
