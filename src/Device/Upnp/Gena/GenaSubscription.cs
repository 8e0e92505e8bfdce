namespace IgdLab.Device.Upnp.Gena;

/// <summary>A live subscription: its SID, the event URL, and the timeout the publisher granted.</summary>
public sealed record GenaSubscription(string Sid, Uri EventUrl, TimeSpan Granted, DateTimeOffset ExpiresAt);
