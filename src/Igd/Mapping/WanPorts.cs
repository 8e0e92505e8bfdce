namespace IgdLab.Igd.Mapping;

/// <summary>The WAN port numbers a mapping may take, and the order in which a free one is looked for.</summary>
internal static class WanPorts
{
    /// <summary>The lowest port AddAnyPortMapping hands out on its own (the well-known ports stay reserved).</summary>
    public const int LowestAny = 1024;

    /// <summary>The highest port number.</summary>
    public const int Highest = 65535;

    /// <summary>The requested port, then its neighbours at growing distance (up, then down) within the range.</summary>
    public static IEnumerable<int> OutwardFrom(int first)
    {
        yield return first;
        for (var distance = 1; distance <= Highest; distance++)
        {
            var up = first + distance;
            var down = first - distance;
            if (up > Highest && down < LowestAny)
            {
                yield break;
            }

            if (up <= Highest)
            {
                yield return up;
            }

            if (down >= LowestAny)
            {
                yield return down;
            }
        }
    }
}
