using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Ssdp;

/// <summary>One datagram a search is owed: what it advertises and the LOCATION it names.</summary>
internal sealed record SsdpReply(SsdpAdvertisement Advertisement, Uri Location);

/// <summary>
/// The replies a router owes a search under its discovery quirks: the UDA matches, the single non-IGD reply of a
/// router that answers <c>ssdp:all</c> with something else, and the IGD:1 twin of a dual-IGD router.
/// </summary>
internal static class SsdpReplyPlan
{
    /// <summary>The replies <paramref name="description"/> owes a search for <paramref name="searchTarget"/>; empty when none.</summary>
    public static IReadOnlyList<SsdpReply> For(SsdpDescription description, string searchTarget)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(searchTarget);
        var policy = description.Policy;
        if (policy.SsdpAll == SsdpAllAnswer.NonIgdOnly
            && description.NonIgdLocation is { } nonIgd
            && searchTarget.Equals(UpnpUrns.All, StringComparison.OrdinalIgnoreCase))
        {
            var udn = DescriptionWriter.NonIgdUdn(description.RootDevice.Udn);
            return [new(new(DescriptionWriter.NonIgdDeviceType, $"{udn}::{DescriptionWriter.NonIgdDeviceType}"), nonIgd)];
        }

        var replies = SsdpSearchTargets.Match(description.RootDevice, searchTarget, policy.OldStEcho)
            .Select(a => new SsdpReply(a, description.Location))
            .ToList();
        if (policy.DualIgd && description.Twin is { } twin)
        {
            replies.AddRange(SsdpSearchTargets.Match(twin.Root, searchTarget, policy.OldStEcho).Select(a => new SsdpReply(a, twin.Location)));
        }

        return replies;
    }
}
