using IgdLab.Igd.Description;

namespace IgdLab.Igd.Ssdp;

/// <summary>
/// Which advertisements a device tree makes and which of them answer a search target, with the version rules of
/// UDA 1.1 §1.3.2: a type is found for any version up to the one served, and the reply echoes the version asked for.
/// </summary>
internal static class SsdpSearchTargets
{
    private const string UuidPrefix = "uuid:";

    /// <summary>
    /// Every advertisement of <paramref name="root"/>, in the order a NOTIFY burst sends them: <c>upnp:rootdevice</c>,
    /// then for each device depth first its UDN and type, then the service types not advertised before.
    /// </summary>
    public static IReadOnlyList<SsdpAdvertisement> Advertisements(DeviceNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var advertisements = new List<SsdpAdvertisement> { new(UpnpUrns.RootDevice, $"{root.Udn}::{UpnpUrns.RootDevice}") };
        var serviceTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in root.SelfAndDescendants())
        {
            advertisements.Add(new(device.Udn, device.Udn));
            advertisements.Add(new(device.DeviceType, $"{device.Udn}::{device.DeviceType}"));
            foreach (var service in device.Services.Where(s => serviceTypes.Add(s.ServiceType)))
            {
                advertisements.Add(new(service.ServiceType, $"{device.Udn}::{service.ServiceType}"));
            }
        }

        return advertisements;
    }

    /// <summary>The replies <paramref name="root"/> owes a search for <paramref name="searchTarget"/>; empty when none.</summary>
    /// <param name="root">The device tree searched.</param>
    /// <param name="searchTarget">The ST of the search.</param>
    /// <param name="echoServedVersion">
    /// The <c>old-st-echo</c> quirk: a type is found whatever version is asked for, and the reply's ST names the version served.
    /// </param>
    public static IReadOnlyList<SsdpAdvertisement> Match(DeviceNode root, string searchTarget, bool echoServedVersion = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(searchTarget);
        if (searchTarget.Equals(UpnpUrns.All, StringComparison.OrdinalIgnoreCase))
        {
            return Advertisements(root);
        }

        // Echo the target byte for byte: goupnp drops any reply whose ST differs from what it sent.
        if (searchTarget.Equals(UpnpUrns.RootDevice, StringComparison.OrdinalIgnoreCase))
        {
            return [new(searchTarget, $"{root.Udn}::{UpnpUrns.RootDevice}")];
        }

        if (searchTarget.StartsWith(UuidPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return
            [
                .. root.SelfAndDescendants()
                    .Where(d => d.Udn.Equals(searchTarget, StringComparison.OrdinalIgnoreCase))
                    .Select(d => new SsdpAdvertisement(searchTarget, d.Udn)),
            ];
        }

        return MatchType(root, searchTarget, echoServedVersion);
    }

    private static List<SsdpAdvertisement> MatchType(DeviceNode root, string searchTarget, bool echoServedVersion)
    {
        var matches = new List<SsdpAdvertisement>();
        if (!UpnpUrns.TrySplitVersion(searchTarget, out var wantedType, out var wantedVersion))
        {
            return matches;
        }

        var serviceTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in root.SelfAndDescendants())
        {
            var served = device.Services.Where(s => serviceTypes.Add(s.ServiceType)).Select(s => s.ServiceType).Prepend(device.DeviceType);
            foreach (var type in served.Where(t => Serves(t, wantedType, echoServedVersion ? 1 : wantedVersion)))
            {
                var target = echoServedVersion ? type : searchTarget;
                matches.Add(new(target, $"{device.Udn}::{target}"));
            }
        }

        return matches;
    }

    private static bool Serves(string servedUrn, string wantedType, int wantedVersion) =>
        UpnpUrns.TrySplitVersion(servedUrn, out var type, out var version)
        && type.Equals(wantedType, StringComparison.Ordinal)
        && wantedVersion <= version;
}
