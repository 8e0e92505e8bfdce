using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>The draft profile while the probes fill it in, with what each key's value rests on.</summary>
internal sealed class FingerprintFindings(RouterProfile start)
{
    private readonly HashSet<string> _detected = [];
    private readonly Dictionary<string, string> _unknown = [];
    private readonly Dictionary<string, string> _notes = [];
    private readonly List<string> _probes = [];
    private readonly List<string> _remarks = [];

    public RouterProfile Profile { get; private set; } = start;

    public IReadOnlySet<string> Detected => _detected;

    public IReadOnlyDictionary<string, string> Unknown => _unknown;

    public IReadOnlyDictionary<string, string> Notes => _notes;

    public IReadOnlyList<string> Probes => _probes;

    public IReadOnlyList<string> Remarks => _remarks;

    /// <summary>Records that <paramref name="key"/> was observed and applies its value.</summary>
    public void Found(string key, Func<RouterProfile, RouterProfile> apply)
    {
        Profile = apply(Profile);
        _detected.Add(key);
        _unknown.Remove(key);
    }

    /// <summary>Applies a best guess for <paramref name="key"/> that is not certain enough to count as observed.</summary>
    public void Guessed(string key, Func<RouterProfile, RouterProfile> apply, string reason)
    {
        Profile = apply(Profile);
        _detected.Remove(key);
        _unknown[key] = reason;
    }

    /// <summary>Records that <paramref name="key"/> could not be determined; it keeps its default.</summary>
    public void NotFound(string key, string reason)
    {
        if (!_detected.Contains(key))
        {
            _unknown[key] = reason;
        }
    }

    /// <summary>Adds a remark to <paramref name="key"/>'s line.</summary>
    public void Note(string key, string note) => _notes[key] = _notes.TryGetValue(key, out var old) ? $"{old}; {note}" : note;

    /// <summary>Adds an observation that belongs to no profile key (e.g. whether QueryStateVariable is answered).</summary>
    public void Remark(string remark) => _remarks.Add(remark);

    /// <summary>Logs one probe and its answer for the summary.</summary>
    public void Probed(string line) => _probes.Add(line);
}
