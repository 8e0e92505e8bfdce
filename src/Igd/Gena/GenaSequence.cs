namespace IgdLab.Igd.Gena;

/// <summary>The SEQ header of GENA event messages: 0 for the initial event, then +1 per message, skipping 0 on wrap.</summary>
internal static class GenaSequence
{
    /// <summary>The sequence number of the initial event sent right after a subscription.</summary>
    public const uint Initial = 0;

    /// <summary>The number after <paramref name="current"/>; 4294967295 wraps to 1 because 0 means "initial event".</summary>
    public static uint Next(uint current) => current == uint.MaxValue ? 1 : current + 1;
}
