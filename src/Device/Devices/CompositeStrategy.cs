using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// Several strategies keeping the same <see cref="MappingSession"/> (e.g. watchdog + events): one initial map, then
/// every part's triggers. Disposing the composite disposes the parts.
/// </summary>
public sealed class CompositeStrategy : MappingStrategy
{
    /// <summary>Combines <paramref name="parts"/>, which must all share one session.</summary>
    /// <exception cref="ArgumentException">No parts, or parts over different sessions.</exception>
    public CompositeStrategy(IReadOnlyList<MappingStrategy> parts, TimeProvider? timeProvider = null)
        : base(FirstSession(parts), timeProvider)
    {
        if (parts.Any(p => !ReferenceEquals(p.Session, Session)))
        {
            throw new ArgumentException("every part must keep the same MappingSession", nameof(parts));
        }

        Parts = parts;
    }

    /// <summary>The combined strategies.</summary>
    public IReadOnlyList<MappingStrategy> Parts { get; }

    /// <inheritdoc />
    public override bool TakesInstructions => Instructed is not null;

    // The part that answers the server's instructions, or null when none takes them.
    private MappingStrategy? Instructed => Parts.FirstOrDefault(p => p.TakesInstructions);

    /// <summary>Hands the instruction to the first part that takes instructions; without one, answers with a plain remap.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The new mapping; a failure is thrown.</returns>
    public override Task<MappingResult> OnRemapInstructionAsync(CancellationToken cancellationToken = default) =>
        Instructed is { } part ? part.OnRemapInstructionAsync(cancellationToken) : base.OnRemapInstructionAsync(cancellationToken);

    /// <inheritdoc />
    protected internal override void StartTriggers()
    {
        foreach (var part in Parts)
        {
            part.StartTriggers();
        }
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        foreach (var part in Parts)
        {
            await part.DisposeAsync();
        }
    }

    private static MappingSession FirstSession(IReadOnlyList<MappingStrategy> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("a composite needs at least one part", nameof(parts));
        }

        return parts[0].Session;
    }
}
