namespace IgdLab.Igd.Gena;

/// <summary>An evented service: its event path and a reader of every evented variable for the initial event.</summary>
internal sealed record GenaService(string EventPath, Func<IReadOnlyList<KeyValuePair<string, string>>> CurrentVariables);
