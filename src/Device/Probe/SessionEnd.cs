namespace IgdLab.Device.Probe;

/// <summary>How one connection of a <see cref="ProbeUnit"/> ended, which decides the delay before the next.</summary>
internal sealed record SessionEnd(SessionEndKind Kind, string Reason, bool WasConnected)
{
    public static SessionEnd Failed(string reason) => new(SessionEndKind.Failed, reason, WasConnected: false);

    public static SessionEnd AuthenticationRejected(string reason) => new(SessionEndKind.AuthenticationFailed, reason, WasConnected: false);

    public static SessionEnd Dropped(string reason, bool replaced) =>
        new(replaced ? SessionEndKind.Replaced : SessionEndKind.Failed, replaced ? $"another channel of this device replaced this one; {reason}" : reason, WasConnected: true);
}

/// <summary>The kinds of <see cref="SessionEnd"/>.</summary>
internal enum SessionEndKind
{
    /// <summary>Could not connect, or the channel dropped: the reconnect backoff.</summary>
    Failed,

    /// <summary>The server rejected the key: the long delay.</summary>
    AuthenticationFailed,

    /// <summary>Another process holds this device's channel: the long delay, so the two do not take turns forever.</summary>
    Replaced,
}
