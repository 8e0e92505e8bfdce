namespace IgdLab.Device.Probe;

/// <summary>Where a <see cref="ProbeUnit"/>'s control channel stands.</summary>
public enum ProbeUnitState
{
    /// <summary>Created, not started.</summary>
    Idle,

    /// <summary>Connecting and answering the server's challenge.</summary>
    Connecting,

    /// <summary>Authenticated: reports go up, instructions come down.</summary>
    Connected,

    /// <summary>The channel dropped or could not be opened; waiting out the backoff before the next attempt.</summary>
    Reconnecting,

    /// <summary>The server rejected the device's key; waiting out the long authentication-failure delay.</summary>
    AuthenticationFailed,

    /// <summary>Disposed.</summary>
    Stopped,

    /// <summary>
    /// The server rejected the key before ever accepting it and <see cref="ProbeUnitOptions.StopIfKeyNeverAccepted"/> is
    /// set: the unit gave up and makes no further attempt.
    /// </summary>
    KeyRejected,
}
