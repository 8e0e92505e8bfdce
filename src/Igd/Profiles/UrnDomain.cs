namespace IgdLab.Igd.Profiles;

/// <summary>The domain of the device and service type URNs.</summary>
public enum UrnDomain
{
    /// <summary><c>urn:schemas-upnp-org:…</c>, as UPnP defines.</summary>
    SchemasUpnpOrg,

    /// <summary><c>urn:dslforum-org:…</c>, the TR-064 names some DSL routers use for their IGD too.</summary>
    DslforumOrg,
}
