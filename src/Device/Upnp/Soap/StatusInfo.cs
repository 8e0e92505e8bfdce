namespace IgdLab.Device.Upnp.Soap;

/// <summary>The answer of GetStatusInfo: the WAN connection's state.</summary>
public sealed record StatusInfo
{
    /// <summary>The connection status, e.g. <c>Connected</c>, <c>Disconnected</c>, <c>Connecting</c>.</summary>
    public required string ConnectionStatus { get; init; }

    /// <summary>The last connection error, e.g. <c>ERROR_NONE</c>.</summary>
    public string LastConnectionError { get; init; } = "";

    /// <summary>How long the WAN connection has been up.</summary>
    public TimeSpan Uptime { get; init; }

    /// <summary>Whether <see cref="ConnectionStatus"/> is <c>Connected</c>.</summary>
    public bool IsConnected => string.Equals(ConnectionStatus, "Connected", StringComparison.OrdinalIgnoreCase);
}
