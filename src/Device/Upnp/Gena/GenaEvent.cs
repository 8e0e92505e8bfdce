namespace IgdLab.Device.Upnp.Gena;

/// <summary>One NOTIFY a subscription received: its sequence number and the variables it carried.</summary>
/// <param name="Sid">The subscription id.</param>
/// <param name="Sequence">SEQ: 0 for the initial event, then one more per message.</param>
/// <param name="Variables">The evented variables and their new values, in document order.</param>
/// <param name="ReceivedAt">When it arrived, by the subscriber's clock.</param>
public sealed record GenaEvent(string Sid, uint Sequence, IReadOnlyList<KeyValuePair<string, string>> Variables, DateTimeOffset ReceivedAt)
{
    /// <summary>The value of <paramref name="name"/> in this event, or null.</summary>
    public string? this[string name] => Variables.LastOrDefault(v => string.Equals(v.Key, name, StringComparison.Ordinal)).Value;
}
