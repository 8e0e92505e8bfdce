namespace IgdLab.Igd.Profiles;

/// <summary>When the router answers an M-SEARCH.</summary>
public enum SsdpReplyTiming
{
    /// <summary>A search to the group after a random 0–MX s delay, a unicast search at once (UDA 1.1).</summary>
    RandomWithinMx,

    /// <summary>Every search at once, whatever MX says (miniupnpd answers in about 60 ms: <c>ssdp-immediate-reply</c>).</summary>
    Immediate,

    /// <summary>After 5–10 s, longer than most clients wait (D-Link DSL-2730E: <c>slow-reply</c>).</summary>
    Slow,

    /// <summary>Never: the router is found only through its NOTIFY announcements (<c>slow-reply</c>, NOTIFY only).</summary>
    NotifyOnly,
}
