namespace IgdLab.Igd.Ssdp;

/// <summary>One advertised target: the NT of a NOTIFY or the ST of a reply, and the USN that goes with it.</summary>
/// <param name="Target">The notification or search target, e.g. <c>upnp:rootdevice</c> or a type URN.</param>
/// <param name="UniqueServiceName">The USN, e.g. <c>uuid:X::upnp:rootdevice</c>.</param>
internal sealed record SsdpAdvertisement(string Target, string UniqueServiceName);
