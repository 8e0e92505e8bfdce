using System.Text;

namespace IgdLab.Device;

/// <summary>
/// A hash of text that is the same in every process (FNV-1a over its UTF-8 bytes), for seeds derived from a device id:
/// <see cref="string.GetHashCode()"/> changes between runs, and the same device should jitter the same way every time.
/// </summary>
internal static class StableHash
{
    private const uint Offset = 2166136261u;
    private const uint Prime = 16777619u;

    /// <summary>The FNV-1a hash of <paramref name="text"/> (null hashes like the empty string).</summary>
    public static int Of(string? text)
    {
        var hash = Offset;
        foreach (var b in Encoding.UTF8.GetBytes(text ?? ""))
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return unchecked((int)hash);
    }
}
