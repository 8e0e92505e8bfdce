using System.Globalization;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// Gateway groups (<c>id: home, count: 100</c>): the members' ids, and how a fleet behind a group is spread over them.
/// </summary>
public static class GatewayGroups
{
    /// <summary>The most gateways one group may have.</summary>
    public const int MaxCount = 10_000;

    /// <summary>
    /// The ids of a group's members: the name, a dash and the member's number from 1, zero-padded to the width of the
    /// count (<c>home-001</c> … <c>home-100</c>), so that they sort in order.
    /// </summary>
    /// <param name="name">The group's name.</param>
    /// <param name="count">How many members, at least 1.</param>
    /// <returns>The ids in order.</returns>
    public static IReadOnlyList<string> MemberIds(string name, int count)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var width = count.ToString(CultureInfo.InvariantCulture).Length;
        return [.. Enumerable.Range(1, count).Select(n => $"{name}-{n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}")];
    }

    /// <summary>
    /// The member a fleet's device stands behind: contiguous blocks in member order, sizes differing by at most one
    /// (the first <c>fleetSize % members</c> members take one more), so that device <c>n</c> of the fleet stays behind
    /// the same gateway whatever else the scenario holds.
    /// </summary>
    /// <param name="device">The device's index in its fleet, from 0.</param>
    /// <param name="fleetSize">How many devices the fleet has.</param>
    /// <param name="members">How many gateways the group has.</param>
    /// <returns>The member's index, from 0.</returns>
    public static int MemberOf(int device, int fleetSize, int members)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(device);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(device, fleetSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var small = fleetSize / members;
        var large = small + 1;
        var largeMembers = fleetSize % members;
        var inLarge = largeMembers * large;
        return device < inLarge ? device / large : largeMembers + ((device - inLarge) / small);
    }
}
