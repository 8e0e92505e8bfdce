namespace IgdLab.Igd.Gena;

/// <summary>One queued NOTIFY for one subscription: its SEQ and the property set body.</summary>
internal readonly record struct GenaNotification(uint Sequence, string Body);
