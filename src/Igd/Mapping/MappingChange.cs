using IgdLab.Igd.Events;

namespace IgdLab.Igd.Mapping;

/// <summary>
/// One committed change of the <see cref="MappingTable"/>, delivered to its listeners after the table's lock is
/// released and in commit order. <see cref="At"/> is stamped under the lock: a change that breaks a mapping (removed,
/// zombified) is stamped before its listener closed, so no probe can find it gone at a time before the change says.
/// </summary>
/// <param name="Kind">What changed.</param>
/// <param name="Mapping">The mapping as it is now (for a removal: as it was).</param>
/// <param name="Previous">For <see cref="MappingChangeKind.Updated"/>: the mapping before the change.</param>
/// <param name="Reason">For <see cref="MappingChangeKind.Removed"/>: why it left; for a mapping turned zombie: why it stopped forwarding.</param>
/// <param name="At">When the change happened, from the table's clock.</param>
internal sealed record MappingChange(MappingChangeKind Kind, PortMapping Mapping, PortMapping? Previous, RemovalReason? Reason, DateTimeOffset At);
