using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// The protocol unit's mapping primitives that a <see cref="MappingStrategy"/> drives: the seam between the
/// keeping policy and the router. <see cref="SoapMappingActions"/> implements it over UPnP; tests use a fake.
/// </summary>
public interface IMappingActions
{
    /// <summary>Adds (or renews) the device's mapping and returns where the outside world reaches the service.</summary>
    Task<MappingResult> MapAsync(CancellationToken cancellationToken);

    /// <summary>Whether the router still holds the last mapping for this device (GetSpecificPortMappingEntry).</summary>
    /// <returns>False when nothing was mapped yet, the router has no entry, or the entry points elsewhere.</returns>
    Task<bool> IsMappedAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the last mapping (errors ignored) and adds it again: the cure for zombie mappings.</summary>
    Task<MappingResult> RemapAsync(CancellationToken cancellationToken);
}
