using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Derives the seed of each random stream of a run (a fleet, a fault entry, a gateway, a probe unit) from the run's
/// seed and the stream's name, the same in every process.
/// </summary>
/// <remarks>
/// <see cref="HashCode"/> and <see cref="string.GetHashCode()"/> are randomized per process: a seed derived with them
/// gives another world in every run, so <c>--seed N</c> would not replay anything. A hash of the text does.
/// </remarks>
public static class SeedStreams
{
    /// <summary>The seed of the stream named by <paramref name="parts"/> within the run seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="parts">The stream's name, e.g. <c>"fleet", 0</c>; each part is written in the invariant culture.</param>
    /// <returns>A non-negative seed.</returns>
    public static int Derive(int seed, params ReadOnlySpan<object> parts)
    {
        var name = new StringBuilder("igdlab-seed/").Append(seed.ToString(CultureInfo.InvariantCulture));
        foreach (var part in parts)
        {
            name.Append('/').Append(Convert.ToString(part, CultureInfo.InvariantCulture));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name.ToString()));
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) & int.MaxValue);
    }
}
