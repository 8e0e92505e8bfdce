namespace IgdLab.Igd.Faults;

/// <summary>What applying a fault did.</summary>
/// <param name="Applied">False when the fault found nothing to act on (no mapping to drop).</param>
/// <param name="Description">A line describing what was done, for logs and the control API.</param>
public sealed record FaultOutcome(bool Applied, string Description)
{
    /// <summary>The fault took effect.</summary>
    public static FaultOutcome Done(string description) => new(true, description);

    /// <summary>The fault found nothing to act on.</summary>
    public static FaultOutcome NothingToDo(string description) => new(false, description);

    /// <inheritdoc />
    public override string ToString() => Description;
}
