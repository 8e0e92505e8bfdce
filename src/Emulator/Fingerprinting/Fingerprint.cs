using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>What probing an IGD found: a draft profile, which of its keys were observed and which were not.</summary>
internal sealed record Fingerprint
{
    /// <summary>The draft profile: observed keys set, every other key at its default.</summary>
    public required RouterProfile Profile { get; init; }

    /// <summary>The description URL that was probed.</summary>
    public required Uri DescriptionUrl { get; init; }

    /// <summary>The profile keys (dotted camelCase paths, e.g. <c>leases.maxSeconds</c>) whose value was observed.</summary>
    public required IReadOnlySet<string> Detected { get; init; }

    /// <summary>Keys that could not be determined, with the reason; they stay at their defaults.</summary>
    public required IReadOnlyDictionary<string, string> Unknown { get; init; }

    /// <summary>Remarks on observed keys (e.g. what QueryStateVariable did), for YAML comments.</summary>
    public required IReadOnlyDictionary<string, string> Notes { get; init; }

    /// <summary>Observations that belong to no profile key, for the YAML header.</summary>
    public required IReadOnlyList<string> Remarks { get; init; }

    /// <summary>One line per probe: what was sent and what came back.</summary>
    public required IReadOnlyList<string> Probes { get; init; }

    /// <summary>The probe mappings that could not be deleted again (normally empty).</summary>
    public required IReadOnlyList<string> Leftovers { get; init; }
}
