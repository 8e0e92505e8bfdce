using System.Globalization;

namespace IgdLab.Protocols;

/// <summary>A count with its noun for people to read: <c>1 fault</c>, <c>2 faults</c>, <c>0 devices</c>.</summary>
public static class CountText
{
    /// <summary>
    /// <paramref name="count"/> and <paramref name="singular"/>, or <paramref name="plural"/> (the singular with an
    /// <c>s</c> when null) for any count but one. The noun may be several words: <c>Of(2, "scenario run")</c>.
    /// </summary>
    public static string Of(long count, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        var noun = count == 1 ? singular : plural ?? singular + "s";
        return string.Create(CultureInfo.InvariantCulture, $"{count} {noun}");
    }
}
