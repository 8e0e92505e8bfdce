using System.Net.WebSockets;
using IgdLab.Contracts.Control;

namespace IgdLab.Device.Probe;

/// <summary>What one read from the control channel produced: a message, a frame that is not one, or the close.</summary>
internal abstract record ControlFrame
{
    /// <summary>A valid message.</summary>
    public sealed record Message(ControlMessage Value) : ControlFrame;

    /// <summary>A frame that is not a valid message (garbage, binary, oversized); the channel stays open.</summary>
    public sealed record Rejected(string Reason) : ControlFrame;

    /// <summary>The server closed the channel.</summary>
    public sealed record Closed(WebSocketCloseStatus? Status, string? Description) : ControlFrame;
}
