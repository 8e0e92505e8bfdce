using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Faults;

/// <summary>What a <see cref="GatewayFault"/> can do to the gateway: the one way faults reach its parts.</summary>
internal interface IGatewayFaultSurface
{
    /// <summary>BOOTID.UPNP.ORG now.</summary>
    int BootId { get; }

    /// <summary>The WAN address now.</summary>
    IPAddress WanAddress { get; }

    /// <summary>The root description URL now.</summary>
    Uri DescriptionUrl { get; }

    /// <summary>Drops the mapping at <paramref name="key"/>, or a random one when null; the key dropped, or null.</summary>
    MappingKey? DropMapping(MappingKey? key);

    /// <summary>Turns the mapping at <paramref name="key"/> (a random healthy one when null) into a zombie; its key, or null.</summary>
    MappingKey? ZombifyMapping(MappingKey? key);

    /// <summary>Drops every mapping; how many.</summary>
    int DropAllMappings();

    /// <summary>Expires every mapping that has a lease; how many.</summary>
    int ExpireLeases();

    /// <summary>Moves the WAN side to <paramref name="address"/> (the next bindable one when null); the new address.</summary>
    /// <exception cref="FaultRejectedException">The host cannot bind the address (or no next one): nothing changed.</exception>
    Task<IPAddress> ChangeWanAddressAsync(IPAddress? address);

    /// <summary>Refuses a WAN address the gateway could not forward on.</summary>
    /// <exception cref="FaultRejectedException">It is not IPv4, is the LAN address, or the host cannot bind it.</exception>
    void CheckWanAddress(IPAddress address);

    /// <summary>Reboots as <paramref name="reboot"/> says; returns once the router is back up.</summary>
    Task RebootAsync(Reboot reboot, CancellationToken cancellationToken);

    /// <summary>Stops answering SSDP and SOAP.</summary>
    Task DisableUpnpAsync();

    /// <summary>Answers SSDP and SOAP again.</summary>
    Task EnableUpnpAsync(CancellationToken cancellationToken);

    /// <summary>The next <paramref name="count"/> calls of <paramref name="action"/> (all when null) fail with <paramref name="code"/>.</summary>
    void InjectSoapError(string? action, int code, int count);

    /// <summary>Delays answers to <paramref name="action"/> (all when null); zero clears.</summary>
    void SetSoapDelay(TimeSpan delay, string? action);

    /// <summary>Turns NAT-PMP or PCP (<paramref name="protocol"/>) on or off.</summary>
    void SetPortControl(MappingOrigin protocol, bool enabled);

    /// <summary>Whether WAN changes and reboots go unannounced from now on.</summary>
    void SetAnnouncementsDropped(bool dropped);

    /// <summary>Forgets every injected SOAP error and delay.</summary>
    void ClearSoapFaults();

    /// <summary>Cuts the WAN link in <paramref name="direction"/> (<see cref="PartitionDirection.None"/> heals it); whether it was cut before.</summary>
    /// <exception cref="FaultRejectedException">The WAN is on kernel sockets, whose link IgdLab cannot cut.</exception>
    bool SetPartition(PartitionDirection direction);
}
