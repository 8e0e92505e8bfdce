using IgdLab.Device.Upnp.Description;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>One device that answered discovery, with what its description and probe said.</summary>
public sealed record IgdCandidate
{
    /// <summary>Its LOCATION.</summary>
    public required Uri Location { get; init; }

    /// <summary>The replies that named this LOCATION, in arrival order.</summary>
    public required IReadOnlyList<SsdpReply> Replies { get; init; }

    /// <summary>The parsed description; null when it could not be fetched or is not an IGD.</summary>
    public IgdDescription? Description { get; init; }

    /// <summary>Why <see cref="Description"/> is null.</summary>
    public UpnpDescriptionException? Failure { get; init; }

    /// <summary>What the probe said: true passed, false failed or threw, null not probed.</summary>
    public bool? ProbePassed { get; init; }

    /// <summary>Whether the description is a usable IGD.</summary>
    public bool IsIgd => Description is not null;
}
